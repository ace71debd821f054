/**
 * Decodes RecordBatch v2 (layout in header.ts, record layout in encode.ts) from hostile bytes.
 * Keys, values and header values are views (subarray) into the input, or into the decompressed
 * records: no copies. Anything malformed (a bad varint, a field running past its record, counts
 * that do not match, bytes left over) throws CORRUPT_BATCH naming the byte.
 */
import { SluiceError } from '../api/errors.ts';
import { decompress } from './compression/index.ts';
import { RECORD_COUNT_OFFSET, RECORDS_OFFSET, checkBatchBounds, readBatchHeader } from './header.ts';
import { Reader } from './reader.ts';
import type { BatchHeader, DecodedBatch, DecodedRecord, DecodeOptions, RecordHeader } from './types.ts';
import { verifyBatchCrc } from './validate.ts';

export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;

/** The smallest record: length, attributes, timestampDelta, offsetDelta, key, value, headerCount. */
const MIN_RECORD_SIZE = 7;

function readRecord(r: Reader, baseOffset: number, baseTimestamp: number, appendTime: number): DecodedRecord {
  const at = r.pos;
  const length = r.varint();
  if (length < MIN_RECORD_SIZE - 1 || length > r.end - r.pos) {
    r.fail(`record length ${length} does not fit in the ${r.end - r.pos} bytes left`, at);
  }
  const outerEnd = r.end;
  const stop = r.pos + length;
  r.end = stop;
  r.pos++; // attributes: unused in v2
  const timestampDelta = r.varlong();
  const offsetDelta = r.varint();
  const key = r.bytes();
  const value = r.bytes();
  const countAt = r.pos;
  const headerCount = r.varint();
  if (headerCount < 0 || headerCount * 2 > r.end - r.pos) {
    r.fail(`header count ${headerCount} does not fit in the ${r.end - r.pos} bytes left of the record`, countAt);
  }
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headerCount; i++) headers.push({ key: r.string(), value: r.bytes() });
  if (r.pos !== stop) r.fail(`record declares ${length} bytes but its fields end ${stop - r.pos} bytes early`, at);
  r.end = outerEnd;
  return {
    offset: baseOffset + offsetDelta,
    timestamp: appendTime === -1 ? baseTimestamp + timestampDelta : appendTime,
    key,
    value,
    headers,
  };
}

function decodeRecords(buf: Buffer, pos: number, header: BatchHeader, maxBytes: number): DecodedRecord[] {
  const count = header.recordCount;
  const start = pos + RECORDS_OFFSET;
  const end = pos + header.size;
  let r: Reader;
  if (header.compression === 'none') {
    r = new Reader(buf, start, end, (p) => `byte ${p}`);
  } else {
    const plain = decompress(header.compression, buf.subarray(start, end), maxBytes);
    const codec = header.compression;
    r = new Reader(plain, 0, plain.length, (p) => `byte ${p} of the ${codec}-decompressed records of the batch at byte ${pos}`);
  }
  if (count < 0 || count > r.remaining() / MIN_RECORD_SIZE) {
    throw new SluiceError(
      'CORRUPT_BATCH',
      `batch at byte ${pos} declares ${count} records at byte ${pos + RECORD_COUNT_OFFSET}, which cannot fit in ${r.remaining()} bytes of records`,
    );
  }
  // Kafka reports every record of a LogAppendTime batch at the batch's maxTimestamp.
  const appendTime = header.timestampType === 'logAppend' ? header.maxTimestamp : -1;
  const records = new Array<DecodedRecord>(count);
  for (let i = 0; i < count; i++) records[i] = readRecord(r, header.baseOffset, header.baseTimestamp, appendTime);
  if (r.pos !== r.end) r.fail(`${r.end - r.pos} bytes left over after the ${count} records the batch declares`);
  return records;
}

/** Decodes the batch at `pos` (default 0); checks its CRC unless opts.verifyCrc is false. */
export function decodeBatch(buf: Buffer, pos = 0, opts: DecodeOptions = {}): DecodedBatch {
  if (opts.verifyCrc !== false) verifyBatchCrc(buf, pos, checkBatchBounds(buf, pos));
  const header = readBatchHeader(buf, pos);
  const maxBytes = opts.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES;
  return { header, records: decodeRecords(buf, pos, header, maxBytes) };
}

/** Decodes concatenated batches covering all of `buf` (an empty buffer holds none). */
export function decodeBatches(buf: Buffer, opts: DecodeOptions = {}): DecodedBatch[] {
  const batches: DecodedBatch[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const batch = decodeBatch(buf, pos, opts);
    batches.push(batch);
    pos += batch.header.size;
  }
  return batches;
}
