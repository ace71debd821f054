// One consumer group, two doors: a KafkaJS consumer through the Kafka gateway and an SDK consumer
// through the HTTPS API share a topic's partitions, then the KafkaJS one takes over from the SDK
// one's committed offsets. Membership, assignment and offsets are the same group's.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCoordinator, type GroupCoordinator } from '../../shared/groups/coordinator.ts';
import { createEngine, type Engine } from '../../shared/log/engine.ts';
import { createStorage } from '../../shared/storage/index.ts';
import { startGateway, type RunningGateway } from '../../gateway/start.ts';
import { storageConfig, uniqueName } from '../support/env.ts';
import { client, FAST_GROUP } from './groups-support.ts';

let engine: Engine;
let groups: GroupCoordinator;
let gw: RunningGateway;

beforeAll(async () => {
  engine = createEngine(createStorage(storageConfig()));
  groups = createGroupCoordinator(engine, { topicCacheMs: 0 });
  gw = await startGateway({ port: 0, storage: storageConfig(), autoCreateTopics: false, log: () => undefined });
});

afterAll(async () => {
  await gw?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const since = Date.now();
  while (!(await done())) {
    if (Date.now() - since > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function produce(topic: string, partitions: number, from: number, count: number): Promise<void> {
  for (let p = 0; p < partitions; p++) {
    const values = Array.from({ length: count }, (_, i) => from + i).filter((v) => v % partitions === p);
    await engine.produce.produceJson(topic, values.map((v) => ({ key: null, value: Buffer.from(String(v)), headers: [], partition: p })));
  }
}

describe('a consumer group shared by a Kafka client and an SDK consumer', () => {
  it('splits the partitions between the two doors, and the Kafka client takes over from the SDK consumer', async () => {
    const partitions = 4;
    const topic = uniqueName('mixed');
    await engine.topics.create({ name: topic, partitions });
    const groupId = uniqueName('mixed-group');
    const seen: Array<[string, number]> = [];
    await produce(topic, partitions, 0, 40);

    const sdk = client().consumer({ groupId, ...FAST_GROUP });
    await sdk.subscribe({ topics: [topic], fromBeginning: true });
    await sdk.run({ autoCommitThreshold: 1, eachMessage: async ({ message }) => void seen.push(['sdk', Number(message.value!.toString())]) });
    await until('the SDK consumer to hold every partition', async () => (await groups.describe(groupId)).members[0]?.assignment[0]?.partitions.length === partitions);

    const kafka = new Kafka({ clientId: 'mixed-kafkajs', brokers: [`${gw.host}:${gw.port}`], logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2_000 } });
    const kjs = kafka.consumer({ groupId, sessionTimeout: 6_000, rebalanceTimeout: 8_000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
    let kafkaOwns: number[] = [];
    kjs.on(kjs.events.GROUP_JOIN, (e) => {
      kafkaOwns = [...(e.payload.memberAssignment[topic] ?? [])].sort();
    });
    await kjs.connect();
    await kjs.subscribe({ topics: [topic], fromBeginning: true });
    await kjs.run({ autoCommitThreshold: 1, eachMessage: async ({ message }) => void seen.push(['kafka', Number(message.value!.toString())]) });

    await until('two members with two partitions each', async () => {
      const d = await groups.describe(groupId);
      return d.state === 'Stable' && d.members.length === 2 && d.members.every((m) => m.assignment[0]?.partitions.length === 2) && kafkaOwns.length === 2;
    });
    const described = await groups.describe(groupId);
    const byDoor = described.members.map((m) => m.clientId).sort();
    expect(byDoor).toContain('mixed-kafkajs');
    await until('the first 40 messages', () => new Set(seen.map(([, v]) => v)).size === 40);

    await sdk.stop();
    await until('the Kafka client to own every partition', () => kafkaOwns.length === partitions);
    await produce(topic, partitions, 40, 40);
    await until('all 80 messages', () => new Set(seen.map(([, v]) => v)).size === 80);
    await sleep(300);
    await kjs.disconnect();

    expect([...new Set(seen.map(([, v]) => v))].sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    expect(seen.filter(([door, v]) => door === 'kafka' && v >= 40)).toHaveLength(40);
    const { offsets } = await groups.fetchOffsets(groupId, topic);
    expect(offsets.map((o) => o.offset)).toEqual([20, 20, 20, 20]);
  });
});
