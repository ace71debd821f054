/**
 * What a command touches besides the service: three streams. Commands take them as arguments so
 * tests run them in-process with memory streams.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Exit codes: 0 ok, 1 the service (or the way to it) failed, 2 the command line is wrong, 130 Ctrl-C. */
export const EXIT = { ok: 0, serviceError: 1, usage: 2, interrupted: 130 } as const;

/** A command-line mistake: printed as `error: …`, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Writes, waiting for the stream to drain when its buffer is full. */
export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * The lines of a stream, without their `\n` / `\r\n`; a last line without newline counts. The
 * signal ends the iteration early (Ctrl-C while reading a terminal or a slow pipe).
 */
export function lines(stream: NodeJS.ReadableStream, signal?: AbortSignal): AsyncIterable<string> {
  return createInterface({ input: stream, crlfDelay: Infinity, ...(signal ? { signal } : {}) });
}
