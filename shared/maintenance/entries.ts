import type { EntryKey, IndexEntry, MaintenanceStore, Storage } from '../log/ports.ts';

/**
 * Entries read per Query while walking a partition: few at first (retention usually needs one or
 * two, and a Query pays for every item it reads), more as the walk goes on.
 */
const FIRST_PAGE = 8;
const MAX_PAGE = 1000;

export function end(e: IndexEntry): number {
  return e.baseOffset + e.count;
}

/** A hollow entry keeps a deleted range's end as the log's end after everything expired. */
export function isHollow(e: IndexEntry): boolean {
  return e.objectKey === '';
}

/** A partition's entries with base offset >= `from`, ascending, strongly consistent, a page at a time. */
export async function* walk(storage: Storage, topicId: string, partition: number, from: number): AsyncGenerator<IndexEntry> {
  let after = from - 1;
  let size = FIRST_PAGE;
  for (;;) {
    const page = await storage.index.after(topicId, partition, after, size, 'strong');
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1]!.baseOffset;
    size = Math.min(size * 4, MAX_PAGE);
  }
}

/**
 * Deletes entries so that no reader ever sees a wrong end of log or a missing cover: ascending, one
 * BatchWriteItem (25) after the other, and the highest-keyed entry alone and last. While it stays,
 * the latest entry still ends where the log ends; the batches' order keeps the entries left beside
 * a segment a contiguous run up to its end, but for the one batch in flight (shared/log/segments.ts).
 */
export async function deleteInOrder(store: MaintenanceStore, entries: readonly IndexEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const sorted = [...entries].sort((a, b) => a.baseOffset - b.baseOffset);
  const last = sorted.pop()!;
  for (let i = 0; i < sorted.length; i += 25) await store.deleteEntries(sorted.slice(i, i + 25).map(keyOf));
  await store.deleteEntries([keyOf(last)]);
}

export function keyOf(e: IndexEntry): EntryKey {
  return { topicId: e.topicId, partition: e.partition, baseOffset: e.baseOffset };
}
