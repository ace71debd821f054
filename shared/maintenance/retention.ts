import { compacts, deletesByRetention, numericConfig } from '../api/topic-configs.ts';
import type { IndexEntry, MaintenanceState, Storage, TopicRecord } from '../log/ports.ts';
import { end, isHollow, walk } from './entries.ts';

export interface RetentionPlan {
  /** The log start to move to (>= the current one). */
  logStart: number;
  /** Entries wholly below it, ascending. */
  dead: IndexEntry[];
  /** Whether the last dead entry is the partition's latest (no entry follows it). */
  deadIsLatest: boolean;
}

/**
 * Kafka's delete retention over a partition's entries (segments, and the unmerged head), oldest
 * first, stopping at the first entry that stays:
 * - `retention.ms`: an entry goes when its newest timestamp is older than the limit;
 * - `retention.bytes`: the oldest go while what remains without them is still at least the limit.
 * `-1` turns either off. Only whole entries go, as Kafka deletes whole segments; the log start
 * becomes the end of the last one. Topics without `delete` in cleanup.policy keep everything.
 *
 * The partition's size comes without reading its segments: each segment carries the cumulative
 * bytes of the log up to its end, the maintenance state those up to `mergedTo`, and the head
 * (`head`, the entries from `mergedTo`) is summed. On a compacted topic (`compact,delete`)
 * segments shrink, so the entries are summed instead.
 */
export async function planRetention(
  storage: Storage,
  topic: TopicRecord,
  partition: number,
  state: MaintenanceState,
  logStart: number,
  head: readonly IndexEntry[],
  now: number,
): Promise<RetentionPlan> {
  const retentionMs = numericConfig(topic.configs, 'retention.ms');
  const retentionBytes = numericConfig(topic.configs, 'retention.bytes');
  const applies = deletesByRetention(topic.configs);
  const cutoff = applies && retentionMs >= 0 ? now - retentionMs : -Infinity;
  const bySize = applies && retentionBytes >= 0;
  const dead: IndexEntry[] = [];
  let start = logStart;
  let covered = -Infinity;
  let size: number | undefined;
  // Compaction shrinks segments, so their cumulative counts no longer add up: sum what is there.
  if (bySize && compacts(topic.configs)) {
    size = 0;
    for await (const e of walk(storage, topic.id, partition, 0)) if (end(e) > logStart) size += e.byteLength;
  }
  let exhausted = true;
  for await (const e of walk(storage, topic.id, partition, 0)) {
    // An entry a swap replaced, beside its segment: the cleanup deletes it, not retention.
    if (e.baseOffset < covered) continue;
    covered = end(e);
    if (end(e) <= start || isHollow(e)) {
      dead.push(e);
      continue;
    }
    if (bySize && size === undefined) size = liveSize(e, state, head);
    const byTime = e.maxTimestamp < cutoff;
    const overSize = size !== undefined && size - e.byteLength >= retentionBytes;
    if (!byTime && !overSize) {
      exhausted = false;
      break;
    }
    start = end(e);
    dead.push(e);
    if (size !== undefined) size -= e.byteLength;
  }
  return { logStart: start, dead, deadIsLatest: exhausted && dead.length > 0 };
}

/** Bytes of the partition from entry `first` (the oldest live one) to its end. */
function liveSize(first: IndexEntry, state: MaintenanceState, head: readonly IndexEntry[]): number {
  const headBytes = head.filter((e) => e.baseOffset >= first.baseOffset && !e.chunks).reduce((n, e) => n + e.byteLength, 0);
  if (first.cumulativeBytes === undefined) return headBytes;
  return state.mergedBytes - (first.cumulativeBytes - first.byteLength) + headBytes;
}
