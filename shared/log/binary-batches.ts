import { SluiceError } from '../api/errors.ts';
import type { PartitionFrame } from '../api/frames.ts';
import { compacts } from '../api/topic-configs.ts';
import { decodeBatches, validateBatches, type BatchHeader } from '../codec/index.ts';
import type { PartitionPayload } from './payload.ts';
import type { ProducerStamp, TopicRecord } from './ports.ts';
import { checkPartition } from './topics.ts';

/**
 * Checks the batches a client encoded and turns them into payloads, stored as received.
 * Beyond the header and CRC checks every record is decoded once, so that a batch with a valid
 * CRC over garbage can never reach a reader. Transactional and control batches are refused:
 * Sluice has no transactions.
 */
export function binaryPayloads(
  topic: TopicRecord,
  frames: PartitionFrame[],
  opts: { maxBatchBytes: number; maxUncompressedBytes: number },
): PartitionPayload[] {
  const byPartition = new Map<number, Buffer[]>();
  for (const frame of frames) {
    checkPartition(topic, frame.partition);
    const list = byPartition.get(frame.partition) ?? [];
    list.push(frame.batches);
    byPartition.set(frame.partition, list);
  }
  const payloads: PartitionPayload[] = [];
  for (const [partition, parts] of byPartition) {
    const batches = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const headers = validateBatches(batches);
    const decoded = decodeBatches(batches, { maxUncompressedBytes: opts.maxUncompressedBytes });
    if (compacts(topic.configs)) {
      for (const b of decoded) for (const r of b.records) if (r.key === null) throw keyRequired(topic, partition);
    }
    const batchStarts: number[] = [];
    let pos = 0;
    let count = 0;
    let maxTimestamp = -1;
    for (const h of headers) {
      if (h.transactional || h.control) {
        throw new SluiceError('INVALID_RECORD', `partition ${partition}: transactional and control batches are not supported`, { partition });
      }
      if (h.size > opts.maxBatchBytes) {
        throw new SluiceError(
          'RECORD_TOO_LARGE',
          `partition ${partition}: a batch of ${h.size} bytes exceeds the topic's max.message.bytes ${opts.maxBatchBytes}`,
          { partition },
        );
      }
      batchStarts.push(pos);
      pos += h.size;
      count += h.lastOffsetDelta + 1;
      if (h.maxTimestamp > maxTimestamp) maxTimestamp = h.maxTimestamp;
    }
    const producer = producerStamp(partition, headers);
    payloads.push({ partition, batches, count, maxTimestamp, batchStarts, ...(producer ? { producer } : {}) });
  }
  return payloads;
}

/**
 * The idempotent producer fields of a partition's batches: all from one producer and epoch, with
 * sequences following on from batch to batch. Batches without a producer id (-1) are plain.
 */
function producerStamp(partition: number, headers: BatchHeader[]): ProducerStamp | undefined {
  const first = headers[0]!;
  if (headers.every((h) => h.producerId === -1)) return undefined;
  let nextSeq = first.baseSequence;
  for (const h of headers) {
    if (h.producerId !== first.producerId || h.producerEpoch !== first.producerEpoch) {
      throw new SluiceError('INVALID_RECORD', `partition ${partition}: batches of one request mix producers or epochs`, { partition });
    }
    if (h.producerId < 0 || h.producerEpoch < 0 || h.baseSequence !== nextSeq || h.baseSequence < 0) {
      throw new SluiceError(
        'INVALID_RECORD',
        `partition ${partition}: an idempotent batch needs producer id, epoch and a base sequence following the previous batch (got ${h.baseSequence}, expected ${nextSeq})`,
        { partition },
      );
    }
    nextSeq += h.lastOffsetDelta + 1;
  }
  return { producerId: first.producerId, epoch: first.producerEpoch, firstSeq: first.baseSequence, lastSeq: nextSeq - 1 };
}

/** Kafka's answer to a record without a key on a compacted topic. */
export function keyRequired(topic: TopicRecord, partition: number): SluiceError {
  return new SluiceError(
    'INVALID_RECORD',
    `topic ${topic.name} is compacted (cleanup.policy ${topic.configs['cleanup.policy']}): every record needs a key`,
    { partition },
  );
}
