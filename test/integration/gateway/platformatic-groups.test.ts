import { Consumer, stringDeserializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { createEngine, type Engine } from '../../../shared/log/engine.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';

let engine: Engine;
let gw: RunningGateway;

beforeAll(async () => {
  engine = createEngine(createStorage(storageConfig()));
  gw = await startGateway({ port: 0, storage: storageConfig(), autoCreateTopics: false, log: () => undefined });
});

afterAll(async () => {
  await gw?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, done: () => boolean, timeoutMs = 45_000): Promise<void> {
  const since = Date.now();
  while (!done()) {
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

/** A consumer of the group (JoinGroup v9, SyncGroup v5, Heartbeat v4, OffsetCommit/Fetch v8: flexible versions). */
async function member(groupId: string, topic: string, seen: number[]) {
  const consumer = new Consumer({
    groupId,
    clientId: 'sluice-platformatic-groups',
    bootstrapBrokers: [`${gw.host}:${gw.port}`],
    deserializers: stringDeserializers,
    sessionTimeout: 6_000,
    rebalanceTimeout: 8_000,
    heartbeatInterval: 300,
    retries: 5,
  });
  const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: 100, maxWaitTime: 200 });
  stream.on('data', (message) => {
    seen.push(Number(message.value));
  });
  const assigned = () => (consumer.assignments ?? []).flatMap((a) => (a.topic === topic ? a.partitions : [])).sort();
  return { consumer, stream, assigned };
}

describe('@platformatic/kafka consumer groups through the gateway', () => {
  it('splits the partitions between two consumers and hands them all to the one left', async () => {
    const partitions = 4;
    const topic = uniqueName('gw-plt-grp');
    await engine.topics.create({ name: topic, partitions });
    const groupId = uniqueName('plt-group');
    const seen: number[] = [];
    await produce(topic, partitions, 0, 100);

    const a = await member(groupId, topic, seen);
    const b = await member(groupId, topic, seen);
    await until('two disjoint halves', () => a.assigned().length === 2 && b.assigned().length === 2);
    expect([...a.assigned(), ...b.assigned()].sort()).toEqual([0, 1, 2, 3]);
    await until('the first 100 messages', () => new Set(seen).size === 100);

    await sleep(500);
    await b.consumer.close(true);
    await produce(topic, partitions, 100, 100);
    await until('a to own every partition', () => a.assigned().length === 4);
    await until('all 200 messages', () => new Set(seen).size === 200);
    await sleep(500);
    await a.consumer.close(true);

    expect([...new Set(seen)].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const { offsets } = await createGroupCoordinator(engine).fetchOffsets(groupId, topic);
    expect(offsets.map((o) => o.offset)).toEqual([50, 50, 50, 50]);
  });
});

describe('@platformatic/kafka with the KIP-848 consumer protocol (ConsumerGroupHeartbeat)', () => {
  it('splits the partitions between two consumers and hands them all to the one left', async () => {
    const partitions = 4;
    const topic = uniqueName('gw-plt-848');
    await engine.topics.create({ name: topic, partitions });
    const groupId = uniqueName('plt-848');
    const seen: number[] = [];
    await produce(topic, partitions, 0, 100);
    const member848 = async () => {
      const consumer = new Consumer({
        groupId,
        groupProtocol: 'consumer',
        clientId: 'sluice-platformatic-848',
        bootstrapBrokers: [`${gw.host}:${gw.port}`],
        deserializers: stringDeserializers,
        retries: 5,
      });
      const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: 100, maxWaitTime: 200 });
      stream.on('data', (message) => void seen.push(Number(message.value)));
      // A heartbeat answered after close() makes this client refresh its assignment on a closed
      // connection; it reports that as an error of its own, after the test is done with it.
      stream.on('error', () => undefined);
      consumer.on('error', () => undefined);
      const assigned = () => (consumer.assignments ?? []).flatMap((a) => (a.topic === topic ? a.partitions : [])).sort();
      return { consumer, assigned };
    };

    const a = await member848();
    const b = await member848();
    await until('two disjoint halves', () => a.assigned().length === 2 && b.assigned().length === 2);
    expect([...a.assigned(), ...b.assigned()].sort()).toEqual([0, 1, 2, 3]);
    await until('the first 100 messages', () => new Set(seen).size === 100);
    await sleep(500);
    await b.consumer.close(true);
    await produce(topic, partitions, 100, 100);
    await until('a to own every partition', () => a.assigned().length === 4);
    await until('all 200 messages', () => new Set(seen).size === 200);
    await sleep(500);
    await a.consumer.close(true);

    expect([...new Set(seen)].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const { offsets } = await createGroupCoordinator(engine).fetchOffsets(groupId, topic);
    expect(offsets.map((o) => o.offset)).toEqual([50, 50, 50, 50]);
  });
});
