// confluent-kafka for Python (librdkafka) against the gateway: produce with every codec, read
// back exactly, consume from an offset, a consumer group of two and a third, the idempotent
// producer, keyed placement by the client's partitioners, and topic creation by its AdminClient.
import { describe, expect, it } from 'vitest';
import { runGroupScenario } from './support/group-scenario.ts';
import { expectKeyedPlacement, keyedRecords } from './support/keyed-placement.ts';
import { withLostProduceAnswers } from './support/lossy-gateway.ts';
import { librdkafkaConsistent, javaMurmur2 } from './support/partitioners.ts';
import { PythonKafkaClient } from './support/python-kafka-client.ts';
import { byPartition, content, offsetsOf, range, sampleRecords } from './support/records.ts';
import { bootstrap, newTopic, sdk, uniqueName } from './support/stack.ts';

const client = new PythonKafkaClient('confluent', bootstrap);

describe('confluent-kafka (librdkafka) through the Kafka gateway', () => {
  it('is installed (confluent-kafka for Debian\'s python3)', async () => {
    console.log(`confluent-kafka ${await client.ready()}`);
  });

  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('produces keys, headers and values with %s compression and reads them back exactly', async (codec) => {
    const topic = await newTopic(`cf-${codec}`, 1);
    const records = sampleRecords(`cf-${codec}`, 40);
    // A linger so that the records travel as a few multi-record (compressed) batches.
    const delivered = await client.produce(topic, records, { 'compression.type': codec, 'linger.ms': 50 });
    expect(delivered.map((d) => d.offset)).toEqual(range(0, records.length));
    const read = await client.consume(topic);
    expect(offsetsOf(read)).toEqual(range(0, records.length));
    expect(content(read)).toEqual(content(records));
  });

  it('consumes from the beginning and from a given offset', async () => {
    const topic = await newTopic('cf-offset', 2);
    const records = [0, 1].flatMap((partition) => range(0, 10).map((n) => ({ key: null, value: `p${partition}-${n}`, headers: [] as [string, string][], partition })));
    await client.produce(topic, records);
    const all = byPartition(await client.consume(topic));
    expect(all.get(0)?.map((r) => r.value)).toEqual(range(0, 10).map((n) => `p0-${n}`));
    expect(all.get(1)?.map((r) => r.value)).toEqual(range(0, 10).map((n) => `p1-${n}`));
    const fromSix = await client.consume(topic, { partitions: [1], offset: 6 });
    expect(fromSix.map((r) => [r.partition, r.offset, r.value])).toEqual(range(6, 4).map((n) => [1, n, `p1-${n}`]));
  });

  it('shares partitions in a group of two, rebalances when one leaves, and a third resumes from the commits', async () => {
    await client.ready();
    await runGroupScenario((name, group, topic) => client.member(name, group, topic));
  });

  it('produces with enable.idempotence=true: every record exactly once, in order', async () => {
    const topic = await newTopic('cf-idem', 2);
    const count = 400;
    const records = range(0, count).map((n) => ({ key: null, value: `idem-${n}`, headers: [] as [string, string][], partition: n % 2 }));
    // Small batches and five in flight: the sequence numbers matter across many concurrent requests.
    const delivered = await client.produce(topic, records, { 'enable.idempotence': true, 'linger.ms': 0, 'batch.num.messages': 10, 'max.in.flight.requests.per.connection': 5 });
    expect(delivered).toHaveLength(count);
    const read = byPartition(await client.consume(topic));
    for (const p of [0, 1]) {
      const expected = records.filter((r) => r.partition === p).map((r) => r.value);
      expect(read.get(p)?.map((r) => r.value)).toEqual(expected);
      expect(offsetsOf(read.get(p) ?? [])).toEqual(range(0, expected.length));
    }
  });

  it('retries produces whose answers were lost, and the idempotent producer leaves no duplicate', async () => {
    const topic = await newTopic('cf-idem-cut', 1);
    const records = range(0, 200).map((n) => ({ key: null, value: `cut-${n}`, headers: [] as [string, string][], partition: 0 }));
    await withLostProduceAnswers([2, 5], async (lossy, proxy) => {
      const delivered = await new PythonKafkaClient('confluent', () => lossy).produce(topic, records, { 'enable.idempotence': true, 'linger.ms': 0, 'batch.num.messages': 10 });
      expect(proxy.cuts).toBe(2);
      expect(delivered).toHaveLength(records.length);
    });
    const read = await client.consume(topic);
    expect(read.map((r) => r.value)).toEqual(records.map((r) => r.value));
    expect(offsetsOf(read)).toEqual(range(0, records.length));
  });

  it('without idempotence, the same lost answers duplicate batches, as with Kafka (so the retries above are real)', async () => {
    const topic = await newTopic('cf-plain-cut', 1);
    const records = range(0, 200).map((n) => ({ key: null, value: `cut-${n}`, headers: [] as [string, string][], partition: 0 }));
    await withLostProduceAnswers([2, 5], async (lossy, proxy) => {
      await new PythonKafkaClient('confluent', () => lossy).produce(topic, records, { 'enable.idempotence': false, 'linger.ms': 0, 'batch.num.messages': 10 });
      expect(proxy.cuts).toBe(2);
    });
    const values = (await client.consume(topic)).map((r) => r.value);
    expect(values.length).toBeGreaterThan(records.length);
    expect(new Set(values)).toEqual(new Set(records.map((r) => r.value)));
  });

  it.each([
    ['the default partitioner (consistent_random: CRC-32)', {}, librdkafkaConsistent],
    ['partitioner=murmur2_random (as the Java client and the Sluice SDK)', { partitioner: 'murmur2_random' }, javaMurmur2],
  ] as const)('puts keyed records on the partition the client chose, with %s', async (_name, config, expected) => {
    const partitions = 3;
    const topic = await newTopic('cf-keyed', partitions);
    const records = keyedRecords('cf', 30);
    const delivered = await client.produce(topic, records, config);
    const read = await client.consume(topic);
    expectKeyedPlacement(delivered, read, (key) => expected(key, partitions));
    for (const d of delivered) expect(d.partition).toBe(expected(d.key ?? '', partitions));
  });

  it('creates topics through AdminClient.create_topics, visible in Metadata and to the SDK', async () => {
    const name = uniqueName('cf-admin');
    const events = await client.createTopics([{ name, partitions: 3 }]);
    expect(events.filter((e) => e.event === 'created').map((e) => e.topic)).toEqual([name]);
    const metadata = events.find((e) => e.event === 'metadata' && e.topic === name);
    expect(metadata).toMatchObject({ error: null, partitions: [0, 1, 2] });
    expect((metadata?.leaders as number[]).length).toBe(1);
    const brokers = events.find((e) => e.event === 'brokers')?.brokers as { id: number }[];
    expect(brokers.map((b) => b.id)).toEqual(metadata?.leaders);
    const described = await sdk().admin().describeTopic(name);
    expect(described.partitionInfo).toHaveLength(3);
  });
});
