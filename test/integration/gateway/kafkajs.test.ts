import { CompressionTypes, Kafka, Partitioners, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionForKey } from '../../../shared/codec/index.ts';
import { decodeBatches } from '../../../shared/codec/index.ts';
import { createEngine, type Engine } from '../../../shared/log/engine.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy.ts';

const PRODUCE = 0;

let engine: Engine;
let proxy: CuttingProxy;
let gw: RunningGateway;
let kafka: Kafka;

beforeAll(async () => {
  engine = createEngine(createStorage(storageConfig()));
  // Clients reach the gateway through the proxy: Metadata advertises the proxy's port.
  const upstream = { host: '127.0.0.1', port: 0 };
  proxy = await startCuttingProxy({
    get host() {
      return upstream.host;
    },
    get port() {
      return upstream.port;
    },
  });
  gw = await startGateway({ port: 0, storage: storageConfig(), advertisedPort: proxy.port, autoCreateTopics: false, log: () => undefined });
  upstream.port = gw.port;
  kafka = new Kafka({
    clientId: 'sluice-kafkajs-test',
    brokers: [`127.0.0.1:${proxy.port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
});

afterAll(async () => {
  await gw?.close();
  await proxy?.close();
});

async function topicWith(partitions: number): Promise<string> {
  const name = uniqueName('gw-kafkajs');
  await engine.topics.create({ name, partitions });
  return name;
}

/** Every record of a partition, read through the engine. */
async function readAll(topic: string, partition: number) {
  const [data] = await engine.fetch.fetch([{ topic, partition, offset: 0 }], { maxBytes: 16 << 20, maxWaitMs: 0 });
  return decodeBatches(data!.batches).flatMap((b) => b.records.map((r) => ({ ...r, header: b.header })));
}

async function withProducer<T>(opts: Parameters<Kafka['producer']>[0], run: (p: Producer) => Promise<T>): Promise<T> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...opts });
  await producer.connect();
  try {
    return await run(producer);
  } finally {
    await producer.disconnect();
  }
}

describe('KafkaJS 2.2.4 through the gateway', () => {
  it('produces keyed records with headers, gzip-compressed, to the partitions its murmur2 partitioner chose', async () => {
    const topic = await topicWith(4);
    const keys = Array.from({ length: 24 }, (_, i) => `key-${i}`);
    const sent = await withProducer({}, (p) =>
      p.send({
        topic,
        compression: CompressionTypes.GZIP,
        messages: keys.map((key, i) => ({ key, value: `value-${i}`, headers: { trace: `t-${i}` } })),
      }),
    );
    expect(sent.every((r) => r.errorCode === 0)).toBe(true);
    for (let partition = 0; partition < 4; partition++) {
      const records = await readAll(topic, partition);
      const expected = keys.filter((k) => partitionForKey(Buffer.from(k), 4) === partition);
      expect(records.map((r) => r.key!.toString())).toEqual(expected);
      for (const r of records) {
        const i = r.key!.toString().slice(4);
        expect(r.value!.toString()).toBe(`value-${i}`);
        expect(r.headers).toEqual([{ key: 'trace', value: Buffer.from(`t-${i}`) }]);
        expect(r.header.compression).toBe('gzip');
      }
      if (expected.length > 0) expect(sent.find((s) => s.partition === partition)?.baseOffset).toBe('0');
    }
  });

  it('reports offsets and metadata through its admin client', async () => {
    const topic = await topicWith(2);
    await withProducer({}, (p) => p.send({ topic, messages: [{ value: 'a', partition: 1 }, { value: 'b', partition: 1 }, { value: 'c', partition: 0 }] }));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.sort((a, b) => a.partition - b.partition)).toEqual([
        { partition: 0, offset: '1', high: '1', low: '0' },
        { partition: 1, offset: '2', high: '2', low: '0' },
      ]);
      const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, 0);
      expect(byTime.sort((a, b) => a.partition - b.partition)).toEqual([
        { partition: 0, offset: '0' },
        { partition: 1, offset: '0' },
      ]);
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0]!.name).toBe(topic);
      expect(topics[0]!.partitions.map((p) => [p.partitionId, p.leader, p.replicas, p.isr]).sort()).toEqual([
        [0, 1, [1], [1]],
        [1, 1, [1], [1]],
      ]);
    } finally {
      await admin.disconnect();
    }
  });

  it('an idempotent producer whose answer was lost retries without leaving a duplicate', async () => {
    const topic = await topicWith(1);
    await withProducer({ idempotent: true, maxInFlightRequests: 1 }, async (p) => {
      await p.send({ topic, messages: [{ key: 'k', value: 'first' }] });
      const before = proxy.seen(PRODUCE);
      proxy.cutAfter(PRODUCE);
      await p.send({ topic, messages: [{ key: 'k', value: 'second' }] });
      expect(proxy.seen(PRODUCE)).toBeGreaterThanOrEqual(before + 2);
      await p.send({ topic, messages: [{ key: 'k', value: 'third' }] });
    });
    const records = await readAll(topic, 0);
    expect(records.map((r) => r.value!.toString())).toEqual(['first', 'second', 'third']);
    expect(records.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(records[0]!.header.producerId).toBeGreaterThanOrEqual(0);
  });

  it('consumes from the beginning in a group, then tails what is produced next', async () => {
    const topic = await topicWith(2);
    await withProducer({}, (p) => p.send({ topic, messages: ['a', 'b', 'c', 'd'].map((value, i) => ({ key: `k${i}`, value })) }));
    const consumer = kafka.consumer({ groupId: uniqueName('gw-kafkajs-group'), maxWaitTimeInMs: 500 });
    const seen: string[] = [];
    let resolveAll: () => void = () => {};
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message.value!.toString());
          if (seen.length === 6) resolveAll();
        },
      });
      await withProducer({}, (p) => p.send({ topic, messages: [{ key: 'k9', value: 'e' }, { key: 'k8', value: 'f' }] }));
      await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${seen.join(',')}`)), 30_000))]);
    } finally {
      await consumer.disconnect();
    }
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('sees UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist', async () => {
    const missing = uniqueName('gw-kafkajs-missing');
    await expect(
      withProducer({ retry: { retries: 0 } }, (p) => p.send({ topic: missing, messages: [{ value: 'x' }] })),
    ).rejects.toThrow(/does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION/i);
  });
});
