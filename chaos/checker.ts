/**
 * The history checker: Jepsen's Kafka anomalies, over a history of sends and polls. Pure.
 *
 * The version order of a partition is what the history saw at each offset: the offsets sends
 * were acknowledged with, and the records polls read. From it:
 *
 * | Anomaly | Meaning here |
 * |---|---|
 * | lost-write | An acknowledged value never read, while some poll read its partition at or past the value's offset; or read during the run, yet missing from the final catch-up read at or above the log start. |
 * | unseen | An acknowledged value never read, with nothing read at or past its offset. After the final catch-up read there should be none: that read is what tells lost from unseen. |
 * | duplicate | One value at two or more offsets. |
 * | inconsistent-offsets | Two or more values at one offset of a partition. |
 * | nonmonotonic-send | One producer's acknowledged offsets in a partition, in send order, do not increase. |
 * | nonmonotonic-poll | One consumer's successive reads of a partition do not increase. |
 * | poll-skip | One consumer's successive reads of a partition jump over an offset known to hold a value. |
 * | G1a | A value whose send definitely failed (`fail`, never `info`) was read: an aborted read. |
 * | corrupt-read | A value read with other bytes than it was sent with (timestamp, key, headers). |
 * | offset-regression | A value acknowledged below a log start that was in place before its send began: offsets went back, or restarted after an expiry. |
 * | stale-swap | A merge's swap accepted after another maintenance instance took the partition's lease. |
 * | unfinished-maintenance | After the last maintenance passes (without faults), a swap's cleanup still pending, replaced entries still beside their segment, or expired entries still indexed. |
 *
 * Retention and DeleteRecords may remove records: a value may go unread only below its
 * partition's log start (the highest the history saw; log starts never move back). Such values
 * are counted as expired, and offsets below the log start are not held against a consumer that
 * jumped over them (`poll-skip`). Everything at or above it must be read back exactly once, at its
 * offset, with its bytes.
 *
 * Consumer groups add their own checks (chaos/group-checker.ts): `stale-commit`, `stale-poll`,
 * `nonmonotonic-commit`, `phantom-commit`, and `poll-skip` for offsets the group committed past
 * without delivering.
 * A group member's polls are ordered per ownership of a partition, not per process: a member that
 * gets a partition back starts again from the committed offset, and that redelivery is expected.
 */
import { checkGroups, type GroupStats } from './group-checker.ts';
import type { LogStartOp, MaintenanceLeftOp, MaintenanceOp, Op, PollOp, SendOp } from './history.ts';
import { expectedFingerprint } from './record-bytes.ts';
import { groupByProcess, knownBetween } from './history-order.ts';

export { knownBetween };

/** The process of the final catch-up read, taken without faults once the workload is done. */
export const FINAL_PROCESS = 'final';

export const ANOMALY_KINDS = [
  'lost-write', 'duplicate', 'inconsistent-offsets', 'nonmonotonic-send', 'nonmonotonic-poll', 'poll-skip', 'G1a', 'unseen',
  'stale-commit', 'stale-poll', 'nonmonotonic-commit', 'phantom-commit',
  'corrupt-read', 'offset-regression', 'stale-swap', 'unfinished-maintenance',
] as const;

export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  kind: AnomalyKind;
  partition: number;
  /** What makes it an anomaly, for the person reading the report. */
  [field: string]: unknown;
}

export interface CheckResult {
  /** True when no anomaly was found. */
  valid: boolean;
  counts: Record<AnomalyKind, number>;
  /** Up to `maxExamples` anomalies of each kind. */
  examples: Record<AnomalyKind, Anomaly[]>;
  stats: {
    sends: Record<'ok' | 'fail' | 'info', number>;
    polls: Record<'ok' | 'fail' | 'info', number>;
    valuesSent: number;
    valuesAcked: number;
    valuesRead: number;
    recordsRead: number;
    /** Acknowledged values never read, below their partition's log start: removed by retention or DeleteRecords, as allowed. */
    expired: number;
    /** The highest log start the history saw, by partition (as a string). */
    logStarts: Record<string, number>;
    /** Consumer-group figures; redeliveries are expected (at least once), not anomalies. */
    group: GroupStats;
  };
}

export interface CheckOptions {
  /** Examples kept per kind. Default 10. */
  maxExamples?: number;
}

interface Placed {
  partition: number;
  offset: number;
}

/** Checks a history. Throws on a malformed one (an `ok` send without an offset for a value). */
export function check(ops: readonly Op[], options: CheckOptions = {}): CheckResult {
  const maxExamples = options.maxExamples ?? 10;
  const sends = ops.filter((o): o is SendOp => o.type === 'send');
  const polls = ops.filter((o): o is PollOp => o.type === 'poll');
  const found = emptyFindings();
  const report = (a: Anomaly): void => {
    found.counts[a.kind]++;
    if (found.examples[a.kind].length < maxExamples) found.examples[a.kind].push(a);
  };

  const { acked, definitelyFailed, valuesSent } = classifySends(sends);
  const goodPolls = polls.filter((p) => p.outcome === 'ok');
  const order = versionOrder(acked, goodPolls);
  const logStarts = highestLogStarts(ops);
  const startOf = (partition: number) => logStarts.get(partition) ?? 0;
  // Offsets a consumer may not jump over: those known to hold a value, at or above the log start.
  const known = new Map<number, number[]>();
  for (const [partition, offsets] of order.known) known.set(partition, offsets.filter((o) => o >= startOf(partition)));

  // Every offset a value was seen at, and every value seen at an offset.
  for (const [value, places] of order.offsetsOfValue) {
    if (places.length > 1) report({ kind: 'duplicate', partition: places[0]!.partition, value, offsets: places.map((p) => p.offset) });
  }
  for (const [partition, byOffset] of order.valuesAt) {
    for (const [offset, values] of byOffset) {
      if (values.size > 1) report({ kind: 'inconsistent-offsets', partition, offset, values: [...values].sort() });
    }
  }

  // Acknowledged values never read: expired below the log start, else lost if a poll read past them, unseen if not.
  let expired = 0;
  for (const [value, place] of acked) {
    if (order.readValues.has(value)) continue;
    if (place.offset < startOf(place.partition)) {
      expired++;
      continue;
    }
    const highest = order.highestRead.get(place.partition) ?? -1;
    if (highest >= place.offset) {
      report({ kind: 'lost-write', partition: place.partition, value, offset: place.offset, highestRead: highest });
    } else {
      report({ kind: 'unseen', partition: place.partition, value, offset: place.offset, highestRead: highest });
    }
  }

  // Durability: the final catch-up read (faults off, from each log start to its high watermark)
  // must hold every acknowledged value at or above the log start. A value read during the run yet
  // missing from it was lost since (its bytes deleted, its entry gone): lost-write too.
  const finalPolls = polls.filter((p) => p.process === FINAL_PROCESS);
  const finalPartitions = new Set(finalPolls.map((p) => p.partition));
  const finallyRead = new Set(finalPolls.filter((p) => p.outcome === 'ok').flatMap((p) => p.records.map((r) => r[1])));
  for (const [value, place] of acked) {
    if (!order.readValues.has(value) || finallyRead.has(value)) continue;
    if (!finalPartitions.has(place.partition) || place.offset < startOf(place.partition)) continue;
    report({ kind: 'lost-write', partition: place.partition, value, offset: place.offset, vanished: 'read during the run, missing from the final read' });
  }

  // Aborted reads.
  for (const value of definitelyFailed) {
    const seen = order.offsetsOfValue.get(value)?.filter((p) => order.readAt.has(`${p.partition}:${p.offset}:${value}`));
    if (seen && seen.length > 0) report({ kind: 'G1a', partition: seen[0]!.partition, value, offsets: seen.map((p) => p.offset) });
  }

  checkSendOrder(sends, report);
  checkPollOrder(goodPolls, known, report);
  const group = checkGroups(ops, known, report);
  checkBytes(sends, goodPolls, report);
  checkOffsetsAfterLogStarts(ops, sends, report);
  checkMaintenance(ops, report);

  const count = (list: readonly Op[], outcome: 'ok' | 'fail' | 'info') => list.filter((o) => o.outcome === outcome).length;
  return {
    valid: ANOMALY_KINDS.every((k) => found.counts[k] === 0),
    counts: found.counts,
    examples: found.examples,
    stats: {
      sends: { ok: count(sends, 'ok'), fail: count(sends, 'fail'), info: count(sends, 'info') },
      polls: { ok: count(polls, 'ok'), fail: count(polls, 'fail'), info: count(polls, 'info') },
      valuesSent,
      valuesAcked: acked.size,
      valuesRead: order.readValues.size,
      recordsRead: goodPolls.reduce((n, p) => n + p.records.length, 0),
      expired,
      logStarts: Object.fromEntries([...logStarts.entries()].sort(([a], [b]) => a - b).map(([p, o]) => [String(p), o])),
      group,
    },
  };
}

function emptyFindings(): { counts: Record<AnomalyKind, number>; examples: Record<AnomalyKind, Anomaly[]> } {
  const counts = {} as Record<AnomalyKind, number>;
  const examples = {} as Record<AnomalyKind, Anomaly[]>;
  for (const k of ANOMALY_KINDS) {
    counts[k] = 0;
    examples[k] = [];
  }
  return { counts, examples };
}

/** Which values were acknowledged (and where), and which definitely failed. */
function classifySends(sends: readonly SendOp[]) {
  const acked = new Map<string, Placed>();
  const definitelyFailed = new Set<string>();
  let valuesSent = 0;
  for (const op of sends) {
    valuesSent += op.values.length;
    if (op.outcome === 'fail') {
      for (const v of op.values) definitelyFailed.add(v.value);
      continue;
    }
    for (const v of op.values) {
      const offset = op.offsets[v.value];
      if (offset === undefined) {
        if (op.outcome === 'ok') throw new Error(`malformed history: ok send by ${op.process} has no offset for ${v.value}`);
        continue;
      }
      acked.set(v.value, { partition: v.partition, offset });
    }
    if (op.outcome === 'info') for (const value of op.failed ?? []) definitelyFailed.add(value);
  }
  return { acked, definitelyFailed, valuesSent };
}

/** The version order: what was seen at each offset, by acknowledgements and by reads. */
function versionOrder(acked: Map<string, Placed>, polls: readonly PollOp[]) {
  const valuesAt = new Map<number, Map<number, Set<string>>>();
  const offsetsOfValue = new Map<string, Placed[]>();
  const readValues = new Set<string>();
  const readAt = new Set<string>();
  const highestRead = new Map<number, number>();
  const see = (value: string, partition: number, offset: number): void => {
    let byOffset = valuesAt.get(partition);
    if (!byOffset) valuesAt.set(partition, (byOffset = new Map()));
    let values = byOffset.get(offset);
    if (!values) byOffset.set(offset, (values = new Set()));
    values.add(value);
    const places = offsetsOfValue.get(value) ?? [];
    if (!places.some((p) => p.partition === partition && p.offset === offset)) places.push({ partition, offset });
    offsetsOfValue.set(value, places);
  };
  for (const [value, { partition, offset }] of acked) see(value, partition, offset);
  for (const poll of polls) {
    for (const [offset, value] of poll.records) {
      see(value, poll.partition, offset);
      readValues.add(value);
      readAt.add(`${poll.partition}:${offset}:${value}`);
      if (offset > (highestRead.get(poll.partition) ?? -1)) highestRead.set(poll.partition, offset);
    }
  }
  // Offsets known to hold a value, sorted, per partition: what a poll must not jump over.
  const known = new Map<number, number[]>();
  for (const [partition, byOffset] of valuesAt) known.set(partition, [...byOffset.keys()].sort((a, b) => a - b));
  return { valuesAt, offsetsOfValue, readValues, readAt, highestRead, known };
}

/** Per producer and partition, acknowledged offsets must increase in send order. */
function checkSendOrder(sends: readonly SendOp[], report: (a: Anomaly) => void): void {
  const byProcess = groupByProcess(sends);
  for (const [process, list] of byProcess) {
    const last = new Map<number, { offset: number; value: string }>();
    for (const op of list) {
      for (const v of op.values) {
        const offset = op.offsets[v.value];
        if (offset === undefined) continue;
        const prev = last.get(v.partition);
        if (prev && offset <= prev.offset) {
          report({ kind: 'nonmonotonic-send', partition: v.partition, process, previous: prev, next: { offset, value: v.value } });
        }
        last.set(v.partition, { offset, value: v.value });
      }
    }
  }
}

/**
 * Per consumer and partition, reads must go forwards (nonmonotonic-poll) and must not jump over
 * a known offset (poll-skip). A consumer's first poll of a partition must not skip past offsets
 * between where it asked to start and what it got. A group member is a new consumer at each
 * ownership of a partition.
 */
function checkPollOrder(polls: readonly PollOp[], known: Map<number, number[]>, report: (a: Anomaly) => void): void {
  const keyOf = (p: PollOp) => (p.group ? `${p.process}/${p.group.ownership}` : p.process);
  for (const [process, list] of groupByProcess(polls, keyOf)) {
    const last = new Map<number, number>();
    for (const poll of list) {
      const { partition } = poll;
      // Moved up to the log start: that is where it reads on from, not from where it asked next.
      if (poll.reset !== undefined) last.set(partition, Math.max(last.get(partition) ?? -1, poll.reset - 1));
      for (const [offset] of poll.records) {
        const prev = last.get(partition);
        if (prev !== undefined && offset <= prev) {
          report({ kind: 'nonmonotonic-poll', partition, process, previous: prev, next: offset, pollInvokeTime: poll.invokeTime });
        } else {
          // Not yet read from this partition: the gap starts where the poll asked to start.
          const floor = prev ?? poll.from - 1;
          const skipped = knownBetween(known.get(partition) ?? [], floor, offset);
          if (skipped.length > 0) {
            report({ kind: 'poll-skip', partition, process, previous: prev ?? null, from: poll.from, next: offset, skipped: skipped.slice(0, 10) });
          }
        }
        if (prev === undefined || offset > prev) last.set(partition, offset);
      }
    }
  }
}

/**
 * The highest log start of each partition the history saw: what DeleteRecords answered, where a
 * poll found its offset below the log start and moved (`reset`), and the log starts read before
 * the final catch-up read. Log starts never move back, so the highest is the last.
 */
function highestLogStarts(ops: readonly Op[]): Map<number, number> {
  const starts = new Map<number, number>();
  const see = (partition: number, offset: number | undefined) => {
    if (offset !== undefined && offset >= (starts.get(partition) ?? 0)) starts.set(partition, offset);
  };
  for (const op of ops) {
    if (op.type === 'log-start' && op.outcome === 'ok') see(op.partition, op.offset);
    if (op.type === 'poll' && op.reset !== undefined) see(op.partition, op.reset);
  }
  return starts;
}

/** Every record read with a fingerprint must carry the bytes its value was sent with. */
function checkBytes(sends: readonly SendOp[], polls: readonly PollOp[], report: (a: Anomaly) => void): void {
  const sentAt = new Map<string, number>();
  for (const op of sends) if (op.timestamp !== undefined) for (const v of op.values) sentAt.set(v.value, op.timestamp);
  for (const poll of polls) {
    for (const [offset, value, fp] of poll.records) {
      const timestamp = sentAt.get(value);
      if (fp === undefined || timestamp === undefined) continue;
      const expected = expectedFingerprint(value, timestamp);
      if (fp !== expected) report({ kind: 'corrupt-read', partition: poll.partition, process: poll.process, offset, value, read: fp, expected });
    }
  }
}

/**
 * An offset assigned after a log start L was in place (a DeleteRecords answered L, or a poll was
 * moved up to L) is at least L: the high watermark was at least L then, and offsets never move
 * back, not even after every record expired.
 */
function checkOffsetsAfterLogStarts(ops: readonly Op[], sends: readonly SendOp[], report: (a: Anomaly) => void): void {
  const events = new Map<number, { time: number; offset: number }[]>();
  const add = (partition: number, time: number, offset: number) => {
    const list = events.get(partition) ?? [];
    list.push({ time, offset });
    events.set(partition, list);
  };
  for (const op of ops) {
    if (op.type === 'log-start' && op.outcome === 'ok' && op.offset !== undefined) add(op.partition, op.completeTime, op.offset);
    if (op.type === 'poll' && op.reset !== undefined) add(op.partition, op.completeTime, op.reset);
  }
  // Per partition, by time, the highest log start so far.
  const byPartition = new Map<number, { time: number; offset: number }[]>();
  for (const [partition, list] of events) {
    list.sort((a, b) => a.time - b.time);
    let high = 0;
    byPartition.set(partition, list.map((e) => ({ time: e.time, offset: (high = Math.max(high, e.offset)) })));
  }
  const startBefore = (partition: number, time: number): { time: number; offset: number } | undefined => {
    const list = byPartition.get(partition);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.time < time) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : list[lo - 1];
  };
  for (const op of sends) {
    for (const v of op.values) {
      const offset = op.offsets[v.value];
      if (offset === undefined) continue;
      const start = startBefore(v.partition, op.invokeTime);
      if (start && offset < start.offset) {
        report({ kind: 'offset-regression', partition: v.partition, process: op.process, value: v.value, offset, logStart: start.offset, logStartSeenAt: start.time, sendInvokeTime: op.invokeTime });
      }
    }
  }
}

/** A swap after the lease was lost must be refused; the last faultless passes must leave nothing half done. */
function checkMaintenance(ops: readonly Op[], report: (a: Anomaly) => void): void {
  for (const op of ops) {
    if (op.type === 'maintenance') {
      for (const s of (op as MaintenanceOp).swapsAfterLeaseLost ?? []) {
        if (s.accepted) report({ kind: 'stale-swap', partition: -1, process: op.process, swap: s.detail, invokeTime: op.invokeTime });
      }
    }
    if (op.type === 'maintenance-left') {
      const left = op as MaintenanceLeftOp;
      if (left.cleanupPending || left.overlapping > 0 || left.expiredEntries > 0) {
        report({ kind: 'unfinished-maintenance', partition: left.partition, cleanupPending: left.cleanupPending, overlapping: left.overlapping, expiredEntries: left.expiredEntries });
      }
    }
  }
}

export type { LogStartOp };
