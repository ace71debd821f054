/**
 * The consumer-group checks, over the group operations of a history (chaos/group-history.ts).
 * Pure. Consumption in a group is at least once: a record may be delivered again after a
 * rebalance (counted as `redeliveries`, not an anomaly), but
 *
 * | Anomaly | Reported when |
 * |---|---|
 * | poll-skip | the group committed past an offset known to hold a record that no member had been given by then (each offset once), or a member started owning a partition above every offset the group could have committed by then |
 * | stale-commit | a commit was accepted for a partition the member could not hold the lease of (chaos/group-leases.ts): it had left, its lease was over by its own answers, or another member was known to own the partition since it last heartbeated |
 * | stale-poll | a member was given records of a partition whose lease it could not hold, by the same rules: two members processing one partition at once |
 * | nonmonotonic-commit | an accepted commit (or the final committed offset) is below one accepted before it began |
 * | phantom-commit | the final committed offset of a partition is one no member ever sent (a commit stored other than as it was given) |
 *
 * Times are the history's: a request takes effect somewhere between its invocation and its
 * completion, so every rule below only uses orders that hold whatever the service did in between.
 * A heartbeat that did not answer (`info`) may have renewed or taken leases: it counts as if it
 * had, until its completion plus the session timeout. A member's own view of its lease is never
 * longer than the service's, so a member that polls only while its lease is valid by its clock
 * never makes a `stale-poll`.
 */
import type { Anomaly } from './checker.ts';
import type { CommitOp, CommittedOp, HeartbeatOp, LeaveOp } from './group-history.ts';
import type { Op, Outcome, PollOp } from './history.ts';
import { deliveriesOf, firstCommitPast, type CommitPoint } from './group-deliveries.ts';
import { LeaseEvidence } from './group-leases.ts';
import { knownBetween } from './history-order.ts';

export interface GroupStats {
  /** Member ids that heartbeated. */
  members: number;
  heartbeats: Record<Outcome, number>;
  /** Per partition of each commit: stored, refused by the fence, or unknown (a commit that never reached the service counts in none). */
  commits: { accepted: number; rejected: number; unknown: number };
  /** Commits sent late by killed members, and how many of their partitions were stored. */
  zombieCommits: number;
  zombieAccepted: number;
  /** Records delivered to members, and deliveries of an offset after its first. */
  deliveries: number;
  redeliveries: number;
}

export function checkGroups(ops: readonly Op[], known: Map<number, number[]>, report: (a: Anomaly) => void): GroupStats {
  const heartbeats = ops.filter((o): o is HeartbeatOp => o.type === 'heartbeat');
  const commits = ops.filter((o): o is CommitOp => o.type === 'commit');
  const leaves = ops.filter((o): o is LeaveOp => o.type === 'leave');
  const finals = ops.filter((o): o is CommittedOp => o.type === 'committed');
  const polls = ops.filter((o): o is PollOp => o.type === 'poll' && o.outcome === 'ok' && o.group !== undefined);
  const deliveries = deliveriesOf(polls);

  checkSkips(commits, finals, deliveries.first, known, report);
  checkOwnershipStarts(polls, commits, known, report);
  checkMonotonic(commits, finals, report);
  checkPhantoms(commits, finals, report);
  checkStale(commits, polls, new LeaseEvidence(heartbeats, leaves), report);

  const count = (o: Outcome) => heartbeats.filter((h) => h.outcome === o).length;
  const tally = { accepted: 0, rejected: 0, unknown: 0 };
  for (const c of commits) {
    tally.accepted += c.accepted.length;
    tally.rejected += c.rejected.length;
    if (c.outcome === 'info') tally.unknown += Object.keys(c.offsets).length - c.accepted.length - c.rejected.length;
  }
  const zombies = commits.filter((c) => c.zombie);
  return {
    members: new Set(heartbeats.map((h) => h.member)).size,
    heartbeats: { ok: count('ok'), fail: count('fail'), info: count('info') },
    commits: tally,
    zombieCommits: zombies.length,
    zombieAccepted: zombies.reduce((n, c) => n + c.accepted.length, 0),
    deliveries: deliveries.total,
    redeliveries: deliveries.total - deliveries.distinct,
  };
}

/** (a) Committed past an offset nobody had been given: each such offset once, at the first commit past it. */
function checkSkips(commits: readonly CommitOp[], finals: readonly CommittedOp[], first: Map<number, Map<number, number>>, known: Map<number, number[]>, report: (a: Anomaly) => void): void {
  const points = new Map<number, CommitPoint[]>();
  const add = (partition: number, p: CommitPoint) => (points.get(partition) ?? points.set(partition, []).get(partition)!).push(p);
  for (const c of commits) for (const p of c.accepted) add(p, { time: c.completeTime, offset: c.offsets[p]!, by: c.process });
  for (const f of finals) for (const [p, offset] of Object.entries(f.offsets)) add(Number(p), { time: f.completeTime, offset, by: 'final' });
  for (const [partition, list] of points) {
    const delivered = first.get(partition) ?? new Map<number, number>();
    const find = firstCommitPast(list);
    for (const offset of known.get(partition) ?? []) {
      const at = delivered.get(offset) ?? Infinity;
      const commit = find(offset);
      if (commit && commit.time <= at) {
        report({ kind: 'poll-skip', partition, group: true, offset, committed: commit.offset, by: commit.by, committedAt: commit.time, firstDelivered: Number.isFinite(at) ? at : null });
      }
    }
  }
}

/** (a) A member starts owning a partition where the group's committed offset may be: not above every candidate. */
function checkOwnershipStarts(polls: readonly PollOp[], commits: readonly CommitOp[], known: Map<number, number[]>, report: (a: Anomaly) => void): void {
  const starts = new Map<string, PollOp>();
  for (const p of polls) {
    const key = `${p.process}/${p.group!.ownership}/${p.partition}`;
    const seen = starts.get(key);
    if (!seen || p.invokeTime < seen.invokeTime) starts.set(key, p);
  }
  for (const start of starts.values()) {
    const partition = start.partition;
    let candidate = 0;
    for (const c of commits) {
      const offset = c.offsets[partition];
      if (offset === undefined || c.rejected.includes(partition) || c.outcome === 'fail' || c.invokeTime >= start.invokeTime) continue;
      candidate = Math.max(candidate, offset);
    }
    if (start.from <= candidate) continue;
    const skipped = knownBetween(known.get(partition) ?? [], candidate - 1, start.from);
    if (skipped.length > 0) {
      report({ kind: 'poll-skip', partition, group: true, process: start.process, ownership: start.group!.ownership, from: start.from, committedAtMost: candidate, skipped: skipped.slice(0, 10) });
    }
  }
}

/**
 * (e) The store holds only offsets members sent: the final committed offset of a partition is one
 * that some commit not known to have failed carried. Members are the only writers of committed
 * offsets here (no admin resets), so anything else was stored other than as it was given.
 */
function checkPhantoms(commits: readonly CommitOp[], finals: readonly CommittedOp[], report: (a: Anomaly) => void): void {
  const sent = new Map<number, Set<number>>();
  for (const c of commits) {
    if (c.outcome === 'fail') continue;
    for (const [p, offset] of Object.entries(c.offsets)) {
      if (c.rejected.includes(Number(p))) continue;
      (sent.get(Number(p)) ?? sent.set(Number(p), new Set()).get(Number(p))!).add(offset);
    }
  }
  for (const f of finals) {
    for (const [p, offset] of Object.entries(f.offsets)) {
      const partition = Number(p);
      if (!sent.get(partition)?.has(offset)) {
        report({ kind: 'phantom-commit', partition, group: true, committed: offset, highestSent: Math.max(-1, ...(sent.get(partition) ?? [])) });
      }
    }
  }
}

/** (d) Accepted commits of a partition never go below one accepted before they began. */
function checkMonotonic(commits: readonly CommitOp[], finals: readonly CommittedOp[], report: (a: Anomaly) => void): void {
  type Point = { invoke: number; complete: number; offset: number; by: string };
  const byPartition = new Map<number, Point[]>();
  const add = (partition: number, p: Point) => (byPartition.get(partition) ?? byPartition.set(partition, []).get(partition)!).push(p);
  for (const c of commits) for (const p of c.accepted) add(p, { invoke: c.invokeTime, complete: c.completeTime, offset: c.offsets[p]!, by: c.process });
  for (const f of finals) for (const [p, offset] of Object.entries(f.offsets)) add(Number(p), { invoke: f.invokeTime, complete: Infinity, offset, by: 'final' });
  for (const [partition, list] of byPartition) {
    const done = [...list].sort((a, b) => a.complete - b.complete);
    let i = 0;
    let best: Point | undefined;
    for (const next of [...list].sort((a, b) => a.invoke - b.invoke)) {
      for (; i < done.length && done[i]!.complete < next.invoke; i++) if (!best || done[i]!.offset > best.offset) best = done[i];
      if (best && next.offset < best.offset) {
        report({ kind: 'nonmonotonic-commit', partition, previous: { offset: best.offset, by: best.by, completeTime: best.complete }, next: { offset: next.offset, by: next.by, invokeTime: next.invoke } });
      }
    }
  }
}

/** (c) Commits accepted, and records given, where the member could not hold the partition's lease. */
function checkStale(commits: readonly CommitOp[], polls: readonly PollOp[], leases: LeaseEvidence, report: (a: Anomaly) => void): void {
  for (const c of commits) {
    for (const p of c.accepted) {
      const why = leases.whyNotHeld(c.member, p, c.invokeTime, c.completeTime);
      if (why) report({ kind: 'stale-commit', partition: p, process: c.process, member: c.member, memberEpoch: c.memberEpoch, offset: c.offsets[p], invokeTime: c.invokeTime, ...(c.zombie ? { zombie: true } : {}), ...why });
    }
  }
  for (const poll of polls) {
    if (poll.records.length === 0) continue;
    const why = leases.whyNotHeld(poll.group!.member, poll.partition, poll.invokeTime, poll.completeTime);
    if (why) report({ kind: 'stale-poll', partition: poll.partition, process: poll.process, member: poll.group!.member, from: poll.from, offsets: [poll.records[0]![0], poll.records.at(-1)![0]], invokeTime: poll.invokeTime, ...why });
  }
}
