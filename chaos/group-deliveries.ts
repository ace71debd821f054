/** What a group delivered, and when the group first committed past an offset: helpers of chaos/group-checker.ts. */
import type { PollOp } from './history.ts';

export interface Deliveries {
  /** Per partition, per offset: when a member was first given it (the poll's invocation). */
  first: Map<number, Map<number, number>>;
  /** Records delivered, and distinct (partition, offset) pairs among them. */
  total: number;
  distinct: number;
}

export function deliveriesOf(polls: readonly PollOp[]): Deliveries {
  const first = new Map<number, Map<number, number>>();
  let total = 0;
  let distinct = 0;
  for (const poll of polls) {
    let byOffset = first.get(poll.partition);
    if (!byOffset) first.set(poll.partition, (byOffset = new Map()));
    for (const [offset] of poll.records) {
      total++;
      const seen = byOffset.get(offset);
      if (seen === undefined) distinct++;
      if (seen === undefined || poll.invokeTime < seen) byOffset.set(offset, poll.invokeTime);
    }
  }
  return { first, total, distinct };
}

/** A point where the group's committed offset was known to be at least `offset`. */
export interface CommitPoint {
  /** When the commit completed (or the final read). */
  time: number;
  offset: number;
  by: string;
}

/**
 * A lookup of the earliest point (by time) that committed past `offset`: the first point whose
 * offset is above it. Points are sorted by time once; the running maximum of their offsets is
 * non-decreasing, so a binary search finds the first point past any offset.
 */
export function firstCommitPast(points: readonly CommitPoint[]): (offset: number) => CommitPoint | undefined {
  const sorted = [...points].sort((a, b) => a.time - b.time);
  const runningMax: number[] = [];
  for (const p of sorted) runningMax.push(Math.max(runningMax.at(-1) ?? -Infinity, p.offset));
  return (offset) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (runningMax[mid]! > offset) hi = mid;
      else lo = mid + 1;
    }
    return sorted[lo];
  };
}
