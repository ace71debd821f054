/**
 * The history of a chaos run, in Jepsen's terms: every operation a client process performed,
 * with when it was invoked, when it completed, and how it ended.
 *
 * - `ok`: it happened, and the client knows its result (offsets for a send, records for a poll).
 * - `fail`: it definitely did not happen (a 4xx, or an error that says `noSideEffects`).
 * - `info`: indeterminate. A timeout, a lost response, a crashed function, a 5xx without
 *   `noSideEffects`: it may or may not have taken effect.
 *
 * Sent values are unique per run (`p3-17`: process p3's 17th value), so the checker can map each
 * value to the offsets it was seen at. Group members' heartbeats, commits and leaves are in
 * chaos/group-history.ts.
 */

import type { GroupOp, GroupPollInfo } from './group-history.ts';

export type Outcome = 'ok' | 'fail' | 'info';

/** One value a send carried, and the partition it was sent to. */
export interface SentValue {
  value: string;
  partition: number;
}

export interface SendOp {
  type: 'send';
  process: string;
  /** ms since the start of the run. */
  invokeTime: number;
  completeTime: number;
  outcome: Outcome;
  /** In send order; values of one partition get increasing offsets. */
  values: SentValue[];
  /** The offset each acknowledged value got. Every value of an `ok` send has one; an `info` send may list some (a partial commit). */
  offsets: Record<string, number>;
  /** Values of an `info` send that definitely were not written (their partition's failures all had no side effects). */
  failed?: string[];
  /** Attempts the client made (1 = no retry). */
  attempts: number;
  /** The last error, for the reader of the history. */
  error?: string;
  /** The records' timestamp (CreateTime, ms since epoch), the same for every value of the send (chaos/record-bytes.ts). */
  timestamp?: number;
}

/**
 * A record as a poll read it: offset and value, and, when the client can tell, a fingerprint of
 * the rest of its bytes (timestamp, key, headers: chaos/record-bytes.ts).
 */
export type ReadRecord = [offset: number, value: string, fingerprint?: string];

export interface PollOp {
  type: 'poll';
  process: string;
  invokeTime: number;
  completeTime: number;
  outcome: Outcome;
  partition: number;
  /** The offset the poll asked for. */
  from: number;
  /** What it read, in order: [offset, value, fingerprint?]. */
  records: ReadRecord[];
  /** The offset the partition's log start was moved to when the poll found its offset below it (the client moved there, as Kafka's auto.offset.reset=earliest). */
  reset?: number;
  /** Set for a group member's poll: which ownership of the partition it belongs to. */
  group?: GroupPollInfo;
  error?: string;
}

/**
 * A partition's log start offset, as seen: a DeleteRecords (moving it to `requested`; `offset`
 * is the log start it answered, absent when the outcome is unknown), or the log start read
 * before the final catch-up read (`process` 'final').
 */
export interface LogStartOp {
  type: 'log-start';
  process: string;
  invokeTime: number;
  completeTime: number;
  outcome: Outcome;
  partition: number;
  requested?: number;
  offset?: number;
  error?: string;
}

/** One maintenance pass (chaos/maintenance-workload.ts): what it did, and what it failed at. */
export interface MaintenanceOp {
  type: 'maintenance';
  process: string;
  invokeTime: number;
  completeTime: number;
  /** `ok`: the pass ended; `info`: it died (a crash) or failed part way. */
  outcome: Outcome;
  segments: number;
  entriesMerged: number;
  logStartsAdvanced: number;
  entriesDeleted: number;
  cleanupsFinished: number;
  swapsRefused: number;
  objectsDeleted: number;
  /** Swaps attempted after another instance took the lease (`lease-lost`), and whether each was accepted (it must not be). */
  swapsAfterLeaseLost?: { detail: string; accepted: boolean }[];
  error?: string;
}

/**
 * What maintenance left once its last passes ran without faults: per partition, a swap's cleanup
 * still pending, entries a segment replaced still beside it, and expired entries still indexed.
 * The next pass after any crash must have finished them all.
 */
export interface MaintenanceLeftOp {
  type: 'maintenance-left';
  process: string;
  invokeTime: number;
  completeTime: number;
  outcome: Outcome;
  partition: number;
  cleanupPending: boolean;
  overlapping: number;
  expiredEntries: number;
}

export type Op = SendOp | PollOp | GroupOp | LogStartOp | MaintenanceOp | MaintenanceLeftOp;

/** One fault the harness injected. */
export interface FaultEvent {
  time: number;
  kind: string;
  process: string;
  detail?: string;
}

export interface HistoryFile {
  meta: Record<string, unknown>;
  ops: Op[];
  faults: FaultEvent[];
}

/** Collects a run's operations and faults, timed from its creation. */
export class Recorder {
  readonly ops: Op[] = [];
  readonly faults: FaultEvent[] = [];
  private readonly started: number;

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.started = clock();
  }

  /** ms since the recorder was made, to 0.1 ms. */
  now(): number {
    return Math.round((this.clock() - this.started) * 10) / 10;
  }

  record(op: Op): void {
    this.ops.push(op);
  }

  fault(kind: string, process: string, detail?: string): void {
    this.faults.push({ time: this.now(), kind, process, ...(detail ? { detail } : {}) });
  }

  /** Injected faults by kind, sorted by name. */
  faultCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const f of this.faults) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  }

  toFile(meta: Record<string, unknown>): HistoryFile {
    return { meta, ops: [...this.ops].sort((a, b) => a.invokeTime - b.invokeTime), faults: this.faults };
  }
}
