import { SluiceError } from '../api/errors.ts';
import type { PartitionFrame } from '../api/frames.ts';
import { decodeBatches, validateBatches } from '../codec/index.ts';
import type { PartitionPayload } from './payload.ts';
import type { TopicRecord } from './ports.ts';
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
    decodeBatches(batches, { maxUncompressedBytes: opts.maxUncompressedBytes });
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
    payloads.push({ partition, batches, count, maxTimestamp, batchStarts });
  }
  return payloads;
}
