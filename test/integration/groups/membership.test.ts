import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../support/env.ts';
import { beatUntil, converged, FAST, newTopic, realGroups, SimMember, sleep } from './helpers.ts';

describe('consumer group membership on the emulators', () => {
  it('splits the partitions of a topic evenly between the members that join', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 7);
    const group = uniqueName('g');
    const members = [0, 1, 2].map(() => new SimMember(groups, group, { topics: [topic] }));
    await beatUntil(members, () => converged(members, 7));
    expect(members.map((m) => m.count()).sort()).toEqual([2, 2, 3]);
    const described = await groups.describe(group);
    expect(described.state).toBe('Stable');
    expect(described.members).toHaveLength(3);
  });

  it('does not give a partition to a joining member until its owner has revoked it', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 4);
    const group = uniqueName('g');
    const a = new SimMember(groups, group, { topics: [topic] });
    await a.beat();
    expect(a.count()).toBe(4);
    a.stubborn = true;
    const b = new SimMember(groups, group, { topics: [topic] });
    const first = await b.beat();
    expect(first.assignment).toEqual([]);
    expect(first.pending.flatMap((t) => t.partitions)).toHaveLength(2);
    // A is told to give two up, but keeps reporting them as owned: B still waits.
    const told = await a.beat();
    expect(told.assignment.flatMap((t) => t.partitions)).toHaveLength(2);
    expect((await b.beat()).assignment).toEqual([]);
    // A acknowledges; B takes them.
    a.stubborn = false;
    a.owned = told.assignment;
    await a.beat();
    const taken = await b.beat();
    expect(taken.assignment.flatMap((t) => t.partitions)).toHaveLength(2);
    expect(new Set([...a.keys(), ...b.keys()]).size).toBe(4);
  });

  it('moves a killed member’s partitions to the others within the session timeout plus one heartbeat interval', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 6);
    const group = uniqueName('g');
    const members = [0, 1, 2].map(() => new SimMember(groups, group, { topics: [topic] }));
    await beatUntil(members, () => converged(members, 6));
    const [victim, ...survivors] = members as [SimMember, ...SimMember[]];
    const orphaned = victim.keys();
    const killedAt = Date.now();
    let movedAt = 0;
    while (!movedAt && Date.now() - killedAt < 10_000) {
      await sleep(FAST['heartbeat.interval.ms']);
      for (const m of survivors) await m.beat();
      const held = new Set(survivors.flatMap((m) => m.keys()));
      if (orphaned.every((k) => held.has(k))) movedAt = Date.now();
    }
    expect(movedAt).toBeGreaterThan(0);
    // Latency allowance: a few DynamoDB Local round trips on a busy machine.
    expect(movedAt - killedAt).toBeLessThanOrEqual(FAST['session.timeout.ms'] + FAST['heartbeat.interval.ms'] + 750);
    expect(survivors.map((m) => m.count())).toEqual([3, 3]);
    await expect(victim.beat()).rejects.toMatchObject({ code: 'UNKNOWN_MEMBER' });
  });

  it('releases the partitions of a member that leaves at once, without waiting for its session', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 4);
    const group = uniqueName('g');
    const [a, b] = [0, 1].map(() => new SimMember(groups, group, { topics: [topic] })) as [SimMember, SimMember];
    await beatUntil([a, b], () => converged([a, b], 4));
    await groups.leave(group, a.memberId!, a.epoch);
    await b.beat();
    expect(b.count()).toBe(4);
    await expect(a.beat()).rejects.toMatchObject({ code: 'UNKNOWN_MEMBER' });
  });

  it('fences a member that does not revoke within the rebalance timeout, and moves its partitions once its lease expires', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 2);
    const group = uniqueName('g');
    const a = new SimMember(groups, group, { topics: [topic] });
    await a.beat();
    a.stubborn = true;
    const b = new SimMember(groups, group, { topics: [topic] });
    await b.beat();
    const started = Date.now();
    while (b.count() < 1 && Date.now() - started < 15_000) {
      await sleep(FAST['heartbeat.interval.ms']);
      await a.beat().catch(() => undefined);
      await b.beat();
    }
    expect(b.count()).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST['rebalance.timeout.ms']);
    await expect(a.beat()).rejects.toMatchObject({ code: 'UNKNOWN_MEMBER' });
  });

  it('refuses a heartbeat with a stale epoch and one from an unknown member', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 2);
    const group = uniqueName('g');
    const a = new SimMember(groups, group, { topics: [topic] });
    await a.beat();
    const b = new SimMember(groups, group, { topics: [topic] });
    await b.beat();
    await a.beat();
    await a.beat();
    expect(a.epoch).toBeGreaterThan(1);
    await expect(groups.heartbeat(group, { memberId: a.memberId!, memberEpoch: a.epoch + 5, ownedPartitions: [] }))
      .rejects.toMatchObject({ code: 'FENCED_MEMBER_EPOCH' });
    await expect(groups.heartbeat(group, { memberId: 'nobody', memberEpoch: 3, ownedPartitions: [] }))
      .rejects.toMatchObject({ code: 'UNKNOWN_MEMBER' });
  });

  it('accepts a repeated heartbeat whose answer was lost', async () => {
    const { engine, groups } = realGroups();
    const topic = await newTopic(engine, 2);
    const group = uniqueName('g');
    const a = new SimMember(groups, group, { topics: [topic] });
    await a.beat();
    const first = await groups.heartbeat(group, { memberId: a.memberId!, memberEpoch: 0, subscription: { topics: [topic] }, ownedPartitions: [] });
    expect(first.memberEpoch).toBe(a.epoch);
    expect(first.assignment).toEqual(a.owned);
  });

  it('gives a regex subscription the topics created after it', async () => {
    const { engine, groups } = realGroups();
    const prefix = uniqueName('rx');
    await engine.topics.create({ name: `${prefix}.a`, partitions: 2 });
    const group = uniqueName('g');
    const m = new SimMember(groups, group, { pattern: `${prefix.replace(/\./g, '\\.')}\\..*` });
    await m.beat();
    expect(m.owned.map((t) => t.topic)).toEqual([`${prefix}.a`]);
    await engine.topics.create({ name: `${prefix}.b`, partitions: 3 });
    await engine.topics.create({ name: `other-${prefix}`, partitions: 1 });
    await m.beat();
    await m.beat();
    expect(m.owned).toEqual([
      { topic: `${prefix}.a`, partitions: [0, 1] },
      { topic: `${prefix}.b`, partitions: [0, 1, 2] },
    ]);
  });
});
