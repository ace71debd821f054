import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../support/env.ts';
import { record } from '../log/helpers.ts';
import { beatUntil, converged, FAST, newTopic, realGroups, SimMember, sleep } from './helpers.ts';

describe('offset commits fenced by partition leases', () => {
  it('commits from the lease holder and rejects a commit from a member that does not hold the lease', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 2);
    const group = uniqueName('g');
    const [a, b] = [0, 1].map(() => new SimMember(groups, group, { topics: [topic] })) as [SimMember, SimMember];
    await beatUntil([a, b], () => converged([a, b], 2));
    const pa = a.owned[0]!.partitions[0]!;
    const pb = b.owned[0]!.partitions[0]!;
    await groups.commit(group, { memberId: a.memberId!, memberEpoch: a.epoch, offsets: [{ topic, partition: pa, offset: 5, metadata: 'a' }] });
    const err = await groups.commit(group, { memberId: a.memberId!, memberEpoch: a.epoch, offsets: [{ topic, partition: pa, offset: 6 }, { topic, partition: pb, offset: 99 }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FENCED_LEASE', details: { committed: [{ topic, partition: pa, offset: 6 }], failed: [{ topic, partition: pb, code: 'FENCED_LEASE' }] } });
    const { offsets } = await groups.fetchOffsets(group, topic);
    expect(offsets.map((o) => [o.partition, o.offset])).toEqual([[0, pa === 0 ? 6 : -1], [1, pa === 1 ? 6 : -1]]);
  });

  it('rejects a commit carrying an epoch older than the one the member took the lease at', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 2);
    const group = uniqueName('g');
    const a = new SimMember(groups, group, { topics: [topic] });
    await a.beat();
    const b = new SimMember(groups, group, { topics: [topic] });
    await beatUntil([a, b], () => converged([a, b], 2));
    await groups.leave(group, b.memberId!, b.epoch);
    await a.beat();
    expect(a.count()).toBe(2);
    const regained = Number(b.keys()[0]!.split(':').at(-1));
    // A delayed commit of A from before it was given B's partition: its epoch is older than the lease.
    await expect(groups.commit(group, { memberId: a.memberId!, memberEpoch: 1, offsets: [{ topic, partition: regained, offset: 3 }] }))
      .rejects.toMatchObject({ code: 'FENCED_LEASE' });
    await groups.commit(group, { memberId: a.memberId!, memberEpoch: a.epoch, offsets: [{ topic, partition: regained, offset: 3 }] });
  });

  it('rejects the commit of a zombie whose session expired, after another member took over', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 1);
    const group = uniqueName('g');
    const zombie = new SimMember(groups, group, { topics: [topic] });
    await zombie.beat();
    await groups.commit(group, { memberId: zombie.memberId!, memberEpoch: zombie.epoch, offsets: [{ topic, partition: 0, offset: 10 }] });
    const next = new SimMember(groups, group, { topics: [topic] });
    await next.beat();
    // The zombie stops heartbeating; the other member keeps going and takes over once it expires.
    const since = Date.now();
    while (next.count() === 0 && Date.now() - since < 10_000) {
      await sleep(FAST['heartbeat.interval.ms']);
      await next.beat();
    }
    expect(next.count()).toBe(1);
    await groups.commit(group, { memberId: next.memberId!, memberEpoch: next.epoch, offsets: [{ topic, partition: 0, offset: 20 }] });
    await expect(groups.commit(group, { memberId: zombie.memberId!, memberEpoch: zombie.epoch, offsets: [{ topic, partition: 0, offset: 11 }] }))
      .rejects.toMatchObject({ code: 'FENCED_LEASE', status: 409 });
    expect((await groups.fetchOffsets(group, topic)).offsets[0]!.offset).toBe(20);
  });

  it('refuses a commit to a partition that does not exist, writing nothing', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 1);
    const group = uniqueName('g');
    const a = new SimMember(groups, group, { topics: [topic] });
    await a.beat();
    await expect(groups.commit(group, { memberId: a.memberId!, memberEpoch: a.epoch, offsets: [{ topic, partition: 0, offset: 4 }, { topic, partition: 1, offset: 1 }] }))
      .rejects.toMatchObject({ code: 'UNKNOWN_PARTITION' });
    expect((await groups.fetchOffsets(group, topic)).offsets[0]!.offset).toBe(-1);
  });
});

describe('group administration', () => {
  it('describes members, assignment, committed offsets, high watermarks and lag', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 2);
    await engine.produce.produceJson(topic, ['a', 'b', 'c'].map((v) => record(v, { partition: 0 })));
    await engine.produce.produceJson(topic, ['d'].map((v) => record(v, { partition: 1 })));
    const group = uniqueName('g');
    const m = new SimMember(groups, group, { topics: [topic] });
    await m.beat();
    await groups.commit(group, { memberId: m.memberId!, memberEpoch: m.epoch, offsets: [{ topic, partition: 0, offset: 1 }] });
    const d = await groups.describe(group);
    expect(d).toMatchObject({ groupId: group, state: 'Stable', configs: { 'session.timeout.ms': '3000', assignor: 'uniform' }, totalLag: 2 });
    expect(d.members).toMatchObject([{ memberId: m.memberId, assignment: [{ topic, partitions: [0, 1] }], subscription: { topics: [topic] } }]);
    expect(d.partitions).toEqual([
      { topic, partition: 0, owner: m.memberId, committedOffset: 1, metadata: '', logStartOffset: 0, highWatermark: 3, lag: 2 },
      { topic, partition: 1, owner: m.memberId, committedOffset: -1, metadata: '', logStartOffset: 0, highWatermark: 1, lag: null },
    ]);
    expect((await groups.list()).map((g) => g.groupId)).toContain(group);
  });

  it('refuses to delete or reset a group with live members, then does both once it is empty', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 1);
    await engine.produce.produceJson(topic, ['a', 'b', 'c', 'd'].map((v) => record(v)));
    const group = uniqueName('g');
    const m = new SimMember(groups, group, { topics: [topic] });
    await m.beat();
    await groups.commit(group, { memberId: m.memberId!, memberEpoch: m.epoch, offsets: [{ topic, partition: 0, offset: 2 }] });
    await expect(groups.delete(group)).rejects.toMatchObject({ code: 'GROUP_NOT_EMPTY' });
    await expect(groups.resetOffsets(group, { topic, spec: { to: 'earliest' } })).rejects.toMatchObject({ code: 'GROUP_NOT_EMPTY' });
    await groups.leave(group, m.memberId!);
    expect(await groups.delete(group)).toEqual({ deleted: group, offsets: 1 });
    await expect(groups.describe(group)).rejects.toMatchObject({ code: 'UNKNOWN_GROUP' });
    expect((await groups.fetchOffsets(group, topic)).offsets[0]!.offset).toBe(-1);
    expect((await groups.list()).map((g) => g.groupId)).not.toContain(group);
  });

  it('resets offsets to earliest, latest, a timestamp, a shift, or given offsets, clamped to the log', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 2);
    const base = Date.now() - 60_000;
    await engine.produce.produceJson(topic, [0, 1, 2, 3, 4].map((i) => record(`v${i}`, { partition: 0, timestamp: base + i * 1000 })));
    await engine.produce.produceJson(topic, [0, 1].map((i) => record(`w${i}`, { partition: 1, timestamp: base + i * 1000 })));
    const group = uniqueName('g');
    const offsets = async (spec: Parameters<typeof groups.resetOffsets>[1]['spec'], dryRun = false) =>
      (await groups.resetOffsets(group, { topic, spec, dryRun })).partitions.map((p) => p.offset);
    expect(await offsets({ to: 'latest' })).toEqual([5, 2]);
    expect(await offsets({ to: 'earliest' })).toEqual([0, 0]);
    expect(await offsets({ to: 'shift', by: 3 })).toEqual([3, 2]);
    expect(await offsets({ to: 'shift', by: -1 })).toEqual([2, 1]);
    expect(await offsets({ to: 'timestamp', timestamp: base + 1500 })).toEqual([2, 2]);
    expect(await offsets({ to: 'offsets', offsets: [{ partition: 0, offset: 4 }, { partition: 1, offset: 9 }] })).toEqual([4, 2]);
    expect(await offsets({ to: 'earliest' }, true)).toEqual([0, 0]);
    expect((await groups.fetchOffsets(group, topic)).offsets.map((o) => o.offset)).toEqual([4, 2]);
    const d = await groups.describe(group);
    expect(d).toMatchObject({ state: 'Empty', members: [], totalLag: 1 });
  });

  it('changes group configs, and a new assignor applies at the next heartbeat', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 4);
    const group = uniqueName('g');
    const members = [0, 1].map(() => new SimMember(groups, group, { topics: [topic] }));
    await beatUntil(members, () => converged(members, 4));
    const before = (await groups.describe(group)).epoch;
    const changed = await groups.alterConfigs(group, { assignor: 'range', 'session.timeout.ms': 6000 });
    expect(changed.configs).toMatchObject({ assignor: 'range', 'session.timeout.ms': '6000' });
    await beatUntil(members, () => converged(members, 4));
    const d = await groups.describe(group);
    expect(d.epoch).toBeGreaterThan(before);
    const sorted = [...d.members].sort((x, y) => (x.memberId < y.memberId ? -1 : 1));
    expect(sorted.map((m) => m.target[0]!.partitions)).toEqual([[0, 1], [2, 3]]);
    await expect(groups.alterConfigs(group, { 'heartbeat.interval.ms': 5000 })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
