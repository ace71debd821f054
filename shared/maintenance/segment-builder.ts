import type { IndexEntry, SegmentChunk } from '../log/ports.ts';
import { end } from './entries.ts';

export interface BuiltSegment {
  /** The batches of the merged entries, byte for byte, in offset order, with real base offsets. */
  bytes: Buffer;
  chunks: SegmentChunk[];
  baseOffset: number;
  count: number;
  maxTimestamp: number;
  appendTime: number;
}

/**
 * Lays a segment out like a Kafka `.log` file: the merged entries' batches concatenated in offset
 * order (their base offsets already patched in by the read), with a sparse index of chunks. A
 * chunk holds whole original entries, so chunk bounds are bounds of the replaced entries: a reader
 * can switch between the two at any of them. A chunk holds at most `intervalBytes` (an entry
 * larger than that alone): a fetch takes whole chunks, so a budget of n intervals (1 MiB, 4 MiB
 * against 256 KiB) is filled, where chunks closed past the interval would leave most of one out.
 */
export function buildSegment(entries: readonly IndexEntry[], bytesOf: (e: IndexEntry) => Buffer, intervalBytes: number): BuiltSegment {
  if (entries.length === 0) throw new Error('buildSegment: no entries');
  const parts: Buffer[] = [];
  const chunks: SegmentChunk[] = [];
  let position = 0;
  let current: SegmentChunk | undefined;
  let maxTimestamp = -Infinity;
  let appendTime = -Infinity;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (i > 0 && e.baseOffset !== end(entries[i - 1]!)) {
      throw new Error(`buildSegment: entries not contiguous at offset ${e.baseOffset}`);
    }
    const bytes = bytesOf(e);
    if (bytes.length !== e.byteLength) throw new Error(`buildSegment: entry at ${e.baseOffset} has ${bytes.length} bytes, expected ${e.byteLength}`);
    parts.push(bytes);
    if (!current || (current.byteLength > 0 && current.byteLength + bytes.length > intervalBytes)) {
      current = { baseOffset: e.baseOffset, count: 0, byteStart: position, byteLength: 0, maxTimestamp: e.maxTimestamp };
      chunks.push(current);
    }
    current.count += e.count;
    current.byteLength += bytes.length;
    current.maxTimestamp = Math.max(current.maxTimestamp, e.maxTimestamp);
    position += bytes.length;
    maxTimestamp = Math.max(maxTimestamp, e.maxTimestamp);
    appendTime = Math.max(appendTime, e.appendTime);
  }
  const first = entries[0]!;
  const last = entries[entries.length - 1]!;
  return {
    bytes: Buffer.concat(parts, position),
    chunks,
    baseOffset: first.baseOffset,
    count: end(last) - first.baseOffset,
    maxTimestamp,
    appendTime,
  };
}
