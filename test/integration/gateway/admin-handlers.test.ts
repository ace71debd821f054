import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../gateway/protocol/errors.ts';
import { decodeAssignment, decodeSubscription } from '../../../gateway/protocol/consumer-protocol.ts';
import { ZERO_UUID } from '../../../gateway/protocol/uuid.ts';
import { uniqueName } from '../../support/env.ts';
import { record } from '../log/helpers.ts';
import { adminGateway, NODE_ID } from './admin-gateway.ts';

const { gw, call } = adminGateway();
const TOPIC = 2;
const BROKER = 4;

const createTopic = (name: string, extra: Record<string, unknown> = {}) => ({ name, numPartitions: 2, replicationFactor: 1, assignments: [], configs: [], ...extra });

async function stored(name: string) {
  return gw.engine.storage.topics.get(name);
}

describe('CreateTopics', () => {
  it('creates a topic with its configs and answers v7 with its id, partitions and effective configs', async () => {
    const name = uniqueName('adm-create');
    const res = await call('CreateTopics', 7, { topics: [createTopic(name, { numPartitions: 4, replicationFactor: 3, configs: [{ name: 'retention.ms', value: '3600000' }] })], timeoutMs: 1000 });
    const t = res.topics[0];
    expect(t).toMatchObject({ name, errorCode: 0, errorMessage: null, numPartitions: 4, replicationFactor: 1 });
    const topic = await stored(name);
    expect(topic).toMatchObject({ partitions: 4, configs: { 'retention.ms': '3600000' } });
    expect(t.topicId).toBe(topic!.id);
    expect(t.configs).toContainEqual({ name: 'retention.ms', value: '3600000', readOnly: false, configSource: 1, isSensitive: false });
    expect(t.configs).toContainEqual({ name: 'cleanup.policy', value: 'delete', readOnly: false, configSource: 5, isSensitive: false });
  });

  it('takes the default partition count for -1, and answers v0 with the code alone', async () => {
    const name = uniqueName('adm-default');
    const res = await call('CreateTopics', 0, { topics: [createTopic(name, { numPartitions: -1, replicationFactor: -1 })], timeoutMs: 1000 });
    expect(res.topics).toEqual([{ name, topicId: ZERO_UUID, errorCode: 0, errorMessage: null, topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: [] }]);
    expect((await stored(name))?.partitions).toBe(gw.options.defaultPartitions);
  });

  it('refuses each bad topic with its own Kafka code, creates the good one beside them, and stores nothing for the bad', async () => {
    const ok = uniqueName('adm-ok');
    const unknownConfig = uniqueName('adm-unknown-config');
    const badValue = uniqueName('adm-bad-value');
    const rf = uniqueName('adm-rf');
    const assigned = uniqueName('adm-assigned');
    const zero = uniqueName('adm-zero');
    const nullValue = uniqueName('adm-null');
    const res = await call('CreateTopics', 4, {
      topics: [
        createTopic(ok),
        createTopic('bad name!'),
        createTopic(unknownConfig, { configs: [{ name: 'not.a.config', value: '1' }] }),
        createTopic(badValue, { configs: [{ name: 'retention.ms', value: 'soon' }] }),
        createTopic(rf, { replicationFactor: 0 }),
        createTopic(assigned, { numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [NODE_ID] }] }),
        createTopic(zero, { numPartitions: 0 }),
        createTopic(nullValue, { configs: [{ name: 'retention.ms', value: null }] }),
      ],
      timeoutMs: 1000,
      validateOnly: false,
    });
    const codes = Object.fromEntries(res.topics.map((t: { name: string; errorCode: number }) => [t.name, t.errorCode]));
    expect(codes).toEqual({
      [ok]: 0,
      'bad name!': ErrorCode.INVALID_TOPIC_EXCEPTION,
      [unknownConfig]: ErrorCode.INVALID_CONFIG,
      [badValue]: ErrorCode.INVALID_CONFIG,
      [rf]: ErrorCode.INVALID_REPLICATION_FACTOR,
      [assigned]: ErrorCode.INVALID_REQUEST,
      [zero]: ErrorCode.INVALID_PARTITIONS,
      [nullValue]: ErrorCode.INVALID_CONFIG,
    });
    expect(res.topics.find((t: { name: string }) => t.name === unknownConfig).errorMessage).toMatch(/not\.a\.config/);
    expect(await stored(ok)).toBeDefined();
    for (const name of [unknownConfig, badValue, rf, assigned, zero, nullValue]) expect(await stored(name)).toBeUndefined();
  });

  it('answers TOPIC_ALREADY_EXISTS for a taken name and INVALID_REQUEST for a name given twice', async () => {
    const name = uniqueName('adm-taken');
    const twice = uniqueName('adm-twice');
    await call('CreateTopics', 3, { topics: [createTopic(name)], timeoutMs: 1000 });
    const res = await call('CreateTopics', 3, { topics: [createTopic(name), createTopic(twice), createTopic(twice)], timeoutMs: 1000 });
    expect(res.topics.map((t: { name: string; errorCode: number }) => [t.name, t.errorCode])).toEqual([
      [name, ErrorCode.TOPIC_ALREADY_EXISTS],
      [twice, ErrorCode.INVALID_REQUEST],
    ]);
    expect(await stored(twice)).toBeUndefined();
  });

  it('validateOnly checks everything, a taken name included, and creates nothing', async () => {
    const name = uniqueName('adm-validate');
    const taken = uniqueName('adm-validate-taken');
    await call('CreateTopics', 1, { topics: [createTopic(taken)], timeoutMs: 1000 });
    const res = await call('CreateTopics', 5, {
      topics: [createTopic(name, { configs: [{ name: 'cleanup.policy', value: 'compact' }] }), createTopic(taken), createTopic(uniqueName('adm-v'), { configs: [{ name: 'x', value: '1' }] })],
      timeoutMs: 1000,
      validateOnly: true,
    });
    expect(res.topics.map((t: { errorCode: number }) => t.errorCode)).toEqual([0, ErrorCode.TOPIC_ALREADY_EXISTS, ErrorCode.INVALID_CONFIG]);
    expect(res.topics[0].configs).toContainEqual({ name: 'cleanup.policy', value: 'compact', readOnly: false, configSource: 1, isSensitive: false });
    expect(await stored(name)).toBeUndefined();
  });
});

describe('DescribeConfigs', () => {
  it('answers a topic\'s effective configs: set ones from the topic, the rest defaults (v0 isDefault, v1 source and synonyms)', async () => {
    const name = uniqueName('adm-describe');
    await gw.engine.topics.create({ name, partitions: 1, configs: { 'retention.ms': '1000' } });
    const v0 = await call('DescribeConfigs', 0, { resources: [{ resourceType: TOPIC, resourceName: name, configurationKeys: null }] });
    const byName0 = new Map(v0.results[0].configs.map((c: { name: string }) => [c.name, c]));
    expect(v0.results[0]).toMatchObject({ errorCode: 0, resourceType: TOPIC, resourceName: name });
    expect(byName0.get('retention.ms')).toMatchObject({ value: '1000', isDefault: false, readOnly: false });
    expect(byName0.get('segment.ms')).toMatchObject({ value: '600000', isDefault: true });

    const v1 = await call('DescribeConfigs', 1, { resources: [{ resourceType: TOPIC, resourceName: name, configurationKeys: ['retention.ms', 'cleanup.policy', 'no.such'] }], includeSynonyms: true });
    expect(v1.results[0].configs).toEqual([
      {
        name: 'retention.ms', value: '1000', readOnly: false, isDefault: false, configSource: 1, isSensitive: false,
        synonyms: [{ name: 'retention.ms', value: '1000', source: 1 }, { name: 'retention.ms', value: '604800000', source: 5 }],
        configType: 0, documentation: null,
      },
      {
        name: 'cleanup.policy', value: 'delete', readOnly: false, isDefault: false, configSource: 5, isSensitive: false,
        synonyms: [{ name: 'cleanup.policy', value: 'delete', source: 5 }],
        configType: 0, documentation: null,
      },
    ]);
  });

  it('answers types and documentation from v3, flexibly in v4', async () => {
    const name = uniqueName('adm-describe-doc');
    await gw.engine.topics.create({ name, partitions: 1 });
    const res = await call('DescribeConfigs', 4, { resources: [{ resourceType: TOPIC, resourceName: name, configurationKeys: ['cleanup.policy', 'retention.ms'] }], includeDocumentation: true });
    const [retention, policy] = res.results[0].configs;
    expect(policy).toMatchObject({ name: 'cleanup.policy', configType: 7, synonyms: [] });
    expect(policy.documentation).toMatch(/compact/);
    expect(retention).toMatchObject({ name: 'retention.ms', configType: 5 });
  });

  it('answers the one broker\'s fixed settings, and refuses other brokers, unknown topics and other resource types', async () => {
    const res = await call('DescribeConfigs', 2, {
      resources: [
        { resourceType: BROKER, resourceName: String(NODE_ID), configurationKeys: null },
        { resourceType: BROKER, resourceName: '99', configurationKeys: null },
        { resourceType: TOPIC, resourceName: uniqueName('adm-missing'), configurationKeys: null },
        { resourceType: 8, resourceName: 'x', configurationKeys: null },
      ],
      includeSynonyms: false,
    });
    expect(res.results.map((r: { errorCode: number }) => r.errorCode)).toEqual([0, ErrorCode.INVALID_REQUEST, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.INVALID_REQUEST]);
    const broker = new Map(res.results[0].configs.map((c: { name: string; value: string }) => [c.name, c]));
    expect(broker.get('broker.id')).toMatchObject({ value: String(NODE_ID), readOnly: true, configSource: 4 });
    expect(broker.get('num.partitions')).toMatchObject({ value: '3' });
  });
});

describe('AlterConfigs', () => {
  it('replaces the whole config set: the given ones set, every other back to its default', async () => {
    const name = uniqueName('adm-alter');
    await gw.engine.topics.create({ name, partitions: 1, configs: { 'cleanup.policy': 'compact', 'retention.ms': '1000' } });
    const res = await call('AlterConfigs', 1, { resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'retention.ms', value: '2000' }] }], validateOnly: false });
    expect(res.responses).toEqual([{ errorCode: 0, errorMessage: null, resourceType: TOPIC, resourceName: name }]);
    expect((await stored(name))?.configs).toEqual({ 'retention.ms': '2000' });
  });

  it('changes nothing for an unknown config, a bad value, or validateOnly, and refuses broker configs', async () => {
    const name = uniqueName('adm-alter-bad');
    await gw.engine.topics.create({ name, partitions: 1, configs: { 'retention.ms': '1000' } });
    const bad = await call('AlterConfigs', 2, {
      resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'segment.ms', value: '5000' }, { name: 'no.such', value: '1' }] }],
      validateOnly: false,
    });
    expect(bad.responses[0]).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG });
    const value = await call('AlterConfigs', 2, { resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'segment.ms', value: '-5' }] }], validateOnly: false });
    expect(value.responses[0]).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG });
    const dry = await call('AlterConfigs', 0, { resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'segment.ms', value: '5000' }] }], validateOnly: true });
    expect(dry.responses[0]).toMatchObject({ errorCode: 0 });
    expect((await stored(name))?.configs).toEqual({ 'retention.ms': '1000' });
    const broker = await call('AlterConfigs', 0, { resources: [{ resourceType: BROKER, resourceName: String(NODE_ID), configs: [{ name: 'num.partitions', value: '9' }] }], validateOnly: false });
    expect(broker.responses[0].errorCode).toBe(ErrorCode.POLICY_VIOLATION);
    expect(broker.responses[0].errorMessage).toMatch(/broker configs cannot be changed/);
  });
});

describe('IncrementalAlterConfigs', () => {
  const SET = 0;
  const DELETE = 1;
  const APPEND = 2;
  const SUBTRACT = 3;

  it('sets, deletes, and appends to and subtracts from cleanup.policy', async () => {
    const name = uniqueName('adm-incr');
    await gw.engine.topics.create({ name, partitions: 1, configs: { 'retention.ms': '1000' } });
    const op = (configs: unknown[]) => call('IncrementalAlterConfigs', 1, { resources: [{ resourceType: TOPIC, resourceName: name, configs }], validateOnly: false });
    expect((await op([{ name: 'segment.ms', configOperation: SET, value: '5000' }, { name: 'retention.ms', configOperation: DELETE, value: null }])).responses[0].errorCode).toBe(0);
    expect((await stored(name))?.configs).toEqual({ 'segment.ms': '5000' });
    expect((await op([{ name: 'cleanup.policy', configOperation: APPEND, value: 'compact' }])).responses[0].errorCode).toBe(0);
    expect((await stored(name))?.configs['cleanup.policy']).toBe('compact,delete');
    expect((await op([{ name: 'cleanup.policy', configOperation: SUBTRACT, value: 'delete' }])).responses[0].errorCode).toBe(0);
    expect((await stored(name))?.configs).toEqual({ 'segment.ms': '5000', 'cleanup.policy': 'compact' });
  });

  it('refuses APPEND to a non-list config, unknown configs and operations, and changes nothing for the whole resource', async () => {
    const name = uniqueName('adm-incr-bad');
    await gw.engine.topics.create({ name, partitions: 1 });
    const res = await call('IncrementalAlterConfigs', 0, {
      resources: [
        { resourceType: TOPIC, resourceName: name, configs: [{ name: 'segment.ms', configOperation: SET, value: '5000' }, { name: 'retention.ms', configOperation: APPEND, value: '1' }] },
        { resourceType: TOPIC, resourceName: name, configs: [] },
      ],
      validateOnly: false,
    });
    expect(res.responses.map((r: { errorCode: number }) => r.errorCode)).toEqual([ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST]);
    const unknown = await call('IncrementalAlterConfigs', 1, {
      resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'segment.ms', configOperation: SET, value: '5000' }, { name: 'nope', configOperation: SET, value: '1' }] }],
      validateOnly: false,
    });
    expect(unknown.responses[0].errorCode).toBe(ErrorCode.INVALID_CONFIG);
    const badOp = await call('IncrementalAlterConfigs', 1, { resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'segment.ms', configOperation: 9, value: '5000' }] }], validateOnly: false });
    expect(badOp.responses[0].errorCode).toBe(ErrorCode.INVALID_REQUEST);
    const dry = await call('IncrementalAlterConfigs', 1, { resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'segment.ms', configOperation: SET, value: '5000' }] }], validateOnly: true });
    expect(dry.responses[0].errorCode).toBe(0);
    const broker = await call('IncrementalAlterConfigs', 1, { resources: [{ resourceType: BROKER, resourceName: '', configs: [] }], validateOnly: false });
    expect(broker.responses[0].errorCode).toBe(ErrorCode.POLICY_VIOLATION);
    expect((await stored(name))?.configs).toEqual({});
  });
});

describe('CreatePartitions', () => {
  it('grows a topic, refuses shrinking or keeping the count, and validateOnly changes nothing', async () => {
    const name = uniqueName('adm-parts');
    await gw.engine.topics.create({ name, partitions: 2 });
    const grow = (count: number, validateOnly = false, version = 3) =>
      call('CreatePartitions', version, { topics: [{ name, count, assignments: null }], timeoutMs: 1000, validateOnly });
    expect((await grow(4, true, 0)).results[0]).toEqual({ name, errorCode: 0, errorMessage: null });
    expect((await stored(name))?.partitions).toBe(2);
    expect((await grow(4)).results[0].errorCode).toBe(0);
    expect((await stored(name))?.partitions).toBe(4);
    const shrink = (await grow(3, false, 1)).results[0];
    expect(shrink.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(shrink.errorMessage).toMatch(/must be larger/);
    expect((await grow(4, true)).results[0].errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    const missing = await call('CreatePartitions', 2, { topics: [{ name: uniqueName('adm-none'), count: 3, assignments: [] }], timeoutMs: 1000, validateOnly: false });
    expect(missing.results[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await stored(name))?.partitions).toBe(4);
  });
});

describe('DeleteRecords', () => {
  it('moves the log start and answers the low watermark; an offset beyond the high watermark moves nothing', async () => {
    const name = uniqueName('adm-records');
    await gw.engine.topics.create({ name, partitions: 2 });
    await gw.engine.produce.produceJson(name, ['a', 'b', 'c', 'd', 'e'].map((v) => record(v, { partition: 0 })));
    await gw.engine.produce.produceJson(name, ['x', 'y'].map((v) => record(v, { partition: 1 })));
    const res = await call('DeleteRecords', 2, {
      topics: [{ name, partitions: [{ partitionIndex: 0, offset: 3n }, { partitionIndex: 1, offset: 9n }, { partitionIndex: 5, offset: 0n }] }],
      timeoutMs: 1000,
    });
    expect(res.topics[0].partitions).toEqual([
      { partitionIndex: 0, lowWatermark: 3n, errorCode: 0 },
      { partitionIndex: 1, lowWatermark: -1n, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE },
      { partitionIndex: 5, lowWatermark: -1n, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
    ]);
    const topic = (await stored(name))!;
    const starts = await gw.storage.partitions.logStartOffsets(topic.id, [0, 1]);
    expect([starts.get(0) ?? 0, starts.get(1) ?? 0]).toEqual([3, 0]);
    const all = await call('DeleteRecords', 0, { topics: [{ name, partitions: [{ partitionIndex: 1, offset: -1n }] }], timeoutMs: 1000 });
    expect(all.topics[0].partitions).toEqual([{ partitionIndex: 1, lowWatermark: 2n, errorCode: 0 }]);
    const unknown = await call('DeleteRecords', 1, { topics: [{ name: uniqueName('adm-nope'), partitions: [{ partitionIndex: 0, offset: 0n }] }], timeoutMs: 1000 });
    expect(unknown.topics[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});

describe('DeleteTopics', () => {
  it('deletes by name (v0-5) and by topic id (v6), and answers unknown names and ids', async () => {
    const byName = uniqueName('adm-del');
    const byId = uniqueName('adm-del-id');
    await gw.engine.topics.create({ name: byName, partitions: 1 });
    const created = await gw.engine.topics.create({ name: byId, partitions: 1 });
    const missing = uniqueName('adm-del-missing');
    const v1 = await call('DeleteTopics', 1, { topicNames: [byName, missing], timeoutMs: 1000 });
    expect(v1.responses.map((r: { name: string; errorCode: number }) => [r.name, r.errorCode])).toEqual([
      [byName, 0],
      [missing, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    const ghost = '0f0f0f0f-0000-4000-8000-000000000001';
    const both = await call('DeleteTopics', 6, { topics: [{ name: byId, topicId: ghost }], timeoutMs: 1000 });
    expect(both.responses[0]).toMatchObject({ name: byId, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
    expect(await stored(byId)).toBeDefined();
    const v6 = await call('DeleteTopics', 6, { topics: [{ name: null, topicId: created.id }, { name: null, topicId: ghost }], timeoutMs: 1000 });
    expect(v6.responses[0]).toEqual({ name: byId, topicId: created.id, errorCode: 0, errorMessage: null });
    expect(v6.responses[1]).toMatchObject({ name: null, topicId: ghost, errorCode: ErrorCode.UNKNOWN_TOPIC_ID });
    expect(await stored(byName)).toBeUndefined();
    expect(await stored(byId)).toBeUndefined();
  });
});

describe('group administration', () => {
  async function groupWithMember(topic: string, groupId = uniqueName('adm-group')) {
    const hb = await gw.groups.heartbeat(groupId, {
      memberEpoch: 0,
      clientId: 'billing-1',
      subscription: { topics: [topic] },
      ownedPartitions: [],
      groupConfigs: { 'session.timeout.ms': 3_000, 'heartbeat.interval.ms': 300, 'rebalance.timeout.ms': 4_000 },
    });
    // A second heartbeat owning the assignment: the member now holds its partitions' leases.
    const again = await gw.groups.heartbeat(groupId, { memberId: hb.memberId, memberEpoch: hb.memberEpoch, ownedPartitions: hb.assignment });
    return { groupId, memberId: hb.memberId, memberEpoch: again.memberEpoch };
  }

  it('lists, describes, refuses to delete a group with members, and deletes it once they leave', async () => {
    const topic = uniqueName('adm-gtopic');
    await gw.engine.topics.create({ name: topic, partitions: 2 });
    const { groupId, memberId, memberEpoch } = await groupWithMember(topic);

    const v0 = await call('ListGroups', 0, {});
    expect(v0.groups).toContainEqual({ groupId, protocolType: 'consumer', groupState: '', groupType: '' });
    const v5 = await call('ListGroups', 5, { statesFilter: ['stable'], typesFilter: [] });
    expect(v5.groups).toContainEqual({ groupId, protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' });
    expect((await call('ListGroups', 4, { statesFilter: ['Empty'] })).groups.map((g: { groupId: string }) => g.groupId)).not.toContain(groupId);
    expect((await call('ListGroups', 5, { statesFilter: [], typesFilter: ['share'] })).groups).toEqual([]);

    const described = await call('DescribeGroups', 5, { groups: [groupId, uniqueName('adm-ghost')], includeAuthorizedOperations: false });
    const [g, ghost] = described.groups;
    expect(g).toMatchObject({ errorCode: 0, groupId, groupState: 'Stable', protocolType: 'consumer', protocolData: 'uniform', authorizedOperations: -2147483648 });
    expect(g.members).toHaveLength(1);
    expect(g.members[0]).toMatchObject({ memberId, clientId: 'billing-1', groupInstanceId: null });
    expect(decodeSubscription(g.members[0].memberMetadata).topics).toEqual([topic]);
    expect(decodeAssignment(g.members[0].memberAssignment).assignedPartitions).toEqual([{ topic, partitions: [0, 1] }]);
    expect(ghost).toMatchObject({ errorCode: 0, groupState: 'Dead', members: [] });

    const busy = await call('DeleteGroups', 2, { groupsNames: [groupId] });
    expect(busy.results).toEqual([{ groupId, errorCode: ErrorCode.NON_EMPTY_GROUP }]);
    await gw.groups.leave(groupId, memberId, memberEpoch);
    const missing = uniqueName('adm-missing-group');
    const gone = await call('DeleteGroups', 0, { groupsNames: [groupId, missing] });
    expect(gone.results).toEqual([{ groupId, errorCode: 0 }, { groupId: missing, errorCode: ErrorCode.GROUP_ID_NOT_FOUND }]);
    expect(await gw.groups.state(groupId)).toBeUndefined();
  });

  it('OffsetDelete forgets committed offsets of topics no live member subscribes to, and keeps the others', async () => {
    const used = uniqueName('adm-used');
    const idle = uniqueName('adm-idle');
    await gw.engine.topics.create({ name: used, partitions: 1 });
    await gw.engine.topics.create({ name: idle, partitions: 2 });
    await gw.engine.produce.produceJson(idle, [record('a', { partition: 0 }), record('b', { partition: 1 })]);
    // Offsets committed while the group is empty, then a member that consumes another topic joins.
    const groupId = uniqueName('adm-group');
    await gw.groups.resetOffsets(groupId, { topic: idle, spec: { to: 'latest' } });
    await groupWithMember(used, groupId);

    const res = await call('OffsetDelete', 0, {
      groupId,
      topics: [
        { name: idle, partitions: [{ partitionIndex: 0 }, { partitionIndex: 7 }] },
        { name: used, partitions: [{ partitionIndex: 0 }] },
        { name: uniqueName('adm-nope'), partitions: [{ partitionIndex: 0 }] },
      ],
    });
    expect(res.errorCode).toBe(0);
    expect(res.topics.map((t: { partitions: Array<{ errorCode: number }> }) => t.partitions.map((p) => p.errorCode))).toEqual([
      [0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      [ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC],
      [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    const left = await gw.groups.fetchOffsets(groupId, idle);
    expect(left.offsets.map((o) => [o.partition, o.offset])).toEqual([[0, -1], [1, 1]]);
    const unknown = await call('OffsetDelete', 0, { groupId: uniqueName('adm-nogroup'), topics: [{ name: idle, partitions: [{ partitionIndex: 0 }] }] });
    expect(unknown).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, topics: [] });
  });
});

describe('DescribeCluster', () => {
  it('answers one broker that is also the controller', async () => {
    const res = await call('DescribeCluster', 0, { includeClusterAuthorizedOperations: false });
    expect(res).toMatchObject({
      errorCode: 0,
      clusterId: 'sluice-test',
      controllerId: NODE_ID,
      brokers: [{ brokerId: NODE_ID, host: '127.0.0.1', port: 19092, rack: null }],
      clusterAuthorizedOperations: -2147483648,
    });
  });
});

describe('names no topic or group could have', () => {
  it('are answered per item with Kafka codes, and the request still succeeds', async () => {
    const noTopic = [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.INVALID_TOPIC_EXCEPTION];
    const weird = ['', 'x'.repeat(300), 'bad/name'];
    const configs = await call('DescribeConfigs', 4, { resources: weird.map((resourceName) => ({ resourceType: TOPIC, resourceName, configurationKeys: null })) });
    for (const r of configs.results) expect(noTopic).toContain(r.errorCode);
    const deleted = await call('DeleteTopics', 4, { topicNames: weird, timeoutMs: 1000 });
    for (const r of deleted.responses) expect(noTopic).toContain(r.errorCode);
    const grown = await call('CreatePartitions', 3, { topics: weird.map((name) => ({ name, count: 2, assignments: null })), timeoutMs: 1000, validateOnly: false });
    for (const r of grown.results) expect(noTopic).toContain(r.errorCode);
    const records = await call('DeleteRecords', 2, { topics: weird.map((name) => ({ name, partitions: [{ partitionIndex: 0, offset: 0n }] })), timeoutMs: 1000 });
    for (const t of records.topics) expect(noTopic).toContain(t.partitions[0].errorCode);
    const groups = await call('DescribeGroups', 5, { groups: ['', 'g'.repeat(300)], includeAuthorizedOperations: true });
    expect(groups.groups.map((g: { errorCode: number }) => g.errorCode)).toEqual([ErrorCode.INVALID_GROUP_ID, ErrorCode.INVALID_GROUP_ID]);
    const offsets = await call('OffsetDelete', 0, { groupId: '', topics: [] });
    expect(offsets.errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    const dropped = await call('DeleteGroups', 1, { groupsNames: [''] });
    expect(dropped.results[0].errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });
});
