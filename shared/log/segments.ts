import type { IndexEntry, ReadConsistency, Storage } from './ports.ts';

/**
 * How the read path sees segments (shared/maintenance). A segment's index entry covers many
 * batches; its sparse index splits it into chunks of whole original entries, and the read path
 * handles each chunk as an entry of its own, so that a fetch reads only the byte range it returns.
 * A hollow entry expands to nothing.
 */
export function expandEntry(e: IndexEntry): IndexEntry[] {
  // A hollow entry (retention's, below the log start) only keeps the log's end: nothing to read.
  if (e.objectKey === '') return [];
  if (!e.chunks) return [e];
  return e.chunks.map((c) => ({
    topicId: e.topicId,
    partition: e.partition,
    baseOffset: c.baseOffset,
    count: c.count,
    objectKey: e.objectKey,
    byteStart: e.byteStart + c.byteStart,
    byteLength: c.byteLength,
    maxTimestamp: c.maxTimestamp,
    appendTime: e.appendTime,
    inSegment: true,
  }));
}

export function expandAll(entries: readonly IndexEntry[]): IndexEntry[] {
  return entries.flatMap(expandEntry);
}

/**
 * Entries in offset order with no offset covered twice. While a merge swaps a segment in, the
 * entries it replaced stay beside it until deleted (docs/architecture.md, "Segments"): both point
 * at identical bytes, so either may be read, but never both. An entry starting inside the range
 * already covered is dropped; at equal base offsets the longer (the segment's chunk) wins, since
 * chunk boundaries are boundaries of the replaced entries.
 */
export function withoutOverlaps(entries: readonly IndexEntry[], coveredTo = -Infinity): IndexEntry[] {
  const sorted = [...entries].sort((a, b) => a.baseOffset - b.baseOffset || b.count - a.count);
  const out: IndexEntry[] = [];
  let end = coveredTo;
  for (const e of sorted) {
    if (e.baseOffset < end) continue;
    out.push(e);
    end = e.baseOffset + e.count;
  }
  return out;
}

/**
 * Entries searched below the floor entry for the one covering an offset. A swap deletes the
 * entries it replaced in ascending order, at most 25 at a time (one BatchWriteItem), so the
 * replaced entries left beside a segment are a contiguous run up to its end, except within one
 * batch, where any may be gone: the segment itself, or a replaced entry covering the offset, is
 * within this many entries below the floor.
 */
const COVER_SEARCH = 100;

/**
 * The entry covering `offset`, expanded: the chunk holding it and the chunks after it. Usually the
 * floor entry covers it (one Query). While a swap is under way, a replaced entry that no longer
 * reaches the offset can sit between the segment and the offset; then one more Query looks below.
 * Returns none when nothing covers the offset (past the end, or a gap an eventually consistent
 * read shows).
 */
export async function coveringEntries(
  storage: Storage,
  topicId: string,
  partition: number,
  offset: number,
  consistency: ReadConsistency,
): Promise<IndexEntry[]> {
  const { index } = storage;
  const floor = await index.floor(topicId, partition, offset, consistency);
  if (!floor) return [];
  const hit = coverFrom(floor, offset);
  if (hit.length > 0 || !index.before || floor.chunks || floor.baseOffset === 0) return hit;
  const below = await index.before(topicId, partition, floor.baseOffset - 1, COVER_SEARCH, consistency);
  for (const e of below) {
    const found = coverFrom(e, offset);
    if (found.length > 0) return found;
  }
  return [];
}

/** The entry's chunks from the one holding `offset` on; none if it does not reach the offset. */
export function coverFrom(e: IndexEntry, offset: number): IndexEntry[] {
  if (e.baseOffset > offset || e.baseOffset + e.count <= offset) return [];
  return expandEntry(e).filter((c) => c.baseOffset + c.count > offset);
}
