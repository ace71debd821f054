import { OffsetOutOfRangeError, SluiceError } from '../api/errors.ts';
import type { Appender } from './append.ts';
import { mapLimit } from './map-limit.ts';
import { patchOffsets } from './patch-offsets.ts';
import type { IndexEntry, Storage, TopicRecord } from './ports.ts';
import { planReads } from './ranges.ts';
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
  highWatermark: number;
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
  appender: Appender;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Index entries read per Query while filling a fetch. */
const ENTRY_PAGE = 100;
/** Ranged GETs in flight at once. */
const GET_CONCURRENCY = 32;

interface Slot {
  target: FetchTarget;
  topic?: TopicRecord;
  highWatermark: number;
  logStartOffset: number;
  error?: SluiceError;
  /** Index entries from the one covering the requested offset on (one page), once located. */
  page?: IndexEntry[];
  /** Whether the page was cut at ENTRY_PAGE, so more entries may follow it. */
  pageFull?: boolean;
}

/**
 * The read path: find the index entries covering the requested offsets, read their bytes with
 * as few ranged GETs as possible, patch the offsets in. Only committed entries are ever read, so
 * nothing uncommitted is served (invariant 1). With nothing to return, it long-polls the high
 * watermarks until data arrives or maxWaitMs runs out.
 */
export class FetchService {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly deps: FetchDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = deps.now ?? Date.now;
  }

  async fetch(targets: FetchTarget[], opts: { maxBytes: number; maxWaitMs: number }): Promise<PartitionData[]> {
    const deadline = this.now() + opts.maxWaitMs;
    const slots = await this.resolve(targets);
    await this.readBounds(slots);
    let delay = 50;
    while (!slots.some(hasData) && this.now() < deadline && slots.some((s) => !s.error)) {
      await this.sleep(Math.min(delay, Math.max(0, deadline - this.now())));
      delay = Math.min(delay * 2, 250);
      await this.locateAll(slots);
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

  private async readBounds(slots: Slot[]): Promise<void> {
    const live = slots.filter((s) => !s.error);
    const byTopic = new Map<string, Slot[]>();
    for (const s of live) byTopic.set(s.topic!.id, [...(byTopic.get(s.topic!.id) ?? []), s]);
    await Promise.all([
      this.locateAll(slots),
      ...[...byTopic].map(async ([topicId, list]) => {
        const starts = await this.deps.storage.partitions.logStartOffsets(topicId, list.map((s) => s.target.partition));
        for (const s of list) s.logStartOffset = starts.get(s.target.partition) ?? 0;
      }),
    ]);
    for (const s of live) {
      const { offset } = s.target;
      if (!Number.isSafeInteger(offset) || offset < s.logStartOffset || offset > s.highWatermark) {
        s.error = new OffsetOutOfRangeError(offset, s.logStartOffset, s.highWatermark);
      }
    }
  }

  private async locateAll(slots: Slot[]): Promise<void> {
    await mapLimit(
      slots.filter((s) => !s.error),
      GET_CONCURRENCY,
      (s) => this.locate(s),
    );
  }

  /**
   * Finds the entries from the requested offset on, and the high watermark, in one Query when the
   * offset is a batch boundary (a consumer's next offset always is) and the page is not full: the
   * page then ends at the log's end. Otherwise one more Query finds the covering entry or the end.
   */
  private async locate(s: Slot): Promise<void> {
    const { index } = this.deps.storage;
    const id = s.topic!.id;
    const { partition, offset } = s.target;
    const page = await index.after(id, partition, offset - 1, ENTRY_PAGE);
    const full = page.length === ENTRY_PAGE;
    let entries = page;
    let highWatermark = page.length > 0 && !full ? end(page[page.length - 1]!) : undefined;
    if (page.length === 0 || page[0]!.baseOffset !== offset) {
      const cover = page.length === 0 ? await index.latest(id, partition) : await index.floor(id, partition, offset);
      if (page.length === 0) highWatermark = cover ? end(cover) : 0;
      if (cover && cover.baseOffset < offset && end(cover) > offset) entries = [cover, ...page];
    }
    s.highWatermark = highWatermark ?? (await this.deps.appender.highWatermark(id, partition));
    s.page = entries;
    s.pageFull = full;
  }

  private async read(slots: Slot[], maxBytes: number): Promise<PartitionData[]> {
    // Index entries of all partitions are looked up in parallel, then trimmed to the byte budget
    // in request order. The very first entry is always kept, as Kafka always returns at least one
    // batch; after that an entry is kept only if it fits.
    const candidates = slots.filter(hasData);
    const lists = await mapLimit(candidates, GET_CONCURRENCY, (s) =>
      this.entriesFrom(s, Math.min(s.target.maxBytes ?? maxBytes, maxBytes)),
    );
    let budget = maxBytes;
    const chosen = new Map<Slot, IndexEntry[]>();
    candidates.forEach((s, i) => {
      const kept: IndexEntry[] = [];
      for (const e of lists[i]!) {
        if (chosen.size + kept.length > 0 && e.byteLength > budget) break;
        kept.push(e);
        budget -= e.byteLength;
      }
      if (kept.length > 0) chosen.set(s, kept);
    });
    const all = [...chosen.values()].flat();
    const spans = planReads(all);
    const bytes = new Map<IndexEntry, Buffer>();
    await mapLimit(spans, GET_CONCURRENCY, async (span) => {
      const data = await this.deps.storage.objects.getRange(span.objectKey, span.start, span.end - span.start);
      for (const e of span.entries) {
        const slice = Buffer.from(data.subarray(e.byteStart - span.start, e.byteStart - span.start + e.byteLength));
        patchOffsets(slice, e);
        bytes.set(e, slice);
      }
    });
    return slots.map((s) => {
      const base = {
        topic: s.target.topic,
        partition: s.target.partition,
        highWatermark: Math.max(s.highWatermark, 0),
        logStartOffset: Math.max(s.logStartOffset, 0),
      };
      if (s.error) return { ...base, nextOffset: s.target.offset, batches: Buffer.alloc(0), error: s.error };
      const entries = chosen.get(s) ?? [];
      const last = entries[entries.length - 1];
      return {
        ...base,
        nextOffset: last ? last.baseOffset + last.count : s.target.offset,
        batches: Buffer.concat(entries.map((e) => bytes.get(e)!)),
      };
    });
  }

  /** The located entries, continued page by page while they stay under `maxBytes` (at least one). */
  private async entriesFrom(s: Slot, maxBytes: number): Promise<IndexEntry[]> {
    const entries: IndexEntry[] = [];
    let bytes = 0;
    let page = s.page ?? [];
    let more = s.pageFull ?? false;
    while (page.length > 0) {
      for (const e of page) {
        if (entries.length > 0 && bytes + e.byteLength > maxBytes) return entries;
        entries.push(e);
        bytes += e.byteLength;
      }
      if (!more) break;
      page = await this.deps.storage.index.after(s.topic!.id, s.target.partition, page[page.length - 1]!.baseOffset, ENTRY_PAGE);
      more = page.length === ENTRY_PAGE;
    }
    return entries;
  }
}

function hasData(s: Slot): boolean {
  return !s.error && s.target.offset < s.highWatermark;
}

function end(e: IndexEntry): number {
  return e.baseOffset + e.count;
}
