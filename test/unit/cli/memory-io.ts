import { Readable, Writable } from 'node:stream';
import type { Io } from '../../../cli/io.ts';

/** In-memory stdin/stdout/stderr for running commands in-process. */
export function memoryIo(input = '') {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      into.push(chunk.toString());
      cb();
    },
  });
  const io: Io = { stdin: Readable.from([Buffer.from(input)]), stdout: sink(out), stderr: sink(err) };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
