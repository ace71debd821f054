import { decodeBatches } from '../codec/index.ts';
import type { Appender } from './append.ts';
import { mapLimit } from './map-limit.ts';
import { maxTimestampRecord, type TimedRecord } from './max-timestamp.ts';
import { checkSegmentOffsets, patchOffsets } from './patch-offsets.ts';
import type { IndexEntry, Storage, TopicRecord } from './ports.ts';
import { expandEntry } from './segments.ts';
import { checkPartition } from './topics.ts';

export type OffsetSpec =
  | { at: 'earliest' }
  | { at: 'latest' }
  | { at: 'timestamp'; timestamp: number }
  /** The first record with the greatest timestamp (Kafka's ListOffsets -3); scans the partition's index. */
  | { at: 'maxTimestamp' };

export interface PartitionOffset {
  partition: number;
  /** -1 when asked by timestamp and no record is that recent, as in Kafka's ListOffsets. */
  offset: number;
  /** The record's timestamp for a timestamp lookup; -1 otherwise. */
  timestamp: number;
}

export interface PartitionBounds {
  partition: number;
  logStartOffset: number;
  highWatermark: number;
}

/** ListOffsets, and the per-partition bounds that describe-topic shows. */
export class OffsetsService {
  constructor(private readonly deps: { storage: Storage; appender: Appender }) {}

  async bounds(topic: TopicRecord, partitions: number[] = range(topic.partitions)): Promise<PartitionBounds[]> {
    for (const p of partitions) checkPartition(topic, p);
    const [starts, highs] = await Promise.all([
      this.deps.storage.partitions.logStartOffsets(topic.id, partitions),
      mapLimit(partitions, 32, (p) => this.deps.appender.highWatermark(topic.id, p)),
    ]);
    return partitions.map((partition, i) => ({
      partition,
      logStartOffset: starts.get(partition) ?? 0,
      highWatermark: highs[i]!,
    }));
  }

  async list(topic: TopicRecord, spec: OffsetSpec, partitions?: number[]): Promise<PartitionOffset[]> {
    const bounds = await this.bounds(topic, partitions);
    if (spec.at === 'earliest') return bounds.map((b) => ({ partition: b.partition, offset: b.logStartOffset, timestamp: -1 }));
    if (spec.at === 'latest') return bounds.map((b) => ({ partition: b.partition, offset: b.highWatermark, timestamp: -1 }));
    if (spec.at === 'maxTimestamp') return mapLimit(bounds, 8, (b) => this.byMaxTimestamp(topic, b));
    return mapLimit(bounds, 32, (b) => this.byTimestamp(topic, b, spec.timestamp));
  }

  private async byMaxTimestamp(topic: TopicRecord, b: PartitionBounds): Promise<PartitionOffset> {
    const found = await maxTimestampRecord(this.deps.storage, topic, b.partition, b.logStartOffset, (e, logStart) => this.maxInEntry(e, logStart));
    return { partition: b.partition, offset: found?.offset ?? -1, timestamp: found?.timestamp ?? -1 };
  }

  /**
   * The first offset whose record timestamp is >= timestamp, at or after the log start. The index
   * finds the first entry (or segment chunk) whose max timestamp is that recent; its records are
   * read to find the record itself.
   */
  private async byTimestamp(topic: TopicRecord, b: PartitionBounds, timestamp: number): Promise<PartitionOffset> {
    const none = { partition: b.partition, offset: -1, timestamp: -1 };
    const { storage } = this.deps;
    const floor = await storage.index.floor(topic.id, b.partition, b.logStartOffset);
    let from = floor && floor.baseOffset + floor.count > b.logStartOffset ? floor.baseOffset : b.logStartOffset;
    // Records below the log start, or older than their entry's max timestamp, can leave an entry
    // without a match; the next one is looked at then.
    for (let i = 0; i < 10; i++) {
      const entry = await storage.index.firstAtOrAfterTime(topic.id, b.partition, from, timestamp);
      if (!entry) return none;
      for (const chunk of expandEntry(entry)) {
        if (chunk.maxTimestamp < timestamp || chunk.baseOffset + chunk.count <= b.logStartOffset || chunk.byteLength === 0) continue;
        const found = await this.firstInEntry(chunk, b.logStartOffset, timestamp);
        if (found) return { partition: b.partition, ...found };
      }
      from = entry.baseOffset + entry.count;
    }
    return none;
  }

  private async firstInEntry(entry: IndexEntry, logStart: number, timestamp: number): Promise<TimedRecord | undefined> {
    for (const r of await this.timedRecords(entry)) if (r.offset >= logStart && r.timestamp >= timestamp) return r;
    return undefined;
  }

  private async maxInEntry(entry: IndexEntry, logStart: number): Promise<TimedRecord | undefined> {
    let best: TimedRecord | undefined;
    for (const r of await this.timedRecords(entry)) if (r.offset >= logStart && (!best || r.timestamp > best.timestamp)) best = r;
    return best;
  }

  /** An entry's records with the timestamps a reader sees (a log-append-time batch's own time). */
  private async timedRecords(entry: IndexEntry): Promise<TimedRecord[]> {
    const bytes = await this.deps.storage.objects.getRange(entry.objectKey, entry.byteStart, entry.byteLength);
    if (entry.inSegment) checkSegmentOffsets(bytes, entry);
    else patchOffsets(bytes, entry);
    return decodeBatches(bytes).flatMap(({ header, records }) =>
      records.map((r) => ({ offset: r.offset, timestamp: header.timestampType === 'logAppend' ? header.maxTimestamp : r.timestamp })),
    );
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
