/**
 * A storage double for the fetch path as a pure unit: one topic whose log is written the way the
 * produce path writes it (one object per request holding every partition's batch, one index
 * entry per partition), and whose index has two views: the strong one (everything committed)
 * and an eventually consistent one that can be made to lag (`hide`), as a DynamoDB replica can.
 * Every read is recorded with its consistency. The integration tests use the real emulators.
 */
import { encodeBatch } from '../../../shared/codec/index.ts';
import { createEngine, type Engine } from '../../../shared/log/engine.ts';
import type { BatchIndex, IndexEntry, ReadConsistency, Storage, TopicRecord } from '../../../shared/log/ports.ts';

export const TOPIC: TopicRecord = { name: 'events', id: 'topic-1', partitions: 4, configs: {}, createdAt: 0, version: 1 };

export interface IndexRead {
  op: 'latest' | 'floor' | 'after';
  partition: number;
  consistency: ReadConsistency;
  /** The Query's item limit (`after`). */
  limit?: number;
}

export class LogDouble {
  readonly objects = new Map<string, Buffer>();
  /** Committed entries per partition, ascending. */
  readonly entries = new Map<number, IndexEntry[]>();
  /** Entries the eventually consistent view does not show yet, as `partition@baseOffset`. */
  readonly hidden = new Set<string>();
  readonly reads: IndexRead[] = [];
  readonly gets: Array<{ key: string; start: number; length: number }> = [];
  /** Log start offsets as retention would have stored them; partitions absent start at 0. */
  readonly logStart = new Map<number, number>();
  logStartReads = 0;
  private made = 0;

  /** One produce request: one object with `records` records for each listed partition. */
  append(appendTime: number, parts: Array<[partition: number, records: number, recordBytes?: number]>): IndexEntry[] {
    const key = `objects/${String(++this.made).padStart(4, '0')}`;
    const chunks: Buffer[] = [];
    const out: IndexEntry[] = [];
    let byteStart = 0;
    for (const [partition, records, recordBytes = 10] of parts) {
      const batch = encodeBatch(Array.from({ length: records }, (_, i) => ({ key: null, value: Buffer.alloc(recordBytes, i), timestamp: appendTime })));
      const log = this.entries.get(partition) ?? [];
      const last = log[log.length - 1];
      const entry: IndexEntry = {
        topicId: TOPIC.id, partition, baseOffset: last ? last.baseOffset + last.count : 0, count: records,
        objectKey: key, byteStart, byteLength: batch.length, maxTimestamp: appendTime, appendTime,
      };
      log.push(entry);
      this.entries.set(partition, log);
      chunks.push(batch);
      out.push(entry);
      byteStart += batch.length;
    }
    this.objects.set(key, Buffer.concat(chunks));
    return out;
  }

  /**
   * Merges a partition's entries into one segment object, as maintenance does: their batches with
   * real base offsets, one chunk per `perChunk` entries, and one index entry in their place.
   */
  merge(partition: number, perChunk = 1, count?: number): IndexEntry {
    // The first `count` entries not merged yet (all of them by default) become the segment.
    const all = this.entries.get(partition) ?? [];
    const before = all.filter((e) => e.chunks);
    const log = all.filter((e) => !e.chunks).slice(0, count);
    const after = all.filter((e) => !e.chunks).slice(log.length);
    const key = `segments/${String(++this.made).padStart(4, '0')}`;
    const parts = log.map((e) => {
      const batch = Buffer.from(this.objects.get(e.objectKey)!.subarray(e.byteStart, e.byteStart + e.byteLength));
      batch.writeBigInt64BE(BigInt(e.baseOffset), 0);
      return batch;
    });
    const chunks: NonNullable<IndexEntry['chunks']> = [];
    let position = 0;
    log.forEach((e, i) => {
      const last = chunks[chunks.length - 1];
      if (!last || i % perChunk === 0) chunks.push({ baseOffset: e.baseOffset, count: e.count, byteStart: position, byteLength: e.byteLength, maxTimestamp: e.maxTimestamp });
      else Object.assign(last, { count: last.count + e.count, byteLength: last.byteLength + e.byteLength, maxTimestamp: Math.max(last.maxTimestamp, e.maxTimestamp) });
      position += e.byteLength;
    });
    const first = log[0]!;
    const end = log[log.length - 1]!;
    const segment: IndexEntry = {
      topicId: TOPIC.id, partition, baseOffset: first.baseOffset, count: end.baseOffset + end.count - first.baseOffset,
      objectKey: key, byteStart: 0, byteLength: position, maxTimestamp: Math.max(...log.map((e) => e.maxTimestamp)), appendTime: end.appendTime, chunks,
    };
    this.objects.set(key, Buffer.concat(parts));
    this.entries.set(partition, [...before, segment, ...after]);
    return segment;
  }

  /** Makes an entry invisible to eventually consistent reads (a replica that has not caught up). */
  hide(partition: number, baseOffset: number): void {
    this.hidden.add(`${partition}@${baseOffset}`);
  }

  /** Drops the entries below `offset` and moves the log start there, as retention will. */
  retain(partition: number, offset: number): void {
    this.logStart.set(partition, offset);
    this.entries.set(partition, (this.entries.get(partition) ?? []).filter((e) => e.baseOffset + e.count > offset));
  }

  engine(opts: { now?: () => number } = {}): Engine {
    return createEngine(this.storage(), { ...opts, sleep: async () => undefined });
  }

  storage(): Storage {
    const view = (partition: number, consistency: ReadConsistency): IndexEntry[] =>
      (this.entries.get(partition) ?? []).filter((e) => consistency === 'strong' || !this.hidden.has(`${partition}@${e.baseOffset}`));
    const record = (op: IndexRead['op'], partition: number, consistency: ReadConsistency = 'strong', limit?: number) => {
      this.reads.push({ op, partition, consistency, ...(limit !== undefined ? { limit } : {}) });
      return view(partition, consistency);
    };
    const index: BatchIndex = {
      commit: async () => { throw new Error('read-only double'); },
      commitWithProducer: async () => { throw new Error('read-only double'); },
      latest: async (_t, p, c) => record('latest', p, c).at(-1),
      floor: async (_t, p, offset, c) => record('floor', p, c).filter((e) => e.baseOffset <= offset).at(-1),
      after: async (_t, p, offset, limit, c) => record('after', p, c, limit).filter((e) => e.baseOffset > offset).slice(0, limit),
      firstAtOrAfterTime: async () => undefined,
    };
    return {
      index,
      objects: {
        put: async () => { throw new Error('read-only double'); },
        getRange: async (key, start, length) => {
          this.gets.push({ key, start, length });
          return Buffer.from(this.objects.get(key)!.subarray(start, start + length));
        },
      },
      topics: {
        create: async () => undefined,
        get: async (name) => (name === TOPIC.name ? { ...TOPIC } : undefined),
        list: async () => [{ ...TOPIC }],
        replace: async () => false,
        delete: async () => false,
      },
      partitions: {
        logStartOffsets: async (_t, partitions) => {
          this.logStartReads++;
          return new Map(partitions.map((p) => [p, this.logStart.get(p) ?? 0]));
        },
      },
      producers: { init: async () => ({ producerId: 1, producerEpoch: 0 }), state: async () => undefined },
    };
  }
}
