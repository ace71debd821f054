/**
 * What a history tells about who could hold a partition's lease, and when: from the members'
 * heartbeats (their answers' assignments and lease times) and clean leaves. Pure; used by the
 * group checker for commits the service accepted and for records members were given.
 *
 * A member could not hold a lease at time `at` if
 * - it had left (an answered leave before `at`, and no heartbeat since);
 * - its lease was over by its own answers: every heartbeat that may have renewed it ends before
 *   `at` (an answered one at completion + leaseExpiresInMs, an unanswered one at completion + the
 *   session timeout, since any attempt inside it may have renewed);
 * - another member was known to own the partition (an answered heartbeat giving it, completed
 *   before `at`), and no heartbeat of this member since that one began could have taken it back.
 */
import type { HeartbeatOp, LeaveOp } from './group-history.ts';

/** Clock drift allowed between the service's clock and the history's (both on one machine). */
export const CLOCK_SLACK_MS = 25;
const DEFAULT_SESSION_TIMEOUT_MS = 45_000;

export class LeaseEvidence {
  private readonly session: number;
  private readonly byMember = new Map<string, HeartbeatOp[]>();
  /** Per partition, answered heartbeats that gave it, by completion. */
  private readonly givers = new Map<number, HeartbeatOp[]>();

  constructor(heartbeats: readonly HeartbeatOp[], private readonly leaves: readonly LeaveOp[]) {
    this.session = Math.max(0, ...heartbeats.map((h) => h.sessionTimeoutMs ?? 0)) || DEFAULT_SESSION_TIMEOUT_MS;
    for (const h of heartbeats) {
      if (h.outcome === 'fail') continue;
      (this.byMember.get(h.member) ?? this.byMember.set(h.member, []).get(h.member)!).push(h);
      if (h.outcome === 'ok') for (const p of h.assignment ?? []) (this.givers.get(p) ?? this.givers.set(p, []).get(p)!).push(h);
    }
    for (const list of this.givers.values()) list.sort((a, b) => a.completeTime - b.completeTime);
  }

  /**
   * Why `member` could not hold `partition`'s lease at `at`, or undefined if it could. Heartbeats
   * invoked before `effectBefore` count as having taken effect.
   */
  whyNotHeld(member: string, partition: number, at: number, effectBefore: number): Record<string, unknown> | undefined {
    const own = (this.byMember.get(member) ?? []).filter((h) => h.invokeTime < effectBefore);
    const left = this.leaves.find((l) => l.member === member && l.outcome === 'ok' && l.completeTime < at && !own.some((h) => h.invokeTime > l.invokeTime));
    if (left) return { reason: 'after-leave', leftAt: left.completeTime };
    const leaseEnd = Math.max(-Infinity, ...own.map((h) => h.completeTime + (h.outcome === 'ok' ? h.leaseExpiresInMs ?? 0 : this.session)));
    if (at >= leaseEnd + CLOCK_SLACK_MS) return { reason: 'lease-expired', leaseEndAtMost: Number.isFinite(leaseEnd) ? leaseEnd : null };
    const other = this.latestOtherOwner(member, partition, at);
    if (!other) return undefined;
    const mayHaveTakenBack = own.some((h) => h.completeTime > other.invokeTime && (h.outcome === 'info' || h.assignment?.includes(partition)));
    return mayHaveTakenBack ? undefined : { reason: 'owned-by-another', owner: other.member, ownerProcess: other.process, ownerSince: other.completeTime };
  }

  /** The last answered heartbeat, completed before `before`, that gave `partition` to a member other than `member`. */
  private latestOtherOwner(member: string, partition: number, before: number): HeartbeatOp | undefined {
    const list = this.givers.get(partition) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.completeTime < before) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) if (list[i]!.member !== member) return list[i];
    return undefined;
  }
}
