/** Process entry of the `sluice` command: wires the real stdin/stdout, environment and Ctrl-C to `run`. */
import { run } from './program.ts';

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());
// `sluice consume … | head` closes our stdout early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, {
  env: process.env,
  signal: interrupt.signal,
});
