/**
 * The operations of consumer-group members in a chaos history, beside sends and polls. A member
 * process (`g1`, its replacements `g1#2`, `g1#3`...) may join under several member ids over its
 * life (a fenced member joins again with a new id); `member` is the id the service knew it by.
 *
 * What each records is what the client learnt, with the same outcomes as sends: `ok` (it took
 * effect, and the answer is here), `fail` (it definitely never reached the service), `info` (it
 * may or may not have taken effect, at any time between invocation and completion).
 *
 * A member's records reach the checker as polls (`PollOp` with `group`), so every log check
 * applies to them as well.
 */
import type { Outcome } from './history.ts';

/** Which ownership of a partition a group poll belongs to. */
export interface GroupPollInfo {
  member: string;
  /** The member epoch when the member started owning the partition. */
  memberEpoch: number;
  /** 1 for the member process's first ownership of the partition, 2 for the next one... */
  ownership: number;
}

/** One heartbeat (with the client's own retries, if any, inside it). */
export interface HeartbeatOp {
  type: 'heartbeat';
  process: string;
  member: string;
  invokeTime: number;
  completeTime: number;
  outcome: Outcome;
  /** From the answer, when `ok`. */
  memberEpoch?: number;
  /** Partitions of the run's topic the answer says the member may own now. */
  assignment?: number[];
  /** The member's leases are valid at most this long after the answer was sent. */
  leaseExpiresInMs?: number;
  sessionTimeoutMs?: number;
  error?: string;
}

/** One offset commit: `offsets` maps partition (as a string) to the next offset to consume. */
export interface CommitOp {
  type: 'commit';
  process: string;
  member: string;
  memberEpoch: number;
  invokeTime: number;
  completeTime: number;
  outcome: Outcome;
  offsets: Record<string, number>;
  /** Partitions the service definitely stored. */
  accepted: number[];
  /** Partitions the service definitely refused (fenced). */
  rejected: number[];
  /** Sent late by a member that had been killed, as a paused process waking up would. */
  zombie?: boolean;
  error?: string;
}

/** A clean leave: the member gives its leases back and is removed from the group. */
export interface LeaveOp {
  type: 'leave';
  process: string;
  member: string;
  invokeTime: number;
  completeTime: number;
  outcome: Outcome;
  error?: string;
}

/** The group's committed offsets, read once every member has stopped. */
export interface CommittedOp {
  type: 'committed';
  process: string;
  invokeTime: number;
  completeTime: number;
  outcome: 'ok';
  /** Partition (as a string) to committed offset; partitions without one are absent. */
  offsets: Record<string, number>;
}

export type GroupOp = HeartbeatOp | CommitOp | LeaveOp | CommittedOp;
