/**
 * The rule of a compacted topic, checked over a chaos run's history (chaos/compaction-workload.ts):
 * the writes (acknowledged, or in flight with their outcome unknown) and every full read of the
 * partition. Pure: no storage, no clock.
 *
 * During the run, every read must show only written records, each at its own offset with its own
 * key and value, offsets strictly increasing; a record acknowledged before the read started may be
 * missing from it only if compaction was allowed to remove it: a later record of its key was
 * written (its write started) before the read ended, or it is a tombstone old enough that
 * `delete.retention.ms` may have run out (with slack). At the end, after clean passes, a full
 * read must show every key once in the compacted part, with its latest written value, and no
 * tombstone that had time to expire.
 */

export interface CompactionWrite {
  process: string;
  key: string;
  /** null: a tombstone. Values are unique in a run. */
  value: string | null;
  invokeTime: number;
  completeTime: number;
  /** Acknowledged with this offset; undefined when the outcome is unknown (in flight). */
  offset?: number;
}

export interface ReadRecord {
  offset: number;
  key: string | null;
  value: string | null;
}

export interface CompactionRead {
  process: string;
  startTime: number;
  endTime: number;
  records: ReadRecord[];
}

export interface FinalRead {
  /** The time the read started. */
  time: number;
  records: ReadRecord[];
  /** Offsets below this have been compacted (the partition's checkpoint after the last pass). */
  cleanedTo: number;
  /** Tombstones whose write completed before this time must be gone from the final read. */
  tombstonesGoneBefore?: number;
}

export interface CompactionHistory {
  writes: CompactionWrite[];
  reads: CompactionRead[];
  final?: FinalRead;
  /** The topic's delete.retention.ms. */
  deleteRetentionMs: number;
}

export const COMPACTION_ANOMALY_KINDS = [
  /** A read showed a record no write made: unknown offset, or another key or value than written there. */
  'invented-record',
  /** Offsets not strictly increasing within one read. */
  'offset-order',
  /** A record acknowledged before a read started is missing from it, and compaction had no right to remove it. */
  'lost-record',
  /** The final read shows a key's value other than its latest written one (or a value for a deleted key). */
  'final-wrong-value',
  /** The final read lacks a key whose latest write is a value. */
  'final-missing-key',
  /** A key appears more than once in the compacted part of the final read. */
  'final-duplicate-key',
  /** A tombstone still readable at the end although delete.retention.ms ran out before the last passes. */
  'final-tombstone-kept',
] as const;
export type CompactionAnomalyKind = (typeof COMPACTION_ANOMALY_KINDS)[number];

export interface CompactionAnomaly {
  kind: CompactionAnomalyKind;
  detail: string;
}

export interface CompactionCheck {
  ok: boolean;
  counts: Record<CompactionAnomalyKind, number>;
  /** Up to 5 of each kind. */
  examples: CompactionAnomaly[];
  stats: {
    writes: number;
    acked: number;
    inFlight: number;
    inFlightSeen: number;
    reads: number;
    recordsRead: number;
    /** Records absent from a read that the rule allowed compaction to remove. */
    compactedAwaySeen: number;
  };
}

/** Slack on the tombstone clock: a pass's time may precede a commit it then merges and compacts. */
export const TOMBSTONE_SLACK_MS = 1_000;

const show = (v: string | null) => (v === null ? 'tombstone' : JSON.stringify(v));

export function checkCompaction(h: CompactionHistory): CompactionCheck {
  const counts = Object.fromEntries(COMPACTION_ANOMALY_KINDS.map((k) => [k, 0])) as Record<CompactionAnomalyKind, number>;
  const examples: CompactionAnomaly[] = [];
  const flag = (kind: CompactionAnomalyKind, detail: string) => {
    counts[kind]++;
    if (examples.filter((e) => e.kind === kind).length < 5) examples.push({ kind, detail });
  };

  // What is known at each offset: the acknowledged writes; an in-flight write is placed at the
  // offset a read first shows it (values are unique, tombstones are matched by key and offset).
  const atOffset = new Map<number, CompactionWrite>();
  const byValue = new Map<string, CompactionWrite>();
  const inFlight: CompactionWrite[] = [];
  for (const w of h.writes) {
    if (w.offset !== undefined) atOffset.set(w.offset, w);
    else inFlight.push(w);
    if (w.value !== null) byValue.set(w.value, w);
  }
  const placed = new Map<CompactionWrite, number>();
  const recordsAll = [...h.reads.map((r) => r.records), ...(h.final ? [h.final.records] : [])];
  for (const records of recordsAll) {
    for (const r of records) {
      if (atOffset.has(r.offset)) continue;
      const w = r.value !== null ? byValue.get(r.value) : inFlight.find((x) => x.value === null && x.key === r.key && !placed.has(x));
      if (w && w.offset === undefined && w.key === r.key && !placed.has(w)) {
        placed.set(w, r.offset);
        atOffset.set(r.offset, w);
      }
    }
  }

  // Per key, the start times of its writes, with their offsets (known ones only), for the excuse.
  const writesOf = new Map<string, { offset: number; invokeTime: number }[]>();
  for (const [offset, w] of atOffset) {
    const list = writesOf.get(w.key) ?? [];
    list.push({ offset, invokeTime: w.invokeTime });
    writesOf.set(w.key, list);
  }
  // An in-flight write never seen may have committed (and been compacted away itself): it
  // supersedes what was acknowledged before it started.
  const unplaced = inFlight.filter((w) => !placed.has(w));
  const superseded = (w: CompactionWrite, offset: number, time: number) =>
    (writesOf.get(w.key) ?? []).some((x) => x.offset > offset && x.invokeTime < time) ||
    unplaced.some((x) => x.key === w.key && x.completeTime > w.invokeTime && x.invokeTime < time);

  let recordsRead = 0;
  let compactedAwaySeen = 0;
  const checkRecords = (who: string, records: ReadRecord[]) => {
    let last = -1;
    for (const r of records) {
      recordsRead++;
      if (r.offset <= last) flag('offset-order', `${who}: offset ${r.offset} after ${last}`);
      last = Math.max(last, r.offset);
      const w = atOffset.get(r.offset);
      if (!w) flag('invented-record', `${who}: offset ${r.offset} (key ${r.key}, ${show(r.value)}) was never written`);
      else if (w.key !== r.key || w.value !== r.value) {
        flag('invented-record', `${who}: offset ${r.offset} shows key ${r.key} ${show(r.value)}, written: key ${w.key} ${show(w.value)}`);
      }
    }
  };

  for (const read of h.reads) {
    const who = `${read.process} read ${read.startTime}..${read.endTime}`;
    checkRecords(who, read.records);
    const seen = new Set(read.records.map((r) => r.offset));
    for (const w of h.writes) {
      if (w.offset === undefined || w.completeTime >= read.startTime || seen.has(w.offset)) continue;
      if (superseded(w, w.offset, read.endTime)) {
        compactedAwaySeen++;
        continue;
      }
      if (w.value === null && w.invokeTime + h.deleteRetentionMs - TOMBSTONE_SLACK_MS < read.endTime) {
        compactedAwaySeen++;
        continue;
      }
      flag('lost-record', `${who}: offset ${w.offset} (key ${w.key}, ${show(w.value)}, acknowledged at ${w.completeTime}) missing, and nothing later of its key`);
    }
  }

  if (h.final) {
    const f = h.final;
    checkRecords('final read', f.records);
    // The latest known write of each key (acknowledged, or in flight and seen).
    const latest = new Map<string, { offset: number; w: CompactionWrite }>();
    for (const [offset, w] of atOffset) {
      const cur = latest.get(w.key);
      if (!cur || offset > cur.offset) latest.set(w.key, { offset, w });
    }
    const lastRead = new Map<string, ReadRecord>();
    const compactedKeys = new Map<string, number>();
    for (const r of f.records) {
      if (r.key === null) continue;
      lastRead.set(r.key, r);
      if (r.offset < f.cleanedTo) {
        const prev = compactedKeys.get(r.key);
        if (prev !== undefined) flag('final-duplicate-key', `key ${r.key} at offsets ${prev} and ${r.offset}, both below the checkpoint ${f.cleanedTo}`);
        compactedKeys.set(r.key, r.offset);
      }
    }
    for (const [key, { offset, w }] of latest) {
      const got = lastRead.get(key);
      // A later write in flight, never seen, may have committed: the key's end is unknown.
      if (unplaced.some((x) => x.key === key && x.completeTime > w.invokeTime)) continue;
      if (w.value !== null) {
        if (!got) flag('final-missing-key', `key ${key}: latest ${show(w.value)} at ${offset}, absent`);
        else if (got.offset !== offset || got.value !== w.value) {
          flag('final-wrong-value', `key ${key}: shows ${show(got.value)} at ${got.offset}, latest ${show(w.value)} at ${offset}`);
        }
        continue;
      }
      if (got && (got.offset !== offset || got.value !== null)) {
        flag('final-wrong-value', `key ${key}: shows ${show(got.value)} at ${got.offset}, deleted by the tombstone at ${offset}`);
      } else if (got && f.tombstonesGoneBefore !== undefined && w.completeTime < f.tombstonesGoneBefore) {
        flag('final-tombstone-kept', `key ${key}: tombstone at ${offset}, written at ${w.completeTime}, still read at ${f.time}`);
      }
    }
    for (const [key, r] of lastRead) {
      if (!latest.has(key)) flag('final-wrong-value', `key ${key}: shows ${show(r.value)} at ${r.offset}, never written`);
    }
  }

  return {
    ok: Object.values(counts).every((n) => n === 0),
    counts,
    examples,
    stats: {
      writes: h.writes.length,
      acked: h.writes.filter((w) => w.offset !== undefined).length,
      inFlight: inFlight.length,
      inFlightSeen: placed.size,
      reads: h.reads.length,
      recordsRead,
      compactedAwaySeen,
    },
  };
}
