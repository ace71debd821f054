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

/**
 * Checks a segment chunk's batches instead of patching them: they carry their real base offsets
 * already, ascending inside the chunk's range. On a compacted topic offsets may be missing between
 * batches (a batch whose records all went) and inside them (Kafka's cleaner keeps a batch's base
 * offset and last offset delta, and the surviving records' deltas).
 */
export function checkSegmentOffsets(bytes: Buffer, entry: IndexEntry): void {
  let pos = 0;
  let next = entry.baseOffset;
  const end = entry.baseOffset + entry.count;
  while (pos < bytes.length) {
    const header = readBatchHeader(bytes, pos);
    const last = header.baseOffset + header.lastOffsetDelta;
    if (header.baseOffset < next || last >= end) {
      throw new SluiceError('INTERNAL', `segment batch at offset ${header.baseOffset} of partition ${entry.partition} is outside its chunk [${entry.baseOffset}, ${end})`);
    }
    next = last + 1;
    pos += header.size;
  }
  if (pos !== bytes.length) throw new SluiceError('INTERNAL', `segment chunk of partition ${entry.partition} at offset ${entry.baseOffset} does not end on a batch`);
}
