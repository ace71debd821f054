/**
 * In-place edits of a stored batch, for the produce and fetch paths.
 *
 * - baseOffset is outside the CRC (it covers attributes..end), so the read path patches the
 *   committed offset into a batch stored before its offset was known, without touching the CRC.
 * - LogAppendTime sets attributes bit 3 and maxTimestamp, both inside the CRC: the CRC is checked
 *   first (a corrupt batch is never given a fresh valid CRC), then recomputed.
 */
import { SluiceError } from '../api/errors.ts';
import { crc32c } from './crc32c.ts';
import { ATTRIBUTES_OFFSET, CRC_OFFSET, LOG_OVERHEAD, MAX_TIMESTAMP_OFFSET, TIMESTAMP_TYPE_MASK, checkBatchBounds } from './header.ts';
import { verifyBatchCrc } from './validate.ts';
import { writeInt64 } from './varint.ts';

export function setBaseOffset(buf: Buffer, pos: number, baseOffset: number): void {
  checkBatchBounds(buf, pos);
  if (!Number.isSafeInteger(baseOffset) || baseOffset < 0) {
    throw new SluiceError('INVALID_OFFSET', `base offset must be a non-negative safe integer, got ${baseOffset}`);
  }
  writeInt64(buf, pos, baseOffset);
}

export function setLogAppendTime(buf: Buffer, pos: number, time: number): void {
  const batchLength = checkBatchBounds(buf, pos);
  if (!Number.isSafeInteger(time) || time < 0) {
    throw new SluiceError('INVALID_TIMESTAMP', `log-append time must be a non-negative safe integer (ms), got ${time}`);
  }
  verifyBatchCrc(buf, pos, batchLength);
  const attrAt = pos + ATTRIBUTES_OFFSET;
  buf.writeInt16BE(buf.readInt16BE(attrAt) | TIMESTAMP_TYPE_MASK, attrAt);
  writeInt64(buf, pos + MAX_TIMESTAMP_OFFSET, time);
  buf.writeUInt32BE(crc32c(buf.subarray(attrAt, pos + LOG_OVERHEAD + batchLength)), pos + CRC_OFFSET);
}
