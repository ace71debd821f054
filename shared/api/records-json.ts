import { SluiceError } from './errors.ts';
import type { DecodedRecord, RecordHeader, BatchHeader } from '../codec/index.ts';

export type Encoding = 'utf8' | 'base64';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A string from a JSON body as bytes. base64 is checked strictly: Node's decoder skips junk. */
export function decodeString(value: string, encoding: Encoding, where: string): Buffer {
  if (encoding === 'utf8') return Buffer.from(value, 'utf8');
  if (!BASE64.test(value)) throw new SluiceError('INVALID_BASE64', `${where} is not valid base64`);
  return Buffer.from(value, 'base64');
}

export function decodeNullable(value: string | null | undefined, encoding: Encoding, where: string): Buffer | null {
  return value === null || value === undefined ? null : decodeString(value, encoding, where);
}

export function encodeBytes(value: Buffer | null, encoding: Encoding): string | null {
  return value === null ? null : value.toString(encoding);
}

export interface RecordJson {
  offset: number;
  timestamp: number;
  timestampType: 'CreateTime' | 'LogAppendTime';
  key: string | null;
  value: string | null;
  headers: { key: string; value: string | null }[];
}

/**
 * Records of decoded batches as JSON, from `fromOffset` on. With LogAppendTime every record's
 * timestamp is the batch's max timestamp, as Kafka defines it.
 */
export function recordsToJson(
  batches: { header: BatchHeader; records: DecodedRecord[] }[],
  fromOffset: number,
  encoding: Encoding,
): RecordJson[] {
  const out: RecordJson[] = [];
  for (const { header, records } of batches) {
    const logAppend = header.timestampType === 'logAppend';
    for (const r of records) {
      if (r.offset < fromOffset) continue;
      out.push({
        offset: r.offset,
        timestamp: logAppend ? header.maxTimestamp : r.timestamp,
        timestampType: logAppend ? 'LogAppendTime' : 'CreateTime',
        key: encodeBytes(r.key, encoding),
        value: encodeBytes(r.value, encoding),
        headers: r.headers.map((h: RecordHeader) => ({ key: h.key, value: encodeBytes(h.value, encoding) })),
      });
    }
  }
  return out;
}
