import { describe, expect, it } from 'vitest';
import { fromList } from '../../../shared/groups/partition-set.ts';
import { planReconcile, type ReconcileInput } from '../../../shared/groups/reconcile.ts';

const set = (...partitions: number[]) => fromList([{ topic: 't', partitions }]);
const base: ReconcileInput = {
  held: set(), owned: set(), target: set(), memberEpoch: 3, groupEpoch: 5,
  leaseUntil: 100_000, now: 90_000, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 60_000,
};

describe('reconciling a member with its target', () => {
  it('takes the target partitions it does not hold and moves to the group epoch', () => {
    const plan = planReconcile({ ...base, held: set(0), owned: set(0), target: set(0, 1, 2) });
    expect(plan).toMatchObject({ keep: ['t:0'], acquire: ['t:1', 't:2'], release: [], revoke: [], memberEpoch: 5 });
    expect(plan.revokeDeadline).toBeUndefined();
  });

  it('asks for revocation first, keeping its epoch and taking nothing new until it is acknowledged', () => {
    const plan = planReconcile({ ...base, held: set(0, 1), owned: set(0, 1), target: set(0, 2) });
    expect(plan).toMatchObject({ keep: ['t:0', 't:1'], revoke: ['t:1'], acquire: [], release: [], memberEpoch: 3, revokeDeadline: 150_000 });
  });

  it('keeps the deadline of a revocation already owed', () => {
    expect(planReconcile({ ...base, held: set(1), owned: set(1), target: set(), revokeDeadline: 120_000 }).revokeDeadline).toBe(120_000);
  });

  it('releases a partition once the member no longer reports it as owned', () => {
    const plan = planReconcile({ ...base, held: set(0, 1), owned: set(0), target: set(0, 2) });
    expect(plan).toMatchObject({ release: ['t:1'], keep: ['t:0'], acquire: ['t:2'], memberEpoch: 5 });
  });

  it('keeps a targeted lease the member does not report (its last answer was lost)', () => {
    expect(planReconcile({ ...base, held: set(0), owned: set(), target: set(0) })).toMatchObject({ keep: ['t:0'], release: [] });
  });

  it('renews its leases only when less than half a session is left', () => {
    expect(planReconcile({ ...base, held: set(0), owned: set(0), target: set(0), leaseUntil: 90_000 + 15_001 }).renew).toBe(false);
    expect(planReconcile({ ...base, held: set(0), owned: set(0), target: set(0), leaseUntil: 90_000 + 14_999 }).renew).toBe(true);
  });
});
