import { OffsetOutOfRangeError, SluiceError } from '../api/errors.ts';
import { fillInAppendOrder, type FillSource } from './fill.ts';
import type { LogStarts } from './log-starts.ts';
import { mapLimit } from './map-limit.ts';
import type { IndexEntry, ReadConsistency, Storage, TopicRecord } from './ports.ts';
import { joinBytes, readEntries } from './read-entries.ts';
import { SegmentHints } from './segment-hints.ts';
import { coverFrom, coveringEntries, expandAll, withoutOverlaps } from './segments.ts';
import { checkPartition, type Topics } from './topics.ts';

export interface FetchTarget {
  topic: string;
  partition: number;
  offset: number;
  /** Bytes for this partition; the whole fetch is also bounded by the request's maxBytes. */
  maxBytes?: number;
}

export interface PartitionData {
  topic: string;
  partition: number;
  /** May lag the true high watermark slightly (eventually consistent read), never exceed it. */
  highWatermark: number;
  /** May lag a log start that retention just advanced (cached briefly), never exceed it. */
  logStartOffset: number;
  /** The offset to fetch next: the end of the last batch returned, or the requested offset. */
  nextOffset: number;
  /** Whole batches with their real base offsets; the first may start before the requested offset. */
  batches: Buffer;
  error?: SluiceError;
}

export interface FetchDeps {
  storage: Storage;
  topics: Topics;
  logStarts: LogStarts;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Index entries read per Query while filling a fetch. */
const ENTRY_PAGE = 100;
/**
 * Index items read by the Query from a segment's base offset. Segments are tens of MiB and their
 * items ~2 KB: a page of 100 (a long merged log's next 100 segments, ~200 KB, ~25 read units) would
 * cost far more than the fetch's GET. Eight hold more than any fetch budget; a full page then
 * costs one latest Query (half a read unit) for the high watermark.
 */
const SEGMENT_PAGE = 8;
/** Index Queries in flight at once. */
const QUERY_CONCURRENCY = 32;

/**
 * A long-poll's cadence: the sleep before each re-read of the partitions, doubling from the first
 * to the cap. Exported for the cost model (bench/cost-consumer-wait.ts), which prices the re-reads.
 */
export const LONG_POLL_CADENCE = { firstDelayMs: 50, maxDelayMs: 250 } as const;

interface Slot {
  target: FetchTarget;
  topic?: TopicRecord;
  /** The highest seen; it only grows, as the true one does. -1 before the first read. */
  highWatermark: number;
  logStartOffset: number;
  error?: SluiceError;
  /** Index entries from the one covering the requested offset on (one page), once located. */
  page?: IndexEntry[];
  /** Whether the page was cut at ENTRY_PAGE, so more entries may follow it. */
  pageFull?: boolean;
}

/**
 * The read path: find the index entries covering the requested offsets, fill the byte budget in
 * log-append order (fill.ts), read their bytes with as few ranged GETs as possible, patch the
 * offsets in. Only committed entries are ever read, so nothing uncommitted is served
 * (invariant 1). With nothing to return, it long-polls until data arrives or maxWaitMs runs out.
 *
 * The index Queries are eventually consistent (half the read units) and the log start offsets
 * cached briefly. Neither can make a fetch skip or invent an offset: what is returned is one
 * contiguous run of committed entries from the requested offset, and OFFSET_OUT_OF_RANGE is only
 * answered after strongly consistent reads agree (docs/architecture.md, "Read path").
 */
export class FetchService {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly hints = new SegmentHints();
  /** The storage, its index noting the segments it returns (segment-hints.ts). */
  private readonly storage: Storage;

  constructor(private readonly deps: FetchDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = deps.now ?? Date.now;
    this.storage = { ...deps.storage, index: this.hints.watching(deps.storage.index) };
  }

  async fetch(targets: FetchTarget[], opts: { maxBytes: number; maxWaitMs: number }): Promise<PartitionData[]> {
    const deadline = this.now() + opts.maxWaitMs;
    const slots = await this.resolve(targets);
    await this.readBounds(slots);
    let delay: number = LONG_POLL_CADENCE.firstDelayMs;
    while (!slots.some(hasData) && this.now() < deadline && slots.some((s) => !s.error)) {
      await this.sleep(Math.min(delay, Math.max(0, deadline - this.now())));
      delay = Math.min(delay * 2, LONG_POLL_CADENCE.maxDelayMs);
      await this.locateAll(slots.filter((s) => !s.error), 'eventual');
    }
    return this.read(slots, opts.maxBytes);
  }

  private async resolve(targets: FetchTarget[]): Promise<Slot[]> {
    const names = [...new Set(targets.map((t) => t.topic))];
    const topics = new Map<string, TopicRecord | SluiceError>();
    await Promise.all(
      names.map(async (name) => {
        try {
          topics.set(name, await this.deps.topics.resolve(name));
        } catch (e) {
          if (!(e instanceof SluiceError)) throw e;
          topics.set(name, e);
        }
      }),
    );
    return targets.map((target) => {
      const slot: Slot = { target, highWatermark: -1, logStartOffset: -1 };
      const topic = topics.get(target.topic);
      if (topic instanceof SluiceError) slot.error = topic;
      else if (topic) {
        slot.topic = topic;
        try {
          checkPartition(topic, target.partition);
        } catch (e) {
          slot.error = e as SluiceError;
        }
      }
      return slot;
    });
  }

  /**
   * Locates every partition (eventually consistent) and takes the cached log starts. A partition
   * whose offset looks out of range, or whose entries start past the offset (a gap), is read
   * again strongly, with its log start re-read, before anything is answered: an eventually
   * consistent read may lag, and a cached log start may be older than retention's last move.
   */
  private async readBounds(slots: Slot[]): Promise<void> {
    const live = slots.filter((s) => !s.error);
    await Promise.all([this.locateAll(live, 'eventual'), this.loadLogStarts(live, false)]);
    const doubtful = live.filter((s) => !looksValid(s));
    if (doubtful.length === 0) return;
    await Promise.all([this.locateAll(doubtful, 'strong'), this.loadLogStarts(doubtful, true)]);
    for (const s of doubtful) {
      const { offset } = s.target;
      if (!Number.isSafeInteger(offset) || offset < s.logStartOffset || offset > s.highWatermark) {
        s.error = new OffsetOutOfRangeError(offset, s.logStartOffset, s.highWatermark);
      }
    }
  }

  private async loadLogStarts(slots: Slot[], fresh: boolean): Promise<void> {
    const byTopic = new Map<string, Slot[]>();
    for (const s of slots) {
      const list = byTopic.get(s.topic!.id);
      if (list) list.push(s);
      else byTopic.set(s.topic!.id, [s]);
    }
    await Promise.all(
      [...byTopic].map(async ([topicId, list]) => {
        const starts = await this.deps.logStarts.get(topicId, list.map((s) => s.target.partition), { fresh });
        for (const s of list) s.logStartOffset = starts.get(s.target.partition) ?? 0;
      }),
    );
  }

  private async locateAll(slots: Slot[], consistency: ReadConsistency): Promise<void> {
    await mapLimit(slots, QUERY_CONCURRENCY, (s) => this.locate(s, consistency));
  }

  /**
   * Finds the entries from the requested offset on, and the high watermark, in one Query when the
   * offset is a batch boundary (a consumer's next offset always is) and the page is not full: the
   * page then ends at the log's end. Otherwise one more Query finds the covering entry or the end,
   * except in a long-poll round of a partition already known to end at the offset.
   */
  private async locate(s: Slot, consistency: ReadConsistency): Promise<void> {
    const { storage } = this;
    const { index } = storage;
    const id = s.topic!.id;
    const { partition, offset } = s.target;
    if (await this.locateInSegment(s, consistency)) return;
    const raw = await index.after(id, partition, offset - 1, ENTRY_PAGE, consistency);
    const full = raw.length === ENTRY_PAGE;
    // Segments come as chunks (segments.ts); every chunk of an entry found here starts >= offset.
    const page = expandAll(raw);
    let entries = page;
    let highWatermark = raw.length > 0 && !full ? Math.max(...raw.map(end)) : undefined;
    // A long-poll round of a caught-up partition: the log was already seen to end at the offset,
    // and nothing starts there yet. The high watermark stands; no need to read the latest entry.
    if (raw.length === 0 && s.highWatermark === offset) {
      s.page = page;
      s.pageFull = false;
      return;
    }
    if (page.length === 0) {
      const latest = await index.latest(id, partition, consistency);
      highWatermark = latest ? end(latest) : 0;
      if (latest) entries = coverFrom(latest, offset);
    } else if (page[0]!.baseOffset !== offset) {
      entries = [...(await coveringEntries(storage, id, partition, offset, consistency)), ...page];
    }
    highWatermark ??= await this.latestEnd(id, partition, consistency);
    s.highWatermark = Math.max(s.highWatermark, highWatermark);
    s.page = withoutOverlaps(entries);
    s.pageFull = full;
  }

  /**
   * An offset inside (or at the start of) a segment met lately: one Query of a few items from the
   * segment's base offset returns the segment and what follows it. Returns false, having located
   * nothing, when that Query does not show an entry covering the offset (the hint was stale); the
   * usual way follows.
   */
  private async locateInSegment(s: Slot, consistency: ReadConsistency): Promise<boolean> {
    const id = s.topic!.id;
    const { partition, offset } = s.target;
    const base = this.hints.covering(id, partition, offset);
    if (base === undefined) return false;
    const { index } = this.storage;
    const raw = await index.after(id, partition, base - 1, SEGMENT_PAGE, consistency);
    const entries = withoutOverlaps(expandAll(raw)).filter((e) => end(e) > offset);
    if (entries.length === 0 || entries[0]!.baseOffset > offset) return false;
    const full = raw.length === SEGMENT_PAGE;
    const highWatermark = full ? await this.latestEnd(id, partition, consistency) : Math.max(...raw.map(end));
    s.highWatermark = Math.max(s.highWatermark, highWatermark);
    s.page = entries;
    s.pageFull = full;
    return true;
  }

  /** The log's end by its latest entry: the high watermark when a page did not reach it. */
  private async latestEnd(topicId: string, partition: number, consistency: ReadConsistency): Promise<number> {
    const latest = await this.storage.index.latest(topicId, partition, consistency);
    return latest ? end(latest) : 0;
  }

  private async read(slots: Slot[], maxBytes: number): Promise<PartitionData[]> {
    const candidates = slots.filter(hasData);
    const taken = await fillInAppendOrder(
      candidates.map((s) => this.source(s, maxBytes)),
      maxBytes,
    );
    const chosen = new Map(candidates.map((s, i) => [s, taken[i]!]));
    const bytes = await readEntries(this.storage.objects, taken.flat());
    return slots.map((s) => {
      const base = { topic: s.target.topic, partition: s.target.partition, logStartOffset: Math.max(s.logStartOffset, 0) };
      if (s.error) {
        return { ...base, highWatermark: Math.max(s.highWatermark, 0), nextOffset: s.target.offset, batches: Buffer.alloc(0), error: s.error };
      }
      const entries = chosen.get(s) ?? [];
      const last = entries[entries.length - 1];
      const nextOffset = last ? end(last) : s.target.offset;
      return {
        ...base,
        // The offset was checked against a high watermark at least this high; later pages may
        // have been read from a fresher replica than the watermark was.
        highWatermark: Math.max(s.highWatermark, nextOffset, 0),
        nextOffset,
        batches: joinBytes(entries.map((e) => bytes.get(e)!)),
      };
    });
  }

  private source(s: Slot, maxBytes: number): FillSource {
    const id = s.topic!.id;
    const { partition, offset } = s.target;
    return {
      from: offset,
      entries: s.page ?? [],
      maxBytes: Math.min(s.target.maxBytes ?? maxBytes, maxBytes),
      ...(s.pageFull
        ? {
            next: async (after: number, coveredTo: number) => {
              const raw = await this.storage.index.after(id, partition, after, ENTRY_PAGE, 'eventual');
              return { entries: withoutOverlaps(expandAll(raw), coveredTo), more: raw.length === ENTRY_PAGE };
            },
          }
        : {}),
    };
  }
}

/** Whether the located page starts with the entry covering the requested offset. */
function hasData(s: Slot): boolean {
  const first = s.page?.[0];
  return !s.error && first !== undefined && first.baseOffset <= s.target.offset && s.target.offset < end(first);
}

/** Whether a slot's reads show a servable offset; anything else is re-read strongly. */
function looksValid(s: Slot): boolean {
  const { offset } = s.target;
  if (!Number.isSafeInteger(offset) || offset < s.logStartOffset || offset > s.highWatermark) return false;
  return offset === s.highWatermark || hasData(s);
}

function end(e: IndexEntry): number {
  return e.baseOffset + e.count;
}
