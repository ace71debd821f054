import { toKeys, type PartitionSet } from './partition-set.ts';

export interface ReconcileInput {
  /** Leases the member holds, as the coordinator recorded them. */
  held: PartitionSet;
  /** Partitions the member says it owns (it has not yet finished revoking the others). */
  owned: PartitionSet;
  /** The member's share of the target assignment at the group epoch. */
  target: PartitionSet;
  memberEpoch: number;
  groupEpoch: number;
  /** When the held leases expire (0: none held). */
  leaseUntil: number;
  revokeDeadline?: number;
  now: number;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
}

/** What one heartbeat does to the member's leases and epoch. Keys are `topic:partition`. */
export interface ReconcilePlan {
  /** Held, no longer owned by the client and not targeted: its revocation is acknowledged. */
  release: string[];
  /** Held and staying held: targeted, or still owned and waiting for the client to revoke it. */
  keep: string[];
  /** Held and owned but no longer targeted: the client must stop, commit and drop it. */
  revoke: string[];
  /** Targeted and not held: try to take the lease (free, expired, or already ours). */
  acquire: string[];
  /** Extend every kept lease now. */
  renew: boolean;
  memberEpoch: number;
  revokeDeadline?: number;
}

/**
 * KIP-848 reconciliation over leases. A partition moves from A to B in three steps, each a
 * conditional write: A's heartbeat stops offering it (A revokes, commits), A's next heartbeat no
 * longer lists it as owned (the lease is released), B's heartbeat takes the free lease. So no
 * partition is ever given to two members at once; a crashed A is replaced once its lease expires.
 *
 * A member that still owes revocations keeps its epoch and takes no new partitions (as in
 * KIP-848); it has until the rebalance deadline. Once it owes nothing it moves to the group epoch.
 * Leases are renewed together, when less than half a session is left, so a steady member writes
 * each lease about twice per session timeout rather than on every heartbeat.
 */
export function planReconcile(input: ReconcileInput): ReconcilePlan {
  const held = toKeys(input.held);
  const owned = toKeys(input.owned);
  const target = toKeys(input.target);
  const release: string[] = [];
  const keep: string[] = [];
  const revoke: string[] = [];
  for (const key of held) {
    if (target.has(key)) keep.push(key);
    else if (owned.has(key)) {
      keep.push(key);
      revoke.push(key);
    } else release.push(key);
  }
  const owesRevocation = revoke.length > 0;
  const acquire = owesRevocation ? [] : [...target].filter((k) => !held.has(k));
  return {
    release,
    keep,
    revoke,
    acquire,
    renew: keep.length > 0 && input.leaseUntil - input.now < input.sessionTimeoutMs / 2,
    memberEpoch: owesRevocation ? input.memberEpoch : input.groupEpoch,
    ...(owesRevocation ? { revokeDeadline: input.revokeDeadline ?? input.now + input.rebalanceTimeoutMs } : {}),
  };
}
