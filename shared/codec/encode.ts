/**
 * Encodes records into one RecordBatch v2 (layout in header.ts). Each record:
 *
 *   length          varint   bytes of the rest of the record
 *   attributes      int8     0 (unused in v2)
 *   timestampDelta  varlong  timestamp - baseTimestamp
 *   offsetDelta     varint   index in the batch
 *   keyLength       varint   -1 = null
 *   key             bytes
 *   valueLength     varint   -1 = null
 *   value           bytes
 *   headerCount     varint
 *   headers         [keyLength varint, key utf8, valueLength varint (-1 = null), value bytes]
 *
 * As Kafka's Java client (MemoryRecordsBuilder), baseTimestamp is the first record's timestamp
 * and deltas may be negative. Speed: one pass computes every size, one buffer is allocated,
 * a second pass writes varints and bytes straight into it; no per-record Buffers.
 */
import { SluiceError } from '../api/errors.ts';
import { codeOfCompression } from './compression/codes.ts';
import { compress } from './compression/index.ts';
import { crc32c } from './crc32c.ts';
import {
  ATTRIBUTES_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  CRC_OFFSET,
  LAST_OFFSET_DELTA_OFFSET,
  LENGTH_OFFSET,
  LOG_OVERHEAD,
  MAGIC,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORD_COUNT_OFFSET,
  RECORDS_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
} from './header.ts';
import type { BatchOptions, RecordHeader, RecordInput } from './types.ts';
import { sizeOfVarint, sizeOfVarlong, writeInt64, writeVarint, writeVarlong } from './varint.ts';

/**
 * Timestamps stay below 2^51 ms (year 71,000): every delta between two of them is then exact as
 * a varlong in JS numbers, on both sides.
 */
const MAX_TIMESTAMP = 2 ** 51;

/** Record body sizes from the sizing pass, reused across calls (encoding is synchronous). */
let bodySizes = new Int32Array(1024);

function invalid(message: string): never {
  throw new SluiceError('INVALID_RECORD', message);
}

function intOption(value: number | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    invalid(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

function bytesSize(b: Uint8Array | null | undefined, what: string, index: number): number {
  if (b == null) return 1;
  if (!(b instanceof Uint8Array)) invalid(`record ${index}: ${what} must be a Buffer or null`);
  return sizeOfVarint(b.length) + b.length;
}

function headersSize(headers: RecordHeader[], index: number): number {
  let size = sizeOfVarint(headers.length);
  for (const h of headers) {
    if (typeof h?.key !== 'string') invalid(`record ${index}: header keys must be strings`);
    const keyLength = Buffer.byteLength(h.key, 'utf8');
    size += sizeOfVarint(keyLength) + keyLength + bytesSize(h.value, `header ${JSON.stringify(h.key)} value`, index);
  }
  return size;
}

/** Sizing pass: fills bodySizes, returns the bytes of all records and their max timestamp. */
function measure(records: RecordInput[], baseTimestamp: number, deltas?: readonly number[]): { size: number; maxTimestamp: number } {
  const count = records.length;
  if (bodySizes.length < count) bodySizes = new Int32Array(Math.max(count, bodySizes.length * 2));
  const sizes = bodySizes;
  let size = 0;
  let maxTimestamp = baseTimestamp;
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    const ts = r.timestamp;
    if (!Number.isSafeInteger(ts) || ts < -1 || ts > MAX_TIMESTAMP) invalid(`record ${i}: timestamp must be an integer in [-1, 2^51] (ms), got ${ts}`);
    if (ts > maxTimestamp) maxTimestamp = ts;
    const headers = r.headers;
    const body =
      1 +
      sizeOfVarlong(ts - baseTimestamp) +
      sizeOfVarint(deltas ? deltas[i]! : i) +
      bytesSize(r.key, 'key', i) +
      bytesSize(r.value, 'value', i) +
      (headers === undefined || headers.length === 0 ? 1 : headersSize(headers, i));
    sizes[i] = body;
    size += sizeOfVarint(body) + body;
  }
  return { size, maxTimestamp };
}

function writeBytes(buf: Buffer, pos: number, b: Uint8Array | null | undefined): number {
  if (b == null) {
    buf[pos] = 1; // zig-zag -1
    return pos + 1;
  }
  const n = b.length;
  pos = writeVarint(buf, pos, n);
  if (n < 24) {
    for (let i = 0; i < n; i++) buf[pos + i] = b[i]!;
  } else {
    buf.set(b, pos);
  }
  return pos + n;
}

/** Writing pass: the records at `pos`, with the sizes `measure` left in bodySizes. */
function writeRecords(buf: Buffer, pos: number, records: RecordInput[], baseTimestamp: number, deltas?: readonly number[]): number {
  const sizes = bodySizes;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    pos = writeVarint(buf, pos, sizes[i]!);
    buf[pos++] = 0;
    pos = writeVarlong(buf, pos, r.timestamp - baseTimestamp);
    pos = writeVarint(buf, pos, deltas ? deltas[i]! : i);
    pos = writeBytes(buf, pos, r.key);
    pos = writeBytes(buf, pos, r.value);
    const headers = r.headers;
    if (headers === undefined || headers.length === 0) {
      buf[pos++] = 0;
      continue;
    }
    pos = writeVarint(buf, pos, headers.length);
    for (const h of headers) {
      const keyLength = Buffer.byteLength(h.key, 'utf8');
      pos = writeVarint(buf, pos, keyLength);
      pos += buf.write(h.key, pos, keyLength, 'utf8');
      pos = writeBytes(buf, pos, h.value);
    }
  }
  return pos;
}

/** Encodes `records` as one RecordBatch v2. Throws INVALID_RECORD / UNSUPPORTED_COMPRESSION. */
export function encodeBatch(records: RecordInput[], opts: BatchOptions = {}): Buffer {
  if (!Array.isArray(records) || records.length === 0) invalid('a batch needs at least one record');
  const count = records.length;
  const compression = opts.compression ?? 'none';
  const codec = codeOfCompression(compression);
  const timestampType = opts.timestampType ?? 'create';
  if (timestampType !== 'create' && timestampType !== 'logAppend') invalid(`unknown timestampType ${String(timestampType)}`);
  const baseOffset = intOption(opts.baseOffset, 0, 'baseOffset', 0, Number.MAX_SAFE_INTEGER);
  const producerId = intOption(opts.producerId, -1, 'producerId', -1, Number.MAX_SAFE_INTEGER);
  const producerEpoch = intOption(opts.producerEpoch, -1, 'producerEpoch', -1, 0x7fff);
  const baseSequence = intOption(opts.baseSequence, -1, 'baseSequence', -1, 0x7fffffff);
  const partitionLeaderEpoch = intOption(opts.partitionLeaderEpoch, -1, 'partitionLeaderEpoch', -1, 0x7fffffff);

  const deltas = opts.offsetDeltas;
  if (deltas !== undefined) {
    if (!Array.isArray(deltas) || deltas.length !== count) invalid('offsetDeltas must give one delta per record');
    for (let i = 0; i < count; i++) {
      const d = deltas[i];
      if (!Number.isInteger(d) || d! < 0 || d! > 0x7fffffff || (i > 0 && d! <= deltas[i - 1]!)) invalid('offsetDeltas must be ascending non-negative int32s');
    }
  }
  const naturalLast = deltas ? deltas[count - 1]! : count - 1;
  const lastOffsetDelta = intOption(opts.lastOffsetDelta, naturalLast, 'lastOffsetDelta', naturalLast, 0x7fffffff);
  const first = records[0]!;
  const baseTimestamp = first.timestamp;
  const measured = measure(records, baseTimestamp, deltas);
  let maxTimestamp = measured.maxTimestamp;
  if (timestampType === 'logAppend') {
    maxTimestamp = intOption(opts.logAppendTime, Date.now(), 'logAppendTime', -1, Number.MAX_SAFE_INTEGER);
  }

  let buf: Buffer;
  if (codec === 0) {
    buf = Buffer.allocUnsafe(RECORDS_OFFSET + measured.size);
    writeRecords(buf, RECORDS_OFFSET, records, baseTimestamp, deltas);
  } else {
    const plain = Buffer.allocUnsafe(measured.size);
    writeRecords(plain, 0, records, baseTimestamp, deltas);
    const packed = compress(compression, plain);
    buf = Buffer.allocUnsafe(RECORDS_OFFSET + packed.length);
    packed.copy(buf, RECORDS_OFFSET);
  }

  const attributes = codec | (timestampType === 'logAppend' ? TIMESTAMP_TYPE_MASK : 0) | (opts.transactional ? TRANSACTIONAL_MASK : 0);
  writeInt64(buf, 0, baseOffset);
  buf.writeInt32BE(buf.length - LOG_OVERHEAD, LENGTH_OFFSET);
  buf.writeInt32BE(partitionLeaderEpoch, PARTITION_LEADER_EPOCH_OFFSET);
  buf[MAGIC_OFFSET] = MAGIC;
  buf.writeInt16BE(attributes, ATTRIBUTES_OFFSET);
  buf.writeInt32BE(lastOffsetDelta, LAST_OFFSET_DELTA_OFFSET);
  writeInt64(buf, BASE_TIMESTAMP_OFFSET, baseTimestamp);
  writeInt64(buf, MAX_TIMESTAMP_OFFSET, maxTimestamp);
  writeInt64(buf, PRODUCER_ID_OFFSET, producerId);
  buf.writeInt16BE(producerEpoch, PRODUCER_EPOCH_OFFSET);
  buf.writeInt32BE(baseSequence, BASE_SEQUENCE_OFFSET);
  buf.writeInt32BE(count, RECORD_COUNT_OFFSET);
  buf.writeUInt32BE(crc32c(buf.subarray(ATTRIBUTES_OFFSET)), CRC_OFFSET);
  return buf;
}
