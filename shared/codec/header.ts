/**
 * The RecordBatch v2 header (Kafka's DefaultRecordBatch), big-endian:
 *
 *   offset  size  field
 *        0     8  baseOffset            int64
 *        8     4  batchLength           int32  bytes after this field (whole batch = batchLength + 12)
 *       12     4  partitionLeaderEpoch  int32
 *       16     1  magic                 int8   = 2
 *       17     4  crc                   uint32 CRC-32C of bytes [21, end)
 *       21     2  attributes            int16  bits 0-2 compression (0 none, 1 gzip, 2 snappy,
 *                                              3 lz4, 4 zstd), bit 3 timestampType (1 = logAppend),
 *                                              bit 4 transactional, bit 5 control
 *       23     4  lastOffsetDelta       int32
 *       27     8  baseTimestamp         int64
 *       35     8  maxTimestamp          int64
 *       43     8  producerId            int64
 *       51     2  producerEpoch         int16
 *       53     4  baseSequence          int32
 *       57     4  recordCount           int32
 *       61        records (compressed as one stream when compression != none; the count stays outside)
 */
import { SluiceError } from '../api/errors.ts';
import { compressionFromCode } from './compression/codes.ts';
import type { BatchHeader } from './types.ts';
import { readInt64 } from './varint.ts';

export const MAGIC = 2;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const LOG_OVERHEAD = 12;
/** Bytes before the first record. */
export const RECORDS_OFFSET = 61;

export const BASE_OFFSET_OFFSET = 0;
export const LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORD_COUNT_OFFSET = 57;

export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_MASK = 0x10;
export const CONTROL_MASK = 0x20;

function corrupt(message: string): never {
  throw new SluiceError('CORRUPT_BATCH', message);
}

/**
 * Checks that a whole batch starts at `pos` (enough bytes for its header and for the length it
 * declares, magic 2) and returns the batchLength. Shared by every reader of batches.
 */
export function checkBatchBounds(buf: Buffer, pos: number): number {
  if (!Number.isInteger(pos) || pos < 0 || pos > buf.length) {
    corrupt(`batch position ${pos} is outside the buffer of ${buf.length} bytes`);
  }
  const left = buf.length - pos;
  if (left < RECORDS_OFFSET) {
    corrupt(`truncated batch at byte ${pos}: ${left} bytes left, a batch header takes ${RECORDS_OFFSET}`);
  }
  const batchLength = buf.readInt32BE(pos + LENGTH_OFFSET);
  if (batchLength < RECORDS_OFFSET - LOG_OVERHEAD) {
    corrupt(`batch at byte ${pos} declares batchLength ${batchLength}, less than its ${RECORDS_OFFSET - LOG_OVERHEAD}-byte header`);
  }
  if (batchLength > left - LOG_OVERHEAD) {
    corrupt(`truncated batch at byte ${pos}: it declares ${batchLength + LOG_OVERHEAD} bytes, ${left} are left`);
  }
  const magic = buf.readInt8(pos + MAGIC_OFFSET);
  if (magic !== MAGIC) {
    corrupt(`batch at byte ${pos} has magic ${magic} at byte ${pos + MAGIC_OFFSET}; only RecordBatch v2 (magic 2) is supported`);
  }
  return batchLength;
}

/** Reads the header of the batch at `pos`. Checks bounds and magic, not the CRC. */
export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  const batchLength = checkBatchBounds(buf, pos);
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  const compression = compressionFromCode(attributes & COMPRESSION_MASK, pos + ATTRIBUTES_OFFSET);
  return {
    baseOffset: readInt64(buf, pos + BASE_OFFSET_OFFSET),
    batchLength,
    size: batchLength + LOG_OVERHEAD,
    partitionLeaderEpoch: buf.readInt32BE(pos + PARTITION_LEADER_EPOCH_OFFSET),
    magic: MAGIC,
    crc: buf.readUInt32BE(pos + CRC_OFFSET),
    attributes,
    compression,
    timestampType: attributes & TIMESTAMP_TYPE_MASK ? 'logAppend' : 'create',
    transactional: (attributes & TRANSACTIONAL_MASK) !== 0,
    control: (attributes & CONTROL_MASK) !== 0,
    lastOffsetDelta: buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET),
    baseTimestamp: readInt64(buf, pos + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: readInt64(buf, pos + MAX_TIMESTAMP_OFFSET),
    producerId: readInt64(buf, pos + PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(pos + BASE_SEQUENCE_OFFSET),
    recordCount: buf.readInt32BE(pos + RECORD_COUNT_OFFSET),
  };
}
