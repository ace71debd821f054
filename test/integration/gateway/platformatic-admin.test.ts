// @platformatic/kafka's Admin, unchanged, against a gateway on the emulators: the flexible
// versions of the admin APIs (CreateTopics v7, DescribeConfigs v4, IncrementalAlterConfigs v1,
// ListGroups v5, DescribeGroups v5, OffsetDelete, DeleteRecords v2), checked against the engine.
import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCoordinator, type GroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { createEngine, type Engine } from '../../../shared/log/engine.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';
import { record } from '../log/helpers.ts';

const TOPIC = 2;
const SET = 0;
const APPEND = 2;

let engine: Engine;
let groups: GroupCoordinator;
let gw: RunningGateway;
let admin: Admin;

beforeAll(async () => {
  engine = createEngine(createStorage(storageConfig()), { topics: { cacheMs: 0 } });
  groups = createGroupCoordinator(engine, { topicCacheMs: 0 });
  gw = await startGateway({ port: 0, storage: storageConfig(), log: () => undefined });
  admin = new Admin({ clientId: 'sluice-platformatic-admin', bootstrapBrokers: [`${gw.host}:${gw.port}`], retries: 2 });
});

afterAll(async () => {
  await admin?.close();
  await gw?.close();
});

const stored = (name: string) => engine.storage.topics.get(name);

describe('@platformatic/kafka Admin through the gateway', () => {
  it('creates topics (v7: id and configs back), grows them and deletes them', async () => {
    const name = uniqueName('pk-admin');
    const [created] = await admin.createTopics({ topics: [name], partitions: 2, replicas: 1, configs: [{ name: 'retention.ms', value: '60000' }] });
    const topic = await stored(name);
    expect(created).toMatchObject({ name, id: topic!.id, partitions: 2, replicas: 1 });
    expect(created!.configuration).toMatchObject({ 'retention.ms': '60000', 'cleanup.policy': 'delete' });
    await expect(admin.createTopics({ topics: [name] })).rejects.toThrow();

    await admin.createPartitions({ topics: [{ name, count: 4 }] });
    expect((await stored(name))?.partitions).toBe(4);
    await expect(admin.createPartitions({ topics: [{ name, count: 1 }] })).rejects.toThrow();

    await admin.deleteTopics({ topics: [name] });
    expect(await stored(name)).toBeUndefined();
  });

  it('describes configs with synonyms and documentation, and alters them incrementally and wholly', async () => {
    const name = uniqueName('pk-configs');
    await engine.topics.create({ name, partitions: 1, configs: { 'retention.ms': '1000' } });
    const [described] = await admin.describeConfigs({ resources: [{ resourceType: TOPIC, resourceName: name, configurationKeys: [] }], includeSynonyms: true, includeDocumentation: true });
    const retention = described!.configs.find((c) => c.name === 'retention.ms');
    expect(retention).toMatchObject({ value: '1000', configSource: 1, configType: 5 });
    expect(retention!.synonyms.map((s) => s.source)).toEqual([1, 5]);

    await admin.incrementalAlterConfigs({ resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'cleanup.policy', configOperation: APPEND, value: 'compact' }, { name: 'segment.ms', configOperation: SET, value: '5000' }] }] });
    expect((await stored(name))?.configs).toEqual({ 'retention.ms': '1000', 'cleanup.policy': 'compact,delete', 'segment.ms': '5000' });
    await expect(
      admin.incrementalAlterConfigs({ resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'retention.ms', configOperation: APPEND, value: '5' }] }] }),
    ).rejects.toThrow();

    await admin.alterConfigs({ resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'retention.ms', value: '2000' }] }] });
    expect((await stored(name))?.configs).toEqual({ 'retention.ms': '2000' });
  });

  it('deletes records and answers the low watermark', async () => {
    const name = uniqueName('pk-records');
    await engine.topics.create({ name, partitions: 1 });
    await engine.produce.produceJson(name, ['a', 'b', 'c'].map((v) => record(v, { partition: 0 })));
    const [deleted] = await admin.deleteRecords({ topics: [{ name, partitions: [{ partition: 0, offset: 2n }] }] });
    expect(deleted).toEqual({ name, partitions: [{ partition: 0, lowWatermark: 2n }] });
  });

  it('lists and describes groups, deletes offsets of an unused topic, and deletes an empty group', async () => {
    const used = uniqueName('pk-used');
    const idle = uniqueName('pk-idle');
    await engine.topics.create({ name: used, partitions: 1 });
    await engine.topics.create({ name: idle, partitions: 1 });
    await engine.produce.produceJson(idle, [record('x', { partition: 0 })]);
    const groupId = uniqueName('pk-group');
    await groups.resetOffsets(groupId, { topic: idle, spec: { to: 'latest' } });
    const hb = await groups.heartbeat(groupId, { memberEpoch: 0, clientId: 'pk-member', subscription: { topics: [used] }, ownedPartitions: [] });
    const again = await groups.heartbeat(groupId, { memberId: hb.memberId, memberEpoch: hb.memberEpoch, ownedPartitions: hb.assignment });

    const listed = await admin.listGroups({ states: ['STABLE'] });
    expect(listed.get(groupId)).toMatchObject({ id: groupId, state: 'STABLE', protocolType: 'consumer' });
    const described = (await admin.describeGroups({ groups: [groupId] })).get(groupId)!;
    expect(described).toMatchObject({ id: groupId, state: 'STABLE', protocolType: 'consumer' });
    const member = described.members.get(hb.memberId)!;
    expect(member).toMatchObject({ clientId: 'pk-member' });
    expect(member.metadata?.topics).toEqual([used]);
    expect([...(member.assignments?.values() ?? [])]).toEqual([{ topic: used, partitions: [0] }]);

    await admin.deleteConsumerGroupOffsets({ groupId, topics: [{ name: idle, partitionIndexes: [0] }] });
    expect((await groups.fetchOffsets(groupId, idle)).offsets.map((o) => o.offset)).toEqual([-1]);
    await expect(admin.deleteConsumerGroupOffsets({ groupId, topics: [{ name: used, partitionIndexes: [0] }] })).rejects.toThrow();

    await expect(admin.deleteGroups({ groups: [groupId] })).rejects.toThrow();
    await groups.leave(groupId, hb.memberId, again.memberEpoch);
    await admin.deleteGroups({ groups: [groupId] });
    expect(await groups.state(groupId)).toBeUndefined();
  });
});
