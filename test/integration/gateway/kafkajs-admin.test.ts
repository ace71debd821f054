// KafkaJS 2.2.4's admin client, unchanged, against a gateway on the emulators: every admin call a
// KafkaJS user makes, checked against what the engine then holds.
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCoordinator, type GroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { createEngine, type Engine } from '../../../shared/log/engine.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';
import { record } from '../log/helpers.ts';

let engine: Engine;
let groups: GroupCoordinator;
let gw: RunningGateway;
let admin: Admin;
let kafka: Kafka;

beforeAll(async () => {
  engine = createEngine(createStorage(storageConfig()), { topics: { cacheMs: 0 } });
  groups = createGroupCoordinator(engine, { topicCacheMs: 0 });
  gw = await startGateway({ port: 0, storage: storageConfig(), defaultPartitions: 2, log: () => undefined });
  kafka = new Kafka({
    clientId: 'sluice-kafkajs-admin',
    brokers: [`${gw.host}:${gw.port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await gw?.close();
});

const stored = (name: string) => engine.storage.topics.get(name);

describe('KafkaJS admin through the gateway', () => {
  it('creates topics with configs, says false for a taken name, and refuses bad configs without creating', async () => {
    const name = uniqueName('kjs-admin');
    expect(await admin.createTopics({ topics: [{ topic: name, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }] }], waitForLeaders: true })).toBe(true);
    expect(await stored(name)).toMatchObject({ partitions: 3, configs: { 'retention.ms': '3600000' } });
    expect(await admin.createTopics({ topics: [{ topic: name }] })).toBe(false);
    const bad = uniqueName('kjs-bad');
    await expect(admin.createTopics({ topics: [{ topic: bad, configEntries: [{ name: 'not.a.config', value: '1' }] }] })).rejects.toMatchObject({
      name: 'KafkaJSAggregateError',
      errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })],
    });
    expect(await stored(bad)).toBeUndefined();
    expect(await admin.listTopics()).toContain(name);
  });

  it('grows a topic with createPartitions and refuses to shrink it', async () => {
    const name = uniqueName('kjs-parts');
    await admin.createTopics({ topics: [{ topic: name, numPartitions: 2 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: name, count: 5 }] });
    expect((await stored(name))?.partitions).toBe(5);
    await expect(admin.createPartitions({ topicPartitions: [{ topic: name, count: 3 }] })).rejects.toMatchObject({ type: 'INVALID_PARTITIONS' });
    expect((await stored(name))?.partitions).toBe(5);
  });

  it('describes and alters topic configs, and describes the broker', async () => {
    const name = uniqueName('kjs-configs');
    await admin.createTopics({ topics: [{ topic: name, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const described = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name }], includeSynonyms: true });
    const entries = new Map(described.resources[0]!.configEntries.map((e) => [e.configName, e]));
    expect(entries.get('cleanup.policy')).toMatchObject({ configValue: 'compact', isDefault: false, readOnly: false });
    expect(entries.get('retention.ms')).toMatchObject({ configValue: '604800000', isDefault: true });

    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name, configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    // AlterConfigs replaces the whole set, as in Kafka: cleanup.policy is back to its default.
    expect((await stored(name))?.configs).toEqual({ 'retention.ms': '1000' });
    await expect(
      admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name, configEntries: [{ name: 'retention.ms', value: 'soon' }] }] }),
    ).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    expect((await stored(name))?.configs).toEqual({ 'retention.ms': '1000' });

    const { controller } = await admin.describeCluster();
    const broker = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.BROKER, name: String(controller) }], includeSynonyms: false });
    expect(broker.resources[0]!.configEntries.map((e) => e.configName)).toContain('num.partitions');
  });

  it('deletes records up to an offset, and deletes topics', async () => {
    const name = uniqueName('kjs-records');
    await admin.createTopics({ topics: [{ topic: name, numPartitions: 1 }], waitForLeaders: true });
    await engine.produce.produceJson(name, ['a', 'b', 'c', 'd'].map((v) => record(v, { partition: 0 })));
    // KafkaJS finds partition leaders in the metadata it already holds; a fetch puts the topic there.
    await admin.fetchTopicMetadata({ topics: [name] });
    await admin.deleteTopicRecords({ topic: name, partitions: [{ partition: 0, offset: '2' }] });
    const topic = (await stored(name))!;
    expect((await engine.storage.partitions.logStartOffsets(topic.id, [0])).get(0)).toBe(2);
    // KafkaJS checks an offset past the high watermark itself, before asking.
    await expect(admin.deleteTopicRecords({ topic: name, partitions: [{ partition: 0, offset: '99' }] })).rejects.toThrow();
    expect((await engine.storage.partitions.logStartOffsets(topic.id, [0])).get(0)).toBe(2);

    await admin.deleteTopics({ topics: [name] });
    expect(await stored(name)).toBeUndefined();
  });

  it('lists, describes and deletes consumer groups', async () => {
    const topic = uniqueName('kjs-gtopic');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const groupId = uniqueName('kjs-group');
    const hb = await groups.heartbeat(groupId, { memberEpoch: 0, clientId: 'billing', subscription: { topics: [topic] }, ownedPartitions: [] });
    const again = await groups.heartbeat(groupId, { memberId: hb.memberId, memberEpoch: hb.memberEpoch, ownedPartitions: hb.assignment });

    expect((await admin.listGroups()).groups).toContainEqual({ groupId, protocolType: 'consumer' });
    const { groups: [group] } = await admin.describeGroups([groupId]);
    expect(group).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer', errorCode: 0 });
    expect(group!.members).toHaveLength(1);
    expect(group!.members[0]).toMatchObject({ memberId: hb.memberId, clientId: 'billing' });
    const { AssignerProtocol } = await import('kafkajs');
    expect(AssignerProtocol.MemberAssignment.decode(group!.members[0]!.memberAssignment)?.assignment).toEqual({ [topic]: [0, 1] });

    await expect(admin.deleteGroups([groupId])).rejects.toMatchObject({ name: 'KafkaJSDeleteGroupsError', groups: [expect.objectContaining({ errorCode: 68 })] });
    await groups.leave(groupId, hb.memberId, again.memberEpoch);
    expect(await admin.deleteGroups([groupId])).toEqual([expect.objectContaining({ groupId, errorCode: 0 })]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
  });

  it('describes a group a KafkaJS consumer joined, and deletes it once the consumer has left', async () => {
    const topic = uniqueName('kjs-consumed');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const groupId = uniqueName('kjs-consumers');
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ eachMessage: async () => undefined });
    await joined;
    try {
      const { groups: [group] } = await admin.describeGroups([groupId]);
      expect(group).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' });
      expect(group!.members.map((m) => m.clientId)).toEqual(['sluice-kafkajs-admin']);
      const { AssignerProtocol } = await import('kafkajs');
      expect(AssignerProtocol.MemberAssignment.decode(group!.members[0]!.memberAssignment)?.assignment).toEqual({ [topic]: [0, 1] });
      expect(AssignerProtocol.MemberMetadata.decode(group!.members[0]!.memberMetadata)?.topics).toEqual([topic]);
    } finally {
      await consumer.disconnect();
    }
    expect(await admin.deleteGroups([groupId])).toEqual([expect.objectContaining({ groupId, errorCode: 0 })]);
  });

  it('describes the cluster as one broker that is the controller', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toEqual([{ nodeId: cluster.controller, host: gw.advertisedHost, port: gw.advertisedPort }]);
    expect(cluster.clusterId).toEqual(expect.any(String));
  });
});
