/**
 * gzip (codec 1): RFC 1952 members, as Java's GZIPOutputStream writes them. node:zlib on both
 * sides; with its default options our output is byte-identical to KafkaJS's.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { malformed, tooLarge } from './limit.ts';

export function gzipCompress(data: Buffer): Buffer {
  return gzipSync(data);
}

export function gzipDecompress(data: Buffer, maxBytes: number): Buffer {
  try {
    // zlib checks maxOutputLength chunk by chunk, so it stops early on a bomb.
    return gunzipSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('gzip', maxBytes);
    throw malformed('gzip', e);
  }
}
