import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { createEngine, type Engine } from '../../../shared/log/engine.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';

let engine: Engine;
let gw: RunningGateway;
let kafka: Kafka;

beforeAll(async () => {
  engine = createEngine(createStorage(storageConfig()));
  gw = await startGateway({ port: 0, storage: storageConfig(), autoCreateTopics: false, log: () => undefined });
  kafka = new Kafka({
    clientId: 'sluice-kafkajs-groups',
    brokers: [`${gw.host}:${gw.port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2_000 },
  });
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

interface Seen {
  member: string;
  partition: number;
  offset: number;
  value: number;
}

/** A KafkaJS consumer of the group that records every message it processes, committing after each. */
async function member(name: string, groupId: string, topic: string, seen: Seen[]): Promise<{ consumer: Consumer; assigned: () => number[] }> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, rebalanceTimeout: 8_000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
  let assigned: number[] = [];
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    assigned = [...(e.payload.memberAssignment[topic] ?? [])].sort();
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommitThreshold: 1,
    eachMessage: async ({ partition, message }) => {
      seen.push({ member: name, partition, offset: Number(message.offset), value: Number(message.value!.toString()) });
    },
  });
  return { consumer, assigned: () => assigned };
}

describe('KafkaJS consumer groups through the gateway', () => {
  it('shares partitions between two consumers, and one takes over from the committed offsets when the other leaves', async () => {
    const partitions = 4;
    const topic = uniqueName('gw-kjs-grp');
    await engine.topics.create({ name: topic, partitions });
    const groupId = uniqueName('kjs-group');
    const seen: Seen[] = [];
    await produce(topic, partitions, 0, 200);

    const a = await member('a', groupId, topic, seen);
    const b = await member('b', groupId, topic, seen);
    await until('two disjoint halves', () => a.assigned().length === 2 && b.assigned().length === 2);
    expect([...a.assigned(), ...b.assigned()].sort()).toEqual([0, 1, 2, 3]);
    await until('the first 200 messages', () => new Set(seen.map((s) => s.value)).size === 200);

    await produce(topic, partitions, 200, 200);
    await until('part of the next 200', () => new Set(seen.map((s) => s.value)).size >= 260);
    await b.consumer.disconnect();
    await until('a to own every partition', () => a.assigned().length === 4);
    await until('all 400 messages', () => new Set(seen.map((s) => s.value)).size === 400);
    await sleep(500);
    await a.consumer.disconnect();

    // No loss; a duplicate only for a message in hand when its partition moved (at-least-once).
    const counts = new Map<number, number>();
    for (const s of seen) counts.set(s.value, (counts.get(s.value) ?? 0) + 1);
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    expect(duplicates).toBeLessThanOrEqual(partitions);
    // The offsets the group committed are the partitions' ends, the same ones the SDK reads.
    const { offsets } = await createGroupCoordinator(engine).fetchOffsets(groupId, topic);
    expect(offsets.map((o) => o.offset)).toEqual([100, 100, 100, 100]);
  });
});
