/**
 * The compression codec ids of the batch attributes (bits 0-2), as Kafka numbers them.
 */
import { SluiceError } from '../../api/errors.ts';
import type { Compression } from '../types.ts';

const BY_CODE: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

const CODES: Readonly<Record<Compression, number>> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

/** The codec of attribute bits `code`; `at` is the byte of the attributes, for the message. */
export function compressionFromCode(code: number, at: number): Compression {
  const c = BY_CODE[code];
  if (c === undefined) {
    throw new SluiceError('UNSUPPORTED_COMPRESSION', `unknown compression codec ${code} in the attributes at byte ${at}`);
  }
  return c;
}

export function codeOfCompression(c: Compression): number {
  const code = Object.hasOwn(CODES, c) ? CODES[c] : undefined;
  if (code === undefined) {
    throw new SluiceError('UNSUPPORTED_COMPRESSION', `unknown compression ${JSON.stringify(c)}; use none, gzip, snappy, lz4 or zstd`);
  }
  return code;
}
