import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_CONFIGS } from '../../../shared/groups/configs.ts';
import { splitMembers } from '../../../shared/groups/membership.ts';
import type { GroupRecord, MemberRecord } from '../../../shared/groups/ports.ts';
import { stateOf } from '../../../shared/groups/describe.ts';
import { planTarget } from '../../../shared/groups/target.ts';
import { fromList } from '../../../shared/groups/partition-set.ts';

const group = (over: Partial<GroupRecord> = {}): GroupRecord => ({
  groupId: 'g', version: 1, epoch: 0, configs: { ...DEFAULT_GROUP_CONFIGS, sessionTimeoutMs: 10_000 }, assignment: new Map(), inputs: '', createdAt: 0, ...over,
});
const member = (memberId: string, over: Partial<MemberRecord> = {}): MemberRecord => ({
  groupId: 'g', memberId, clientId: '', memberEpoch: 1, previousEpoch: 0, lastHeartbeat: 1_000, joinedAt: 0,
  subscription: { topics: ['t'] }, held: new Map(), leaseUntil: 0, ...over,
});
const topics = (partitions: number) => new Map([['t', { name: 't', id: 'id-1', partitions }]]);

describe('the target assignment', () => {
  it('is recomputed when members, subscriptions or topics change, and only then', () => {
    const first = planTarget(group(), [member('a'), member('b')], topics(4));
    expect(first.assignment?.size).toBe(2);
    const g = group({ inputs: first.inputs, assignment: first.assignment! });
    expect(planTarget(g, [member('b'), member('a')], topics(4)).assignment).toBeUndefined();
    expect(planTarget(g, [member('a')], topics(4)).assignment).toBeDefined();
    expect(planTarget(g, [member('a'), member('b')], topics(6)).assignment).toBeDefined();
    expect(planTarget(g, [member('a'), member('b', { subscription: { topics: [], pattern: 't' } })], topics(4)).assignment).toBeUndefined();
    expect(planTarget(g, [member('a'), member('b', { subscription: { topics: ['u'] } })], topics(4)).assignment).toBeDefined();
    expect(planTarget({ ...g, configs: { ...g.configs, assignor: 'range' } }, [member('a'), member('b')], topics(4)).assignment).toBeDefined();
    expect(planTarget(g, [member('a'), member('b')], new Map([['t', { name: 't', id: 'id-2', partitions: 4 }]])).assignment).toBeDefined();
  });
});

describe('liveness', () => {
  it('expires members past their session or their revocation deadline', () => {
    const { live, expired } = splitMembers(
      [member('fresh', { lastHeartbeat: 5_000 }), member('silent', { lastHeartbeat: 1_000 }), member('stuck', { lastHeartbeat: 10_500, revokeDeadline: 10_900 })],
      group().configs,
      11_000,
    );
    expect(live.map((m) => m.memberId)).toEqual(['fresh']);
    expect(expired.map((m) => m.memberId)).toEqual(['silent', 'stuck']);
  });

  it('reports Empty, Reconciling and Stable', () => {
    const g = group({ epoch: 3, assignment: new Map([['a', fromList([{ topic: 't', partitions: [0] }])]]) });
    expect(stateOf(g, [])).toBe('Empty');
    expect(stateOf(g, [member('a', { memberEpoch: 2 })])).toBe('Reconciling');
    expect(stateOf(g, [member('a', { memberEpoch: 3 })])).toBe('Reconciling');
    expect(stateOf(g, [member('a', { memberEpoch: 3, held: fromList([{ topic: 't', partitions: [0] }]) })])).toBe('Stable');
  });
});
