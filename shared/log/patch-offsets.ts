import { SluiceError } from '../api/errors.ts';
import { readBatchHeader, setBaseOffset } from '../codec/index.ts';
import type { IndexEntry } from './ports.ts';

/**
 * Writes the real base offsets into an entry's stored batches (invariant 5: baseOffset is outside
 * the CRC, so the produce path could store the batches before their offsets were known).
 */
export function patchOffsets(bytes: Buffer, entry: IndexEntry): void {
  let pos = 0;
  let offset = entry.baseOffset;
  while (pos < bytes.length) {
    const header = readBatchHeader(bytes, pos);
    setBaseOffset(bytes, pos, offset);
    offset += header.lastOffsetDelta + 1;
    pos += header.size;
  }
  if (pos !== bytes.length || offset !== entry.baseOffset + entry.count) {
    throw new SluiceError(
      'INTERNAL',
      `stored batches of partition ${entry.partition} at offset ${entry.baseOffset} do not match their index entry`,
    );
  }
}
