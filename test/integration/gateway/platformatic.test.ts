import { Consumer, Producer, murmur2, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBatches } from '../../../shared/codec/index.ts';
import { createEngine, type Engine } from '../../../shared/log/engine.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';

let engine: Engine;
let gw: RunningGateway;
let brokers: string[];

beforeAll(async () => {
  engine = createEngine(createStorage(storageConfig()));
  gw = await startGateway({ port: 0, storage: storageConfig(), autoCreateTopics: false, log: () => undefined });
  brokers = [`${gw.host}:${gw.port}`];
});

afterAll(async () => {
  await gw?.close();
});

async function topicWith(partitions: number): Promise<string> {
  const name = uniqueName('gw-platformatic');
  await engine.topics.create({ name, partitions });
  return name;
}

async function readAll(topic: string, partition: number) {
  const [data] = await engine.fetch.fetch([{ topic, partition, offset: 0 }], { maxBytes: 16 << 20, maxWaitMs: 0 });
  return decodeBatches(data!.batches).flatMap((b) => b.records.map((r) => ({ ...r, header: b.header })));
}

function consumer(): Consumer<string, string, string, string> {
  return new Consumer({ groupId: uniqueName('unused-group'), clientId: 'sluice-platformatic-test', bootstrapBrokers: brokers, deserializers: stringDeserializers, retries: 2 });
}

describe('@platformatic/kafka 1.35 through the gateway', () => {
  it('produces keyed records with headers to the partitions its partitioner chose', async () => {
    const topic = await topicWith(3);
    const producer = new Producer({ clientId: 'sluice-platformatic-test', bootstrapBrokers: brokers, serializers: stringSerializers, retries: 2 });
    const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
    try {
      const result = await producer.send({ messages: keys.map((key, i) => ({ topic, key, value: `value-${i}`, headers: { trace: `t-${i}` } })) });
      expect(result.offsets?.length).toBeGreaterThan(0);
    } finally {
      await producer.close();
    }
    for (let partition = 0; partition < 3; partition++) {
      const records = await readAll(topic, partition);
      const expected = keys.filter((k) => (murmur2(Buffer.from(k)) >>> 0) % 3 === partition);
      expect(records.map((r) => r.key!.toString())).toEqual(expected);
      for (const r of records) expect(r.headers).toEqual([{ key: 'trace', value: Buffer.from(`t-${r.key!.toString().slice(4)}`) }]);
    }
  });

  it('an idempotent producer gets a producer id and writes each batch once', async () => {
    const topic = await topicWith(1);
    const producer = new Producer({ clientId: 'sluice-platformatic-idem', bootstrapBrokers: brokers, serializers: stringSerializers, idempotent: true, retries: 2 });
    try {
      for (const value of ['one', 'two', 'three']) await producer.send({ messages: [{ topic, key: 'k', value, partition: 0 }] });
    } finally {
      await producer.close();
    }
    const records = await readAll(topic, 0);
    expect(records.map((r) => r.value!.toString())).toEqual(['one', 'two', 'three']);
    expect(records.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(records.every((r) => r.header.producerId >= 0)).toBe(true);
    expect(records.map((r) => r.header.baseSequence)).toEqual([0, 1, 2]);
  });

  it('lists offsets and fetches records back with its consumer, naming the topic by id', async () => {
    const topic = await topicWith(1);
    const producer = new Producer({ clientId: 'sluice-platformatic-test', bootstrapBrokers: brokers, serializers: stringSerializers, retries: 2 });
    try {
      await producer.send({ messages: ['a', 'b', 'c'].map((value) => ({ topic, value, partition: 0 })) });
    } finally {
      await producer.close();
    }
    const c = consumer();
    try {
      const latest = await c.listOffsets({ topics: [topic] });
      expect(latest.get(topic)).toEqual([3n]);
      const earliest = await c.listOffsets({ topics: [topic], timestamp: -2n });
      expect(earliest.get(topic)).toEqual([0n]);
      const metadata = await c.metadata({ topics: [topic] });
      const topicId = metadata.topics.get(topic)!.id;
      expect(topicId).toBe((await engine.topics.get(topic)).id);
      const answer = await c.fetch({
        node: [...metadata.brokers.keys()][0]!,
        maxWaitTime: 100,
        topics: [{ topicId, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 1n, lastFetchedEpoch: -1, partitionMaxBytes: 1 << 20 }] }],
      });
      const [p] = answer.responses[0]!.partitions;
      expect(p!.errorCode).toBe(0);
      expect(p!.highWatermark).toBe(3n);
      const values = p!.records!.flatMap((b) => b.records.map((r) => r.value!.toString()));
      expect(values).toEqual(['a', 'b', 'c']);
    } finally {
      await c.close();
    }
  });
});
