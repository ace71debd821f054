import { decodeBatches } from '../codec/index.ts';
import type { Appender } from './append.ts';
import { mapLimit } from './map-limit.ts';
import { checkSegmentOffsets, patchOffsets } from './patch-offsets.ts';
import type { IndexEntry, Storage, TopicRecord } from './ports.ts';
import { expandEntry } from './segments.ts';
import { checkPartition } from './topics.ts';

export type OffsetSpec = { at: 'earliest' } | { at: 'latest' } | { at: 'timestamp'; timestamp: number };

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
    return mapLimit(bounds, 32, (b) => this.byTimestamp(topic, b, spec.timestamp));
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

  private async firstInEntry(entry: IndexEntry, logStart: number, timestamp: number): Promise<{ offset: number; timestamp: number } | undefined> {
    const bytes = await this.deps.storage.objects.getRange(entry.objectKey, entry.byteStart, entry.byteLength);
    if (entry.inSegment) checkSegmentOffsets(bytes, entry);
    else patchOffsets(bytes, entry);
    for (const { header, records } of decodeBatches(bytes)) {
      for (const r of records) {
        const ts = header.timestampType === 'logAppend' ? header.maxTimestamp : r.timestamp;
        if (r.offset >= logStart && ts >= timestamp) return { offset: r.offset, timestamp: ts };
      }
    }
    return undefined;
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
