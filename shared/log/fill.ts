import type { IndexEntry } from './ports.ts';

/** One partition's candidates for a fetch. */
export interface FillSource {
  /** The requested offset: the first entry taken must cover it. */
  from: number;
  /** Located entries, ascending by base offset. */
  entries: IndexEntry[];
  /** Bytes this partition may take. Its first entry is taken even if larger (if the fetch's budget allows). */
  maxBytes: number;
  /**
   * Reads the page of entries after base offset `after` once `entries` runs out; absent when none
   * can follow. `coveredTo` is the end of the last entry already queued.
   */
  next?: (after: number, coveredTo: number) => Promise<{ entries: IndexEntry[]; more: boolean }>;
}

interface Cursor {
  src: FillSource;
  queue: IndexEntry[];
  at: number;
  more: boolean;
  taken: IndexEntry[];
  bytes: number;
  done: boolean;
}

/**
 * Fills a multi-partition fetch's byte budget in log-append order: over and over, the next entry
 * of whichever partition's next entry was appended first (append time, then object, then byte
 * position), until the budget is full. Each produce request writes one object holding all its
 * partitions' batches, so a consumer of those partitions takes whole objects, one after another,
 * and planReads (ranges.ts) reads each with one ranged GET. Filling in request order instead read
 * slices of many objects, and starved the partitions listed last.
 *
 * Rules, as Kafka's fetch keeps them:
 * - the very first entry is taken even if it is larger than the budget, so a consumer always
 *   progresses; after that the fill stops at the first entry that does not fit;
 * - a partition's own `maxBytes` caps it (its first entry excepted), and then the others go on;
 * - each partition's entries form one contiguous run from `from`, in offset order: the fill stops
 *   a partition at any gap, which an eventually consistent index read can show (an entry not yet
 *   visible), so a fetch never skips an offset.
 *
 * Returns the entries taken, per source, in the sources' order.
 */
export async function fillInAppendOrder(sources: FillSource[], maxBytes: number): Promise<IndexEntry[][]> {
  const cursors: Cursor[] = sources.map((src) => ({ src, queue: src.entries, at: 0, more: src.next !== undefined, taken: [], bytes: 0, done: false }));
  let budget = maxBytes;
  let first = true;
  for (;;) {
    const hungry = cursors.filter((c) => !c.done && c.at === c.queue.length && c.more && (first || budget > 0) && c.bytes < c.src.maxBytes);
    await Promise.all(hungry.map(refill));
    let best: Cursor | undefined;
    for (const c of cursors) {
      const e = head(c);
      if (e && (!best || appendedBefore(e, best.queue[best.at]!))) best = c;
    }
    if (!best) break;
    const e = best.queue[best.at]!;
    if (!first && e.byteLength > budget) break;
    if (best.taken.length > 0 && best.bytes + e.byteLength > best.src.maxBytes) {
      best.done = true;
      continue;
    }
    best.taken.push(e);
    best.bytes += e.byteLength;
    best.at++;
    budget -= e.byteLength;
    first = false;
  }
  return cursors.map((c) => c.taken);
}

/** The cursor's next entry if it continues the partition's run; a gap or the end closes the cursor. */
function head(c: Cursor): IndexEntry | undefined {
  if (c.done) return undefined;
  const e = c.queue[c.at];
  if (!e) {
    if (!c.more) c.done = true;
    return undefined;
  }
  const last = c.taken[c.taken.length - 1];
  const continues = last ? e.baseOffset === last.baseOffset + last.count : e.baseOffset <= c.src.from && c.src.from < e.baseOffset + e.count;
  if (!continues) c.done = true;
  return continues ? e : undefined;
}

async function refill(c: Cursor): Promise<void> {
  const last = c.queue[c.queue.length - 1];
  if (!last || !c.src.next) {
    c.more = false;
    return;
  }
  const page = await c.src.next(last.baseOffset, last.baseOffset + last.count);
  c.queue = page.entries;
  c.at = 0;
  c.more = page.more && page.entries.length > 0;
}

/** Log-append order: append time, then object, then position in the object. */
export function appendedBefore(a: IndexEntry, b: IndexEntry): boolean {
  if (a.appendTime !== b.appendTime) return a.appendTime < b.appendTime;
  if (a.objectKey !== b.objectKey) return a.objectKey < b.objectKey;
  return a.byteStart < b.byteStart;
}
