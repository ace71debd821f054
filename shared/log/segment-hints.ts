import type { BatchIndex, IndexEntry } from './ports.ts';

/**
 * Where the segments a fetch has lately met begin, per partition, so that the next fetch inside
 * one needs one index Query instead of two, and a short one (shared/log/fetch.ts).
 *
 * A segment's index item is keyed by its base offset, and a consumer's next offset usually lies
 * inside it: a Query for the entries from that offset on misses the segment, and a second one
 * (floor or latest) must find it. Knowing where the segment began, the read path asks for the
 * entries from there on instead, and one Query returns the segment and what follows it.
 *
 * A hint is only ever where a Query starts: what it returns is read fresh from the index and
 * checked to cover the offset, or the fetch goes the usual way. So a stale hint (the segment
 * expired, compacted, replaced) costs at most one Query and never changes what a fetch returns.
 * The map is bounded: the least recently noted partition goes first.
 */
export class SegmentHints {
  private readonly spans = new Map<string, Array<{ baseOffset: number; end: number }>>();

  constructor(
    private readonly maxPartitions = 10_000,
    /** Segments noted from one read: the first ones, nearest where the reader is. */
    private readonly perRead = 4,
    /** Segments kept per partition; consumers move forward, so the lowest go first. */
    private readonly perPartition = 8,
  ) {}

  /** The base offset of a segment seen to cover `offset`. */
  covering(topicId: string, partition: number, offset: number): number | undefined {
    return this.spans.get(key(topicId, partition))?.find((s) => s.baseOffset <= offset && offset < s.end)?.baseOffset;
  }

  /** Notes the segments among entries read from the index (in offset order). */
  note(entries: readonly (IndexEntry | undefined)[]): void {
    const segments = entries.filter((e): e is IndexEntry => e?.chunks !== undefined && e.objectKey !== '').slice(0, this.perRead);
    for (const e of segments) {
      const k = key(e.topicId, e.partition);
      const list = (this.spans.get(k) ?? []).filter((s) => s.baseOffset !== e.baseOffset);
      list.push({ baseOffset: e.baseOffset, end: e.baseOffset + e.count });
      list.sort((a, b) => a.baseOffset - b.baseOffset);
      if (list.length > this.perPartition) list.shift();
      this.spans.delete(k);
      this.spans.set(k, list);
      if (this.spans.size > this.maxPartitions) this.spans.delete(this.spans.keys().next().value!);
    }
  }

  /** The index, noting the segments every read of it returns. */
  watching(index: BatchIndex): BatchIndex {
    const note = <T extends IndexEntry | IndexEntry[] | undefined>(read: Promise<T>): Promise<T> =>
      read.then((r) => {
        this.note(Array.isArray(r) ? r : [r]);
        return r;
      });
    const watched: BatchIndex = Object.assign(Object.create(index) as BatchIndex, {
      latest: (...a: Parameters<BatchIndex['latest']>) => note(index.latest(...a)),
      floor: (...a: Parameters<BatchIndex['floor']>) => note(index.floor(...a)),
      after: (...a: Parameters<BatchIndex['after']>) => note(index.after(...a)),
    });
    if (index.before) {
      const before = index.before.bind(index);
      watched.before = (...a: Parameters<NonNullable<BatchIndex['before']>>) => note(before(...a));
    }
    return watched;
  }
}

function key(topicId: string, partition: number): string {
  return `${topicId}\u0000${partition}`;
}
