import { mapLimit } from './map-limit.ts';
import { checkSegmentOffsets, patchOffsets } from './patch-offsets.ts';
import type { IndexEntry, ObjectStore } from './ports.ts';
import { planReads } from './ranges.ts';

/** Ranged GETs in flight at once. */
const GET_CONCURRENCY = 32;

/**
 * The bytes of committed index entries, with their real base offsets patched in: one ranged GET
 * per run of nearby ranges in an object (planReads), all in parallel.
 */
export async function readEntries(objects: ObjectStore, entries: IndexEntry[]): Promise<Map<IndexEntry, Buffer>> {
  const bytes = new Map<IndexEntry, Buffer>();
  // A compacted segment's chunk whose records all went has no bytes: nothing to read.
  for (const e of entries) if (e.byteLength === 0) bytes.set(e, Buffer.alloc(0));
  await mapLimit(planReads(entries.filter((e) => e.byteLength > 0)), GET_CONCURRENCY, async (span) => {
    const data = await objects.getRange(span.objectKey, span.start, span.end - span.start);
    for (const e of span.entries) {
      // A view, not a copy: the GET's buffer is this fetch's own, and entries never overlap.
      const slice = data.subarray(e.byteStart - span.start, e.byteStart - span.start + e.byteLength);
      if (e.inSegment) checkSegmentOffsets(slice, e);
      else patchOffsets(slice, e);
      bytes.set(e, slice);
    }
  });
  return bytes;
}

/**
 * The entries' bytes, in order, as one buffer. Entries read by one GET are views of its buffer, and
 * a fetch's run of them (a segment's chunks, in offset order) lies back to back there: that run is
 * returned as one view of the same bytes, not copied. Anything else is copied together.
 */
export function joinBytes(parts: readonly Buffer[]): Buffer {
  // Empty parts (a compacted chunk whose records all went) add nothing and break no run.
  const filled = parts.filter((p) => p.byteLength > 0);
  const first = filled[0];
  if (first === undefined) return Buffer.alloc(0);
  let end = first.byteOffset + first.byteLength;
  for (let i = 1; i < filled.length; i++) {
    const p = filled[i]!;
    if (p.buffer !== first.buffer || p.byteOffset !== end) return Buffer.concat(filled);
    end += p.byteLength;
  }
  return Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset);
}
