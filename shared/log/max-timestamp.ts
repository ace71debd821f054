import { mapLimit } from './map-limit.ts';
import type { IndexEntry, Storage, TopicRecord } from './ports.ts';
import { expandAll, withoutOverlaps } from './segments.ts';

/** Index entries read per Query while scanning a partition. */
const PAGE = 100;

/** A record found by a scan: its offset and timestamp (as a reader sees it). */
export interface TimedRecord {
  offset: number;
  timestamp: number;
}

/**
 * Kafka's ListOffsets "max timestamp" (-3, KIP-734): the first record with the greatest timestamp
 * in the partition, at or after the log start. Timestamps need not grow with offsets, so the
 * whole index is scanned (each entry and segment chunk carries its max timestamp); only the chunk
 * holding the winner is read, plus the one the log start cuts through, whose max may lie below
 * the start. A costly call, as it is in Kafka (which keeps the max per segment): it serves admin
 * tools, not consumers.
 *
 * `maxInEntry` reads an entry's records and returns its first record with the greatest timestamp
 * at or after `logStart` (undefined when none is).
 */
export async function maxTimestampRecord(
  storage: Storage,
  topic: TopicRecord,
  partition: number,
  logStart: number,
  maxInEntry: (entry: IndexEntry, logStart: number) => Promise<TimedRecord | undefined>,
): Promise<TimedRecord | undefined> {
  const floor = await storage.index.floor(topic.id, partition, logStart);
  let after = floor && floor.baseOffset + floor.count > logStart ? floor.baseOffset - 1 : logStart - 1;
  let coveredTo = -Infinity;
  let cut: IndexEntry | undefined;
  let best: IndexEntry | undefined;
  for (;;) {
    const raw = await storage.index.after(topic.id, partition, after, PAGE);
    for (const e of withoutOverlaps(expandAll(raw), coveredTo)) {
      coveredTo = e.baseOffset + e.count;
      if (coveredTo <= logStart || e.byteLength === 0) continue;
      if (e.baseOffset < logStart) cut = e;
      else if (!best || e.maxTimestamp > best.maxTimestamp) best = e;
    }
    if (raw.length < PAGE) break;
    after = raw[raw.length - 1]!.baseOffset;
  }
  const [fromCut, fromBest] = await mapLimit([cut, best], 2, async (e) => (e ? maxInEntry(e, logStart) : undefined));
  if (!fromCut) return fromBest;
  // The cut entry comes first in the log, so it wins ties.
  return fromBest && fromBest.timestamp > fromCut.timestamp ? fromBest : fromCut;
}
