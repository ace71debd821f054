/**
 * Errors shared by the codecs. A codec stops as soon as its output would pass `maxBytes`, so a
 * small hostile batch (a "decompression bomb") costs at most maxBytes of memory, never more.
 */
import { SluiceError } from '../../api/errors.ts';

export function tooLarge(codec: string, maxBytes: number): SluiceError {
  return new SluiceError(
    'CORRUPT_BATCH',
    `${codec} records decompress to more than ${maxBytes} bytes (maxUncompressedBytes)`,
  );
}

/** Wraps a codec library's own error (bad magic, bad checksum, truncated stream) as CORRUPT_BATCH. */
export function malformed(codec: string, e: unknown): SluiceError {
  if (e instanceof SluiceError) return e;
  const reason = e instanceof Error ? e.message : String(e);
  return new SluiceError('CORRUPT_BATCH', `${codec} records do not decompress: ${reason}`);
}
