import type { IndexEntry } from './ports.ts';

/** One ranged GET: bytes [start, end) of an object, serving one or more index entries. */
export interface ReadSpan {
  objectKey: string;
  start: number;
  end: number;
  entries: IndexEntry[];
}

/**
 * Groups entries by object and merges ranges that touch or nearly touch, so that a fetch issues
 * one ranged GET per object for adjacent partitions' data. A gap larger than `maxGap` bytes is
 * cheaper to skip with a second GET than to read.
 */
export function planReads(entries: IndexEntry[], maxGap = 256 * 1024): ReadSpan[] {
  const byObject = new Map<string, IndexEntry[]>();
  for (const e of entries) {
    const list = byObject.get(e.objectKey) ?? [];
    list.push(e);
    byObject.set(e.objectKey, list);
  }
  const spans: ReadSpan[] = [];
  for (const [objectKey, list] of byObject) {
    list.sort((a, b) => a.byteStart - b.byteStart);
    let current: ReadSpan | undefined;
    for (const e of list) {
      const end = e.byteStart + e.byteLength;
      if (current && e.byteStart - current.end <= maxGap) {
        current.end = Math.max(current.end, end);
        current.entries.push(e);
      } else {
        current = { objectKey, start: e.byteStart, end, entries: [e] };
        spans.push(current);
      }
    }
  }
  return spans;
}
