/**
 * zstd (codec 4): RFC 8878 frames. Kafka's Java client writes them with zstd-jni's
 * ZstdOutputStream: a streaming frame with no content-size field, level 3.
 *
 * Two backends, picked once at load:
 * - node:zlib's zstd (Node >= 22.15, so the Lambda nodejs22.x runtime): libzstd itself, native,
 *   bounded by maxOutputLength.
 * - elsewhere (Node 20, the local stack and CI): fzstd, a pure-JS decoder, for decoding; and, for
 *   encoding, frames of stored ("raw") blocks, which every zstd decoder reads but which do not
 *   shrink the data. See docs/codec.md for why no wasm or native encoder is used on Node 20.
 *
 * Before fzstd runs, zstd-frames.ts walks the frame headers: a declared content size past
 * maxBytes, or a window past 2^27 (libzstd's default limit), is refused before any allocation.
 */
import * as zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import { malformed, tooLarge } from './limit.ts';
import { checkZstdFrames, rawZstdFrame } from './zstd-frames.ts';

interface ZlibZstd {
  zstdCompressSync?: (data: Buffer) => Buffer;
  zstdDecompressSync?: (data: Buffer, options: { maxOutputLength: number }) => Buffer;
}

const native = zlib as unknown as ZlibZstd;
const nativeCompress = native.zstdCompressSync;
const nativeDecompress = native.zstdDecompressSync;

/** Which implementation this process uses: for the benchmark and the docs, not for logic. */
export const zstdBackend: 'node:zlib' | 'fzstd + stored blocks' =
  nativeCompress && nativeDecompress ? 'node:zlib' : 'fzstd + stored blocks';

export function zstdCompress(data: Buffer): Buffer {
  return nativeCompress ? nativeCompress(data) : rawZstdFrame(data);
}

export function zstdDecompress(data: Buffer, maxBytes: number): Buffer {
  if (nativeDecompress) {
    try {
      return nativeDecompress(data, { maxOutputLength: Math.max(1, maxBytes) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('zstd', maxBytes);
      throw malformed('zstd', e);
    }
  }
  return fzstdDecompress(data, maxBytes);
}

function fzstdDecompress(data: Buffer, maxBytes: number): Buffer {
  try {
    checkZstdFrames(data, maxBytes);
    const chunks: Uint8Array[] = [];
    let total = 0;
    const stream = new Decompress((chunk) => {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge('zstd', maxBytes);
      chunks.push(chunk);
    });
    stream.push(data, true);
    const out = Buffer.allocUnsafe(total);
    let pos = 0;
    for (const c of chunks) {
      out.set(c, pos);
      pos += c.length;
    }
    return out;
  } catch (e) {
    throw malformed('zstd', e);
  }
}
