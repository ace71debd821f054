import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WATCHDOG = fileURLToPath(new URL('./watchdog.mjs', import.meta.url));
const OUTPUT_TAIL_CHARS = 8_192;

export interface SupervisedProcess {
  readonly pid: number;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few KiB of its stdout and stderr, for error messages. */
  output(): string;
  /** SIGTERM (the watchdog escalates to SIGKILL after 5 s); resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

/** Thrown when the command itself cannot be started (for example `java` is not installed). */
export class CommandNotFoundError extends Error {
  constructor(readonly command: string, readonly code: string | null, message: string) {
    super(message);
    this.name = 'CommandNotFoundError';
  }
}

type WatchdogMessage = { type: 'spawned'; pid: number } | { type: 'error'; code: string | null; message: string };

/**
 * Starts `command` under `watchdog.mjs`, in its own process group so that a Ctrl-C in the
 * terminal reaches only our process, which then stops its children in order. The command also
 * stops when this process exits or dies.
 */
export function spawnSupervised(command: string, args: readonly string[], cwd?: string): Promise<SupervisedProcess> {
  const child = spawn(process.execPath, [WATCHDOG, command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
    ...(cwd ? { cwd } : {}),
  });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message: WatchdogMessage) => {
      if (message.type === 'error') {
        reject(new CommandNotFoundError(command, message.code, message.message));
        return;
      }
      resolve(handle(child, message.pid, exited, () => tail));
    });
    void exited.then(({ code }) => reject(new Error(`${command} exited with code ${code} before starting:\n${tail}`)));
  });
}

function handle(
  child: ChildProcess,
  pid: number,
  exited: SupervisedProcess['exited'],
  output: () => string,
): SupervisedProcess {
  let stopping: Promise<void> | undefined;
  return {
    pid,
    exited,
    output,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        // Last resort, after the watchdog's own 5 s escalation had its chance.
        const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
