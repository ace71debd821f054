import { mapLimit } from '../log/map-limit.ts';
import type { GroupDeps } from './deps.ts';
import { parseKey } from './partition-set.ts';
import type { ReconcilePlan } from './reconcile.ts';

export interface LeaseResult {
  /** Keys of the leases the member holds after the writes. */
  held: Set<string>;
  /** Keys taken by this heartbeat (released again if the member write then fails). */
  acquired: string[];
  /** Expiry shared by every held lease (0 when none is held). */
  leaseUntil: number;
}

/**
 * Carries out a reconcile plan: releases, renewals and acquisitions, each one conditional write
 * on one lease item. A renewal that fails means the lease was lost (it expired and another member
 * took it): the partition is dropped from what the member holds. An acquisition that fails means
 * the previous owner has not released it yet: the partition stays pending.
 */
export async function applyLeasePlan(
  deps: GroupDeps,
  groupId: string,
  memberId: string,
  plan: ReconcilePlan,
  now: number,
  sessionTimeoutMs: number,
  leaseUntil: number,
): Promise<LeaseResult> {
  const { store } = deps;
  const keep = new Set(plan.keep);
  const renewAll = plan.renew || keep.size === 0 || leaseUntil <= now;
  const until = renewAll ? now + sessionTimeoutMs : leaseUntil;
  const run = (keys: readonly string[], fn: (key: string) => Promise<boolean>) =>
    mapLimit(keys, deps.concurrency, async (key) => ({ key, ok: await fn(key) }));

  await run(plan.release, (key) => store.releaseLease(groupId, parseKey(key), memberId));
  if (renewAll && keep.size) {
    for (const { key, ok } of await run([...keep], (k) => store.renewLease(groupId, parseKey(k), memberId, until))) {
      if (!ok) keep.delete(key);
    }
  }
  const acquired: string[] = [];
  const taken = await run(plan.acquire, async (key) =>
    (await store.acquireLease(groupId, parseKey(key), memberId, plan.memberEpoch, until, now)).ok,
  );
  for (const { key, ok } of taken) {
    if (ok) {
      acquired.push(key);
      keep.add(key);
    }
  }
  return { held: keep, acquired, leaseUntil: keep.size ? until : 0 };
}

/** Gives back leases taken by a heartbeat that could not record them. Best effort: they expire anyway. */
export async function releaseQuietly(deps: GroupDeps, groupId: string, memberId: string, keys: readonly string[]): Promise<void> {
  await mapLimit(keys, deps.concurrency, (key) => deps.store.releaseLease(groupId, parseKey(key), memberId).catch(() => false));
}
