import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from './emulator.ts';

const CHILD = fileURLToPath(new URL('./s3rver-child.mjs', import.meta.url));
const HOST = '127.0.0.1';

/** s3rver accepts only these credentials (it checks signatures). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3rverOptions {
  /** Where objects are kept (created if missing). Data survives restarts. */
  directory: string;
  /** Port to listen on; 0 (the default) lets the OS pick. */
  port?: number;
  startTimeoutMs?: number;
}

type ChildMessage = { type: 'listening'; port: number } | { type: 'error'; message: string };

/**
 * Starts s3rver in a child `node --openssl-legacy-provider` process (see s3rver-child.mjs for
 * why) and resolves once it listens. The child stops when this process exits or dies.
 */
export async function startS3rver(options: S3rverOptions): Promise<Emulator> {
  const directory = resolve(options.directory);
  await mkdir(directory, { recursive: true });
  const config = JSON.stringify({ port: options.port ?? 0, address: HOST, directory });
  const child = spawn(process.execPath, ['--openssl-legacy-provider', CHILD, config], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-8_192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`s3rver did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`)), options.startTimeoutMs ?? 30_000);
    child.once('error', fail);
    child.once('message', (message: ChildMessage) => {
      clearTimeout(timer);
      if (message.type === 'listening') done(message.port);
      else fail(new Error(`s3rver failed to start: ${message.message}\n${output}`));
    });
    void exited.then(() => fail(new Error(`s3rver exited before it started:\n${output}`)));
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });

  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${HOST}:${port}`,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
