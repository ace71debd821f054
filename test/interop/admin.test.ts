// The admin APIs through the Python clients' own admin calls: confluent-kafka's AdminClient
// (librdkafka 2.0.2) and kafka-python 2.0.2's KafkaAdminClient, each negotiating its versions
// with the gateway. What they change is checked in the engine's storage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCoordinator, type GroupCoordinator } from '../../shared/groups/coordinator.ts';
import { createEngine, type Engine } from '../../shared/log/engine.ts';
import { createStorage } from '../../shared/storage/index.ts';
import { storageConfig } from '../support/env.ts';
import { requirePythonModule } from './support/clients.ts';
import { runScript, type ClientEvent } from './support/python-client.ts';
import { bootstrap, uniqueName } from './support/stack.ts';

const TIMEOUT_MS = 120_000;

let engine: Engine;
let groups: GroupCoordinator;
const members: Array<{ groupId: string; memberId: string; memberEpoch: number }> = [];

beforeAll(() => {
  engine = createEngine(createStorage(storageConfig()), { topics: { cacheMs: 0 } });
  groups = createGroupCoordinator(engine, { topicCacheMs: 0 });
});

afterAll(async () => {
  for (const m of members) await groups.leave(m.groupId, m.memberId, m.memberEpoch).catch(() => undefined);
});

/** A group with one live member holding both partitions of a topic of its own. */
async function liveGroup(): Promise<string> {
  const topic = uniqueName('adm-interop-g');
  await engine.topics.create({ name: topic, partitions: 2 });
  const groupId = uniqueName('adm-interop-group');
  const hb = await groups.heartbeat(groupId, { memberEpoch: 0, clientId: 'interop-member', subscription: { topics: [topic] }, ownedPartitions: [] });
  const again = await groups.heartbeat(groupId, { memberId: hb.memberId, memberEpoch: hb.memberEpoch, ownedPartitions: hb.assignment });
  members.push({ groupId, memberId: hb.memberId, memberEpoch: again.memberEpoch });
  return groupId;
}

const only = (events: ClientEvent[], event: string) => events.filter((e) => e.event === event);

describe('admin APIs through confluent-kafka (librdkafka 2.0.2)', () => {
  beforeAll(async () => {
    await requirePythonModule('confluent_kafka', `confluent_kafka.version()[0]`);
  });

  it('creates, describes, alters, grows and deletes topics, and lists a group with its member', async () => {
    const topic = uniqueName('adm-cf');
    const badTopic = uniqueName('adm-cf-bad');
    const group = await liveGroup();
    const events = await runScript('confluent_admin_ops.py', { bootstrap: bootstrap(), topic, bad_topic: badTopic, group }, TIMEOUT_MS);

    const created = only(events, 'create');
    expect(created.find((e) => e.key === topic)).toMatchObject({ ok: true });
    expect(created.find((e) => e.key === badTopic)).toMatchObject({ ok: false, error: expect.stringContaining('INVALID_CONFIG') });
    const [configs] = only(events, 'configs');
    expect((configs!.entries as Record<string, unknown>)['retention.ms']).toMatchObject({ value: '60000', is_default: false });
    expect((configs!.entries as Record<string, unknown>)['cleanup.policy']).toMatchObject({ value: 'delete', is_default: true });
    expect(only(events, 'alter')).toEqual([expect.objectContaining({ ok: true })]);
    expect(only(events, 'grow')).toEqual([expect.objectContaining({ ok: true })]);
    expect(only(events, 'shrink')).toEqual([expect.objectContaining({ ok: false, error: expect.stringContaining('INVALID_PARTITIONS') })]);
    expect(only(events, 'group')).toEqual([expect.objectContaining({ id: group, state: 'Stable', protocol_type: 'consumer', members: [expect.objectContaining({ client_id: 'interop-member' })] })]);
    expect(only(events, 'delete')).toEqual([expect.objectContaining({ ok: true })]);

    expect(await engine.storage.topics.get(badTopic)).toBeUndefined();
    expect(await engine.storage.topics.get(topic)).toBeUndefined();
  });
});

describe('admin APIs through kafka-python 2.0.2', () => {
  beforeAll(async () => {
    await requirePythonModule('kafka', 'kafka.__version__');
  });

  it('creates, describes, alters, grows and deletes topics, and lists, describes and deletes groups', async () => {
    const topic = uniqueName('adm-kp');
    const badTopic = uniqueName('adm-kp-bad');
    const group = await liveGroup();
    const emptyGroup = uniqueName('adm-kp-empty');
    await engine.topics.create({ name: `${emptyGroup}-t`, partitions: 1 });
    await groups.resetOffsets(emptyGroup, { topic: `${emptyGroup}-t`, spec: { to: 'earliest' } });
    const events = await runScript('kafka_python_admin_ops.py', { bootstrap: bootstrap(), topic, bad_topic: badTopic, group, empty_group: emptyGroup }, TIMEOUT_MS);
    const step = (name: string) => only(events, name)[0];

    expect(step('create')).toMatchObject({ ok: true });
    expect(step('create_bad')).toMatchObject({ ok: false, error: 'InvalidConfigurationError' });
    expect(step('configs')).toMatchObject({ error_code: 0, name: topic, entries: expect.objectContaining({ 'retention.ms': '60000', 'cleanup.policy': 'delete' }) });
    expect(step('alter')).toMatchObject({ ok: true });
    expect(step('grow')).toMatchObject({ ok: true });
    expect(step('shrink')).toMatchObject({ ok: false, error: 'InvalidPartitionsError' });
    expect(step('groups')!.ids).toEqual(expect.arrayContaining([group, emptyGroup]));
    expect(step('group')).toMatchObject({ id: group, state: 'Stable', protocol_type: 'consumer', members: [expect.objectContaining({ client_id: 'interop-member' })] });
    expect(step('deleted_groups')!.results).toEqual([[group, 'NonEmptyGroupError'], [emptyGroup, 'NoError']]);
    expect(step('delete')).toMatchObject({ ok: true });

    expect(await engine.storage.topics.get(badTopic)).toBeUndefined();
    expect(await engine.storage.topics.get(topic)).toBeUndefined();
    expect(await groups.state(emptyGroup)).toBeUndefined();
    expect(await groups.state(group)).toBe('Stable');
  });
});
