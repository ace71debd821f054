/**
 * Messages as callers give them (KafkaJS shapes: strings or Buffers, headers as an object) and
 * records as the SDK carries them (Buffers, headers as an ordered list, numeric timestamps).
 */

export type Bytes = Buffer | Uint8Array | string;

/** KafkaJS's header object; an array value repeats the header. */
export type MessageHeaders = Record<string, Bytes | null | undefined | (Bytes | null)[]>;

/** A record header, in order, duplicates allowed as in Kafka. */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** One message to produce. */
export interface Message {
  key?: Bytes | null;
  value: Bytes | null;
  headers?: MessageHeaders | RecordHeader[];
  /** Pins the partition; otherwise murmur2(key), or spread when the key is null. */
  partition?: number;
  /** Milliseconds since epoch (number or KafkaJS's string). Default: now. */
  timestamp?: number | string;
}

/** A message ready to encode. */
export interface OutgoingRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  timestamp: number;
}

export function toBuffer(b: Bytes | null | undefined): Buffer | null {
  if (b === null || b === undefined) return null;
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function toHeaders(h: Message['headers']): RecordHeader[] {
  if (!h) return [];
  if (Array.isArray(h)) return h.map((x) => ({ key: x.key, value: toBuffer(x.value) }));
  const out: RecordHeader[] = [];
  for (const [key, v] of Object.entries(h)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push({ key, value: toBuffer(one) });
  }
  return out;
}

/** Normalizes a message; throws a TypeError for shapes no server would accept. */
export function toRecord(m: Message, now: number): OutgoingRecord {
  if (m.value === undefined) throw new TypeError('message.value is required (use null for a tombstone)');
  const timestamp = m.timestamp === undefined ? now : Number(m.timestamp);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError(`message.timestamp ${String(m.timestamp)} is not a millisecond timestamp`);
  if (m.partition !== undefined && (!Number.isInteger(m.partition) || m.partition < 0)) {
    throw new TypeError(`message.partition ${String(m.partition)} is not a partition number`);
  }
  return { key: toBuffer(m.key), value: toBuffer(m.value), headers: toHeaders(m.headers), timestamp };
}

/** Bytes a record adds to a request, roughly (record framing included); used for `batchBytes`. */
export function recordSize(r: OutgoingRecord): number {
  let n = 16 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers) n += 4 + Buffer.byteLength(h.key) + (h.value?.length ?? 0);
  return n;
}
