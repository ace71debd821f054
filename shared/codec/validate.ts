/**
 * Validation of client-encoded batches before they are stored as received (invariant 5): every
 * byte of the input must belong to a well-formed RecordBatch v2 whose CRC-32C matches. The CRC is
 * checked before the attributes are interpreted, so a flipped bit anywhere in attributes..end is
 * reported as CORRUPT_BATCH, not as some other complaint about the damaged field.
 */
import { SluiceError } from '../api/errors.ts';
import { crc32c } from './crc32c.ts';
import { ATTRIBUTES_OFFSET, CRC_OFFSET, LOG_OVERHEAD, RECORDS_OFFSET, checkBatchBounds, readBatchHeader } from './header.ts';
import type { BatchHeader } from './types.ts';

function corrupt(message: string): never {
  throw new SluiceError('CORRUPT_BATCH', message);
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** Checks the CRC-32C of the batch at `pos`, whose bounds checkBatchBounds already checked. */
export function verifyBatchCrc(buf: Buffer, pos: number, batchLength: number): void {
  const end = pos + LOG_OVERHEAD + batchLength;
  const stored = buf.readUInt32BE(pos + CRC_OFFSET);
  const actual = crc32c(buf.subarray(pos + ATTRIBUTES_OFFSET, end));
  if (stored !== actual) {
    corrupt(`CRC-32C mismatch in the batch at byte ${pos}: stored ${hex(stored)}, bytes ${pos + ATTRIBUTES_OFFSET}..${end} give ${hex(actual)}`);
  }
}

/**
 * Walks the concatenated batches that must cover all of `buf`, checking each one's length,
 * magic, CRC, recordCount >= 1 and lastOffsetDelta == recordCount - 1 (uncompacted input).
 * Returns their headers in order; throws CORRUPT_BATCH saying what is wrong and at which byte.
 */
export function validateBatches(buf: Buffer): BatchHeader[] {
  if (buf.length === 0) corrupt('empty input: expected at least one record batch');
  const headers: BatchHeader[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (headers.length > 0 && buf.length - pos < RECORDS_OFFSET) {
      corrupt(`${buf.length - pos} trailing bytes after the last batch, at byte ${pos}`);
    }
    const batchLength = checkBatchBounds(buf, pos);
    verifyBatchCrc(buf, pos, batchLength);
    const h = readBatchHeader(buf, pos);
    if (h.recordCount < 1) corrupt(`batch at byte ${pos} has recordCount ${h.recordCount}; a batch holds at least one record`);
    if (h.lastOffsetDelta !== h.recordCount - 1) {
      corrupt(`batch at byte ${pos} has lastOffsetDelta ${h.lastOffsetDelta} but ${h.recordCount} records (expected ${h.recordCount - 1})`);
    }
    headers.push(h);
    pos += h.size;
  }
  return headers;
}
