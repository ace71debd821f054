import { SluiceError } from '../api/errors.ts';
import { encodeBatch, type Compression, type RecordHeader, type RecordInput } from '../codec/index.ts';
import type { PartitionPayload } from './payload.ts';

/** A record of a JSON produce request, after its strings were decoded to bytes. */
export interface ProduceRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  partition?: number;
  timestamp?: number;
}

/** Varint and attribute overhead of one record inside a batch, at most. */
const RECORD_OVERHEAD = 21;
/** The fixed RecordBatch v2 header. */
const BATCH_OVERHEAD = 61;

export function recordSize(r: RecordInput): number {
  let size = RECORD_OVERHEAD + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers ?? []) size += 10 + Buffer.byteLength(h.key) + (h.value?.length ?? 0);
  return size;
}

/**
 * Encodes the records bound for each partition into batches no larger than the topic's
 * max.message.bytes (as Kafka's producer splits them), in request order within a partition.
 */
export interface JsonProducer {
  producerId: number;
  epoch: number;
  /** The base sequence of each partition's records in this request. */
  baseSequences: Map<number, number>;
}

export function encodeJsonPayloads(
  byPartition: Map<number, RecordInput[]>,
  opts: { compression: Compression; maxBatchBytes: number; producer?: JsonProducer },
): PartitionPayload[] {
  const payloads: PartitionPayload[] = [];
  for (const [partition, records] of byPartition) {
    const producer = opts.producer;
    const firstSeq = producer?.baseSequences.get(partition);
    if (producer && firstSeq === undefined) {
      throw new SluiceError('INVALID_REQUEST', `producer.baseSequences has no sequence for partition ${partition}, which this request writes to`, {
        partition,
      });
    }
    let seq = firstSeq ?? -1;
    const chunks: Buffer[] = [];
    const batchStarts: number[] = [];
    let pos = 0;
    let group: RecordInput[] = [];
    let groupBytes = BATCH_OVERHEAD;
    let maxTimestamp = -1;
    const flush = (): void => {
      if (group.length === 0) return;
      const batch = encodeBatch(group, {
        compression: opts.compression,
        ...(producer ? { producerId: producer.producerId, producerEpoch: producer.epoch, baseSequence: seq } : {}),
      });
      if (producer) seq += group.length;
      batchStarts.push(pos);
      chunks.push(batch);
      pos += batch.length;
      group = [];
      groupBytes = BATCH_OVERHEAD;
    };
    for (const [i, r] of records.entries()) {
      const size = recordSize(r);
      if (size + BATCH_OVERHEAD > opts.maxBatchBytes) {
        throw new SluiceError(
          'RECORD_TOO_LARGE',
          `record ${i} for partition ${partition} is about ${size} bytes; the topic's max.message.bytes is ${opts.maxBatchBytes}`,
          { partition },
        );
      }
      if (groupBytes + size > opts.maxBatchBytes) flush();
      group.push(r);
      groupBytes += size;
      if (r.timestamp > maxTimestamp) maxTimestamp = r.timestamp;
    }
    flush();
    const stamp = producer ? { producerId: producer.producerId, epoch: producer.epoch, firstSeq: firstSeq!, lastSeq: firstSeq! + records.length - 1 } : undefined;
    payloads.push({ partition, batches: Buffer.concat(chunks, pos), count: records.length, maxTimestamp, batchStarts, ...(stamp ? { producer: stamp } : {}) });
  }
  return payloads;
}
