/**
 * Running the real Kafka clients as child processes. Every failure message carries the command
 * line and what the client printed, so a red test says what the client saw, not just "exit 1".
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. */
  input?: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** The command as one could paste it into a shell, for failure messages. */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}

function tail(text: string, max = 4_000): string {
  return text.length <= max ? text : `…${text.slice(-max)}`;
}

export function describeRun(command: string, args: readonly string[], r: RunResult): string {
  return [
    `$ ${commandLine(command, args)}`,
    `exit ${r.code ?? r.signal}`,
    `--- stdout\n${tail(r.stdout)}`,
    `--- stderr\n${tail(r.stderr)}`,
  ].join('\n');
}

/** Runs to completion; a client that hangs past the timeout is killed and reported. */
export async function run(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const child = spawn(command, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {});
  child.stdin.end(opts.input ?? '');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs);
  const result = await new Promise<RunResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  }).finally(() => clearTimeout(timer));
  if (timedOut) throw new Error(`client timed out after ${opts.timeoutMs} ms\n${describeRun(command, args, result)}`);
  return result;
}

/** Runs to completion and insists on exit 0. */
export async function runOk(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const r = await run(command, args, opts);
  if (r.code !== 0) throw new Error(`client failed\n${describeRun(command, args, r)}`);
  return r;
}

/**
 * A client that keeps running (a group member): its output is collected line by line while the
 * test waits for conditions on it, sends it commands on stdin, and finally stops it.
 */
export class LiveProcess {
  readonly stdoutLines: string[] = [];
  readonly stderrLines: string[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private exit: Promise<RunResult>;
  private exited = false;

  constructor(
    readonly command: string,
    readonly args: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.on('error', () => {});
    collectLines(this.child.stdout, this.stdoutLines);
    collectLines(this.child.stderr, this.stderrLines);
    this.exit = new Promise<RunResult>((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => {
        this.exited = true;
        resolve({ code, signal, stdout: this.stdoutLines.join('\n'), stderr: this.stderrLines.join('\n') });
      });
    });
    // Collected by stop() or by a failed wait; an unobserved failure must not crash the run.
    this.exit.catch(() => {});
  }

  get running(): boolean {
    return !this.exited;
  }

  /** What the client printed so far, for failure messages. */
  describe(): string {
    return describeRun(this.command, this.args, {
      code: this.child.exitCode,
      signal: this.child.signalCode,
      stdout: this.stdoutLines.join('\n'),
      stderr: this.stderrLines.join('\n'),
    });
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Polls `probe` until it returns a value; fails with the client's output after `timeoutMs`. */
  async waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (this.exited) throw new Error(`client exited while waiting for ${what}\n${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.describe()}`);
      await sleep(50);
    }
  }

  /** Asks the client to stop (a line on stdin, or a signal) and waits for it; kills it past the timeout. */
  async stop(how: { line: string } | { signal: NodeJS.Signals }, timeoutMs: number): Promise<RunResult> {
    if (this.exited) return this.exit;
    if ('line' in how) this.send(how.line);
    else this.child.kill(how.signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** For afterEach: never leaves a client running behind a failed test. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    into.push(...parts);
  });
  stream.on('end', () => {
    if (partial !== '') into.push(partial);
  });
}
