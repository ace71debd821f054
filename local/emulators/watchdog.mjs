// Runs one command and ties its life to the parent's. Node cannot ask Linux to kill a child when
// the parent dies (no PR_SET_PDEATHSIG), so a parent killed with SIGKILL would leave a 300 MB
// JVM behind. The IPC channel closes whenever the parent goes, however it goes; on that, or on
// SIGTERM, the command gets SIGTERM, then SIGKILL after a grace period.
//
// Usage (from a parent with an IPC channel): node watchdog.mjs <command> [args...]
// Messages to the parent: {type:'spawned', pid} or {type:'error', code, message}.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node watchdog.mjs <command> [args...]');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function send(message, then) {
  if (process.connected) process.send(message, then);
  else then?.();
}

function stop() {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
}

child.on('spawn', () => send({ type: 'spawned', pid: child.pid }));
child.on('error', (err) => {
  send({ type: 'error', code: err.code ?? null, message: err.message }, () => process.exit(127));
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
