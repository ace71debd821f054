// Builders for hand-made consumer-group histories: a log of values on partition 0, and the
// heartbeats, polls, commits, leaves and final read of group members, at the times given.
import type { CommitOp, CommittedOp, HeartbeatOp, LeaveOp } from '../../../chaos/group-history.ts';
import type { Op, PollOp, SendOp } from '../../../chaos/history.ts';

/** One acknowledged send writing `v0`, `v1`... at offsets 0.. of partition 0, before everything else. */
export function log(count: number): SendOp {
  const values = Array.from({ length: count }, (_, i) => ({ value: `v${i}`, partition: 0 }));
  return { type: 'send', process: 'p0', invokeTime: 0, completeTime: 0.5, outcome: 'ok', attempts: 1, values, offsets: Object.fromEntries(values.map((v, i) => [v.value, i])) };
}

export function hb(member: string, at: [number, number], assignment: number[], opts: Partial<HeartbeatOp> = {}): HeartbeatOp {
  return {
    type: 'heartbeat', process: member, member, invokeTime: at[0], completeTime: at[1], outcome: 'ok',
    memberEpoch: 1, assignment, leaseExpiresInMs: 3_000, sessionTimeoutMs: 3_000, ...opts,
  };
}

/** A member's poll of partition 0 from `from`, reading `offsets` (values as the log wrote them). */
export function gpoll(member: string, at: number, from: number, offsets: number[], ownership = 1): PollOp {
  return {
    type: 'poll', process: member, invokeTime: at, completeTime: at + 1, outcome: 'ok', partition: 0, from,
    records: offsets.map((o) => [o, `v${o}`]), group: { member, memberEpoch: 1, ownership },
  };
}

/** A commit of partition 0 at `offset`; accepted unless `fenced`. */
export function commit(member: string, at: [number, number], offset: number, opts: { fenced?: boolean; unknown?: boolean; zombie?: boolean } = {}): CommitOp {
  const outcome = opts.fenced ? 'fail' : opts.unknown ? 'info' : 'ok';
  return {
    type: 'commit', process: member, member, memberEpoch: 1, invokeTime: at[0], completeTime: at[1], outcome, offsets: { '0': offset },
    accepted: outcome === 'ok' ? [0] : [], rejected: opts.fenced ? [0] : [], ...(opts.zombie ? { zombie: true } : {}),
  };
}

export function leave(member: string, at: [number, number]): LeaveOp {
  return { type: 'leave', process: member, member, invokeTime: at[0], completeTime: at[1], outcome: 'ok' };
}

export function committed(at: number, offset: number): CommittedOp {
  return { type: 'committed', process: 'final', invokeTime: at, completeTime: at + 1, outcome: 'ok', offsets: { '0': offset } };
}

/** The run's final catch-up read of the whole log (not a group member's): what keeps the log checks quiet. */
export function finalRead(count: number): PollOp {
  return { type: 'poll', process: 'final', invokeTime: 100_000, completeTime: 100_001, outcome: 'ok', partition: 0, from: 0, records: Array.from({ length: count }, (_, i) => [i, `v${i}`]) };
}

export type { Op };
