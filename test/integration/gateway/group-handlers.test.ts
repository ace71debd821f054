import { beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext, Message } from '../../../gateway/handlers/types.ts';
import { encodeSubscription } from '../../../gateway/protocol/consumer-protocol.ts';
import { ErrorCode } from '../../../gateway/protocol/errors.ts';
import { uniqueName } from '../../support/env.ts';
import { ClassicMember, GROUP_API, groupCaller, groupGateway, SESSION_MS, sleep, type GroupCall } from './group-support.ts';

let gateway: GatewayContext;
let call: GroupCall;

beforeAll(() => {
  gateway = groupGateway();
  call = groupCaller(gateway);
});

async function topicWith(partitions: number): Promise<string> {
  const name = uniqueName('gw-grp');
  await gateway.engine.topics.create({ name, partitions });
  return name;
}

const all = (topic: string, n: number) => Array.from({ length: n }, (_, p) => `${topic}:${p}`);

/** Two members sharing a topic of `n` partitions, converged: the second joined while the first held everything. */
async function twoMembers(n = 4): Promise<{ topic: string; groupId: string; a: ClassicMember; b: ClassicMember }> {
  const topic = await topicWith(n);
  const groupId = uniqueName('g');
  const a = new ClassicMember(call, groupId, [topic]);
  const b = new ClassicMember(call, groupId, [topic]);
  expect(await a.joinAndSync()).toEqual([{ topic, partitions: Array.from({ length: n }, (_, p) => p) }]);
  // B's join waits for partitions A holds; A learns from its heartbeat that it must rejoin.
  const bJoined = b.joinAndSync();
  await sleep(200);
  expect(await a.heartbeat()).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  await a.joinAndSync();
  await bJoined;
  return { topic, groupId, a, b };
}

describe('classic consumer groups over server-side assignment', () => {
  it('gives two members disjoint assignments covering every partition, then keeps them stable', async () => {
    const { topic, a, b } = await twoMembers(4);
    expect(a.keys()).toHaveLength(2);
    expect(b.keys()).toHaveLength(2);
    expect([...a.keys(), ...b.keys()].sort()).toEqual(all(topic, 4));
    expect(await a.heartbeat()).toBe(ErrorCode.NONE);
    expect(await b.heartbeat()).toBe(ErrorCode.NONE);
    // Generations are the members' Sluice epochs: both at the group's epoch.
    expect(a.generation).toBe(b.generation);
  });

  it('tells every member it is a follower, so no client runs an assignor', async () => {
    const topic = await topicWith(1);
    const m = new ClassicMember(call, uniqueName('g'), [topic]);
    const joined = await m.join();
    expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, leader: '', members: [], protocolName: 'roundrobin' });
    expect(joined.leader).not.toBe(m.memberId);
  });

  it('sends the other member back to rejoin when one leaves, and it ends with every partition', async () => {
    const { topic, a, b } = await twoMembers(4);
    const left = await b.leave();
    expect(left.members).toEqual([expect.objectContaining({ memberId: b.memberId, errorCode: ErrorCode.NONE })]);
    expect(await a.heartbeat()).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await a.joinAndSync();
    expect(a.keys()).toEqual(all(topic, 4));
    expect(await a.heartbeat()).toBe(ErrorCode.NONE);
    expect(await b.heartbeat()).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("refuses a zombie's commit: a stale generation after a rebalance, and a member that expired", async () => {
    const topic = await topicWith(2);
    const groupId = uniqueName('g');
    const a = new ClassicMember(call, groupId, [topic]);
    await a.joinAndSync();
    const before = a.generation;
    expect(await a.commit([{ topic, partition: 0, offset: 5 }, { topic, partition: 1, offset: 6 }])).toEqual({ [`${topic}:0`]: 0, [`${topic}:1`]: 0 });
    const b = new ClassicMember(call, groupId, [topic]);
    const bJoined = b.joinAndSync();
    await sleep(200);
    expect(await a.heartbeat()).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await a.joinAndSync();
    await bJoined;
    const lost = b.keys()[0]!;
    const lostPartition = Number(lost.split(':').at(-1));
    // A delayed commit from A's old generation, for the partition B now owns.
    const zombie = await a.commit([{ topic, partition: lostPartition, offset: 99 }], before);
    expect(zombie[lost]).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(await b.commit([{ topic, partition: lostPartition, offset: 7 }])).toEqual({ [lost]: ErrorCode.NONE });

    // B stops heartbeating; once its session is over, its commits are refused as from an unknown member.
    const since = Date.now();
    while (Date.now() - since < SESSION_MS + 500) {
      await sleep(800);
      await a.heartbeat();
    }
    expect((await b.commit([{ topic, partition: lostPartition, offset: 8 }]))[lost]).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const { offsets } = await gateway.groups.fetchOffsets(groupId, topic);
    expect(offsets.find((o) => o.partition === lostPartition)?.offset).toBe(7);
  });

  it('answers an expired member UNKNOWN_MEMBER_ID, then lets it join again as a new member', async () => {
    const topic = await topicWith(1);
    const m = new ClassicMember(call, uniqueName('g'), [topic]);
    await m.joinAndSync();
    const expired = m.memberId;
    await sleep(SESSION_MS + 300);
    expect(await m.heartbeat()).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await m.join()).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await m.joinAndSync()).toEqual([{ topic, partitions: [0] }]);
    expect(m.memberId).not.toBe(expired);
  });
});

describe('offsets, whichever door', () => {
  it('reads through the coordinator what was committed through the gateway', async () => {
    const { topic, groupId, a, b } = await twoMembers(4);
    const commits = [...a.owned, ...b.owned].length;
    expect(commits).toBe(2);
    for (const m of [a, b]) {
      const offsets = m.owned.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p, offset: 10 + p })));
      expect(Object.values(await m.commit(offsets))).toEqual([0, 0]);
    }
    const { offsets } = await gateway.groups.fetchOffsets(groupId, topic);
    expect(offsets.map((o) => [o.partition, o.offset, o.metadata])).toEqual([0, 1, 2, 3].map((p) => [p, 10 + p, `m${10 + p}`]));
  });

  it('reads through the gateway what an SDK member committed, at every OffsetFetch version', async () => {
    const topic = await topicWith(3);
    const other = await topicWith(1);
    const groupId = uniqueName('g');
    const hb = await gateway.groups.heartbeat(groupId, { memberEpoch: 0, subscription: { topics: [topic] }, ownedPartitions: [] });
    await gateway.groups.commit(groupId, { memberId: hb.memberId, memberEpoch: hb.memberEpoch, offsets: [{ topic, partition: 0, offset: 4, metadata: 'x' }, { topic, partition: 2, offset: 9 }] });
    const wanted = [{ name: topic, partitionIndexes: [0, 1, 2] }, { name: other, partitionIndexes: [0] }, { name: uniqueName('missing'), partitionIndexes: [0] }];
    const rows = (topics: Message[]) => topics.map((t) => [t.name, t.partitions.map((p: Message) => [p.partitionIndex, Number(p.committedOffset), p.errorCode])]);
    const expected = [
      [topic, [[0, 4, 0], [1, -1, 0], [2, 9, 0]]],
      [other, [[0, -1, 0]]],
      [wanted[2]!.name, [[0, -1, 0]]],
    ];
    for (const version of [0, 1, 2, 5, 6, 7]) {
      const answer = await call(GROUP_API.offsetFetch, version, { groupId, topics: wanted, requireStable: false });
      expect(rows(answer.topics), `v${version}`).toEqual(expected);
      if (version >= 2) expect(answer.errorCode).toBe(0);
    }
    const v8 = await call(GROUP_API.offsetFetch, 8, {
      groups: [{ groupId, topics: wanted }, { groupId, topics: null }, { groupId: 'no good group', topics: [] }],
      requireStable: false,
    });
    expect(rows(v8.groups[0].topics)).toEqual(expected);
    expect(rows(v8.groups[1].topics)).toEqual([[topic, [[0, 4, 0], [2, 9, 0]]]]);
    expect(v8.groups[1].topics[0].partitions[0].metadata).toBe('x');
    expect(v8.groups[2].errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  it('takes a standalone commit only while the group has no live member', async () => {
    const topic = await topicWith(1);
    const groupId = uniqueName('g');
    const standalone = (offset: number, version = 2) =>
      call(GROUP_API.offsetCommit, version, {
        groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n,
        topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: BigInt(offset), committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null }] }],
      });
    await gateway.engine.produce.produceJson(topic, Array.from({ length: 5 }, (_, i) => ({ key: null, value: Buffer.from(`v${i}`), headers: [] })));
    expect((await standalone(3)).topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    expect((await standalone(2, 0)).topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    expect((await gateway.groups.fetchOffsets(groupId, topic)).offsets[0]!.offset).toBe(2);
    const m = new ClassicMember(call, groupId, [topic]);
    await m.joinAndSync();
    expect((await standalone(4)).topics[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await gateway.groups.fetchOffsets(groupId, topic)).offsets[0]!.offset).toBe(2);
  });

  it('answers each partition of a commit on its own', async () => {
    const topic = await topicWith(2);
    const m = new ClassicMember(call, uniqueName('g'), [topic]);
    await m.joinAndSync();
    const missing = uniqueName('missing');
    const answer = await m.commit([
      { topic, partition: 0, offset: 1 },
      { topic, partition: 5, offset: 1 },
      { topic: missing, partition: 0, offset: 1 },
    ]);
    expect(answer).toEqual({ [`${topic}:0`]: 0, [`${topic}:5`]: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, [`${missing}:0`]: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
  });
});

describe('requests a group cannot take', () => {
  it('finds this gateway as every group coordinator, at every version, and refuses transaction coordinators', async () => {
    for (const version of [0, 1, 2, 3]) {
      const answer = await call(GROUP_API.findCoordinator, version, { key: 'any-group', keyType: 0 });
      expect(answer).toMatchObject({ errorCode: 0, nodeId: 7, host: '127.0.0.1', port: 19092 });
    }
    const v4 = await call(GROUP_API.findCoordinator, 4, { keyType: 0, coordinatorKeys: ['g1', 'g2'] });
    expect(v4.coordinators).toEqual([
      { key: 'g1', nodeId: 7, host: '127.0.0.1', port: 19092, errorCode: 0, errorMessage: null },
      { key: 'g2', nodeId: 7, host: '127.0.0.1', port: 19092, errorCode: 0, errorMessage: null },
    ]);
    const txn = await call(GROUP_API.findCoordinator, 1, { key: 'tx', keyType: 1 });
    expect(txn.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(txn.errorMessage).toMatch(/transactions/);
  });

  it('answers bad joins with Kafka errors, creating nothing', async () => {
    const topic = await topicWith(1);
    const groupId = uniqueName('g');
    const join = (over: Message) =>
      call(GROUP_API.joinGroup, 5, {
        groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', groupInstanceId: null, protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: encodeSubscription({ topics: [topic] }) }],
        ...over,
      });
    expect((await join({ protocolType: 'connect' })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join({ protocols: [] })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join({ protocols: [{ name: 'range', metadata: Buffer.from([0, 0, 0xff]) }] })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join({ groupId: 'spaces are not allowed' })).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await join({ sessionTimeoutMs: 10 })).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await join({ memberId: 'not/a/member' })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const first = await join({});
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).not.toBe('');
    expect(await gateway.groups.state(groupId)).toBeUndefined();
  });

  it('answers heartbeats and syncs of strangers, stale generations and bad ids', async () => {
    const topic = await topicWith(1);
    const groupId = uniqueName('g');
    const m = new ClassicMember(call, groupId, [topic]);
    await m.joinAndSync();
    const hb = (over: Message) => call(GROUP_API.heartbeat, 4, { groupId, generationId: m.generation, memberId: m.memberId, groupInstanceId: null, ...over });
    expect((await hb({})).errorCode).toBe(ErrorCode.NONE);
    expect((await hb({ memberId: 'someone-else' })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await hb({ generationId: m.generation + 5 })).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await hb({ generationId: 0 })).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await hb({ groupId: '' })).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    const sync = await call(GROUP_API.syncGroup, 5, { groupId, generationId: m.generation, memberId: 'someone-else', groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [] });
    expect(sync.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const left = await call(GROUP_API.leaveGroup, 1, { groupId, memberId: 'someone-else' });
    expect(left.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });
});

describe('ConsumerGroupHeartbeat (KIP-848)', () => {
  const beat = (body: Message, version = 1) =>
    call(GROUP_API.consumerGroupHeartbeat, version, {
      instanceId: null, rackId: null, rebalanceTimeoutMs: -1, subscribedTopicNames: null, subscribedTopicRegex: null, serverAssignor: null, topicPartitions: null,
      ...body,
    });

  it('joins with the member id the client made, answers topic ids, and shares the group with classic members', async () => {
    const topic = await topicWith(2);
    const topicId = (await gateway.engine.topics.get(topic)).id;
    const groupId = uniqueName('g');
    const memberId = 'kip848-member-1';
    const joined = await beat({ groupId, memberId, memberEpoch: 0, rebalanceTimeoutMs: 6_000, subscribedTopicNames: [topic], serverAssignor: 'range', topicPartitions: [] });
    expect(joined).toMatchObject({ errorCode: 0, memberId, assignment: { topicPartitions: [{ topicId, partitions: [0, 1] }] } });
    expect(joined.memberEpoch).toBeGreaterThan(0);

    // A classic member joins the same group: the KIP-848 member is asked to give one partition up.
    const classic = new ClassicMember(call, groupId, [topic]);
    const classicJoined = classic.joinAndSync();
    await sleep(200);
    const told = await beat({ groupId, memberId, memberEpoch: joined.memberEpoch });
    expect(told.assignment.topicPartitions[0].partitions).toHaveLength(1);
    const kept = told.assignment.topicPartitions;
    const acked = await beat({ groupId, memberId, memberEpoch: told.memberEpoch, topicPartitions: kept });
    expect(acked.errorCode).toBe(0);
    await classicJoined;
    expect([...classic.keys(), ...kept[0].partitions.map((p: number) => `${topic}:${p}`)].sort()).toEqual(all(topic, 2));

    expect((await beat({ groupId, memberId, memberEpoch: acked.memberEpoch + 7 })).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
    expect((await beat({ groupId, memberId, memberEpoch: -1 })).errorCode).toBe(0);
    expect((await beat({ groupId, memberId, memberEpoch: 3 })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('gives a v0 joiner an id, refuses unknown assignors, and lets an expired member rejoin with its id', async () => {
    const topic = await topicWith(1);
    const groupId = uniqueName('g');
    const v0 = await beat({ groupId, memberId: '', memberEpoch: 0, subscribedTopicNames: [topic], topicPartitions: [] }, 0);
    expect(v0.errorCode).toBe(0);
    expect(v0.memberId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await beat({ groupId, memberId: 'x1', memberEpoch: 0, subscribedTopicNames: [topic], serverAssignor: 'sticky' })).errorCode).toBe(ErrorCode.UNSUPPORTED_ASSIGNOR);

    const other = uniqueName('g');
    await beat({ groupId: other, memberId: 'lifelong-id', memberEpoch: 0, rebalanceTimeoutMs: 3_000, subscribedTopicNames: [topic], topicPartitions: [] });
    // Its session ends (shortened to 1 s); its expired record stays until something settles the group.
    await gateway.groups.alterConfigs(other, { 'session.timeout.ms': 1_000, 'heartbeat.interval.ms': 300 });
    await sleep(1_300);
    expect((await beat({ groupId: other, memberId: 'lifelong-id', memberEpoch: 1 })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const again = await beat({ groupId: other, memberId: 'lifelong-id', memberEpoch: 0, subscribedTopicNames: [topic], topicPartitions: [] });
    expect(again).toMatchObject({ errorCode: 0, memberId: 'lifelong-id' });
  });
});
