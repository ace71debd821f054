import { decodeBatches } from '../codec/index.ts';
import type { Appender } from './append.ts';
import { mapLimit } from './map-limit.ts';
import { patchOffsets } from './patch-offsets.ts';
import type { Storage, TopicRecord } from './ports.ts';
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

  /** The first offset whose record timestamp is >= timestamp, at or after the log start. */
  private async byTimestamp(topic: TopicRecord, b: PartitionBounds, timestamp: number): Promise<PartitionOffset> {
    const none = { partition: b.partition, offset: -1, timestamp: -1 };
    const { storage } = this.deps;
    const floor = await storage.index.floor(topic.id, b.partition, b.logStartOffset);
    const from = floor && floor.baseOffset + floor.count > b.logStartOffset ? floor.baseOffset : b.logStartOffset;
    const entry = await storage.index.firstAtOrAfterTime(topic.id, b.partition, from, timestamp);
    if (!entry) return none;
    const bytes = await storage.objects.getRange(entry.objectKey, entry.byteStart, entry.byteLength);
    patchOffsets(bytes, entry);
    for (const { header, records } of decodeBatches(bytes)) {
      for (const r of records) {
        const ts = header.timestampType === 'logAppend' ? header.maxTimestamp : r.timestamp;
        if (r.offset >= b.logStartOffset && ts >= timestamp) return { partition: b.partition, offset: r.offset, timestamp: ts };
      }
    }
    return none;
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
