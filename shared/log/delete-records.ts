import { SluiceError } from '../api/errors.ts';
import type { Appender } from './append.ts';
import { mapLimit } from './map-limit.ts';
import type { Storage, TopicRecord } from './ports.ts';
import { checkPartition } from './topics.ts';

export interface DeleteRecordsTarget {
  partition: number;
  /** Records below this offset go; -1 means the high watermark (everything), as in Kafka. */
  offset: number;
}

export interface DeleteRecordsResult {
  partition: number;
  /** The partition's log start offset afterwards (Kafka's low watermark). */
  lowWatermark: number;
}

/**
 * Kafka's DeleteRecords: moves partitions' log start offsets forward by hand. The move is one
 * conditional write that never goes backwards (invariant 4); fetches below the new start answer
 * OFFSET_OUT_OF_RANGE from then on, and maintenance deletes what lies behind it. An offset beyond
 * the high watermark is refused with OFFSET_OUT_OF_RANGE, as Kafka refuses it; one below the current
 * start changes nothing.
 */
export async function deleteRecords(
  deps: { storage: Storage; appender: Appender },
  topic: TopicRecord,
  targets: DeleteRecordsTarget[],
): Promise<DeleteRecordsResult[]> {
  const { partitions } = deps.storage;
  if (!partitions.advanceLogStart) throw new SluiceError('INTERNAL', 'this storage cannot move log start offsets');
  const seen = new Set<number>();
  for (const t of targets) {
    checkPartition(topic, t.partition);
    if (seen.has(t.partition)) throw new SluiceError('INVALID_REQUEST', `partition ${t.partition} is named twice`);
    seen.add(t.partition);
    if (!Number.isSafeInteger(t.offset) || t.offset < -1) {
      throw new SluiceError('INVALID_OFFSET', `offset ${t.offset} of partition ${t.partition} must be -1 (the high watermark) or a non-negative integer`);
    }
  }
  // Every target is checked before any log start moves: a bad one changes nothing.
  const highs = await mapLimit(targets, 32, (t) => deps.appender.highWatermark(topic.id, t.partition));
  targets.forEach((t, i) => {
    if (t.offset > highs[i]!) {
      throw new SluiceError('OFFSET_OUT_OF_RANGE', `offset ${t.offset} of partition ${t.partition} is beyond its high watermark ${highs[i]}`, {
        partition: t.partition,
        offset: t.offset,
        highWatermark: highs[i],
      });
    }
  });
  return mapLimit(targets, 32, async (t, i) => {
    const offset = t.offset === -1 ? highs[i]! : t.offset;
    return { partition: t.partition, lowWatermark: await partitions.advanceLogStart!(topic.id, t.partition, offset) };
  });
}
