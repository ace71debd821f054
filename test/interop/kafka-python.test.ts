// kafka-python against the gateway: produce with headers and each codec whose Python module is
// installed, read back exactly, consume from an offset, a consumer group of two and a third, keyed
// placement by its (Java-compatible) partitioner, and topic creation by KafkaAdminClient.
// Not covered, because kafka-python 2.0.2 has no idempotent producer (no enable_idempotence).
import { describe, expect, it } from 'vitest';
import { pythonHasModule } from './support/clients.ts';
import { runGroupScenario } from './support/group-scenario.ts';
import { expectKeyedPlacement, keyedRecords } from './support/keyed-placement.ts';
import { javaMurmur2 } from './support/partitioners.ts';
import { PythonKafkaClient } from './support/python-kafka-client.ts';
import { byPartition, content, offsetsOf, range, sampleRecords } from './support/records.ts';
import { bootstrap, newTopic, sdk, uniqueName } from './support/stack.ts';

const client = new PythonKafkaClient('kafka_python', bootstrap);

/** kafka-python compresses with gzip from the standard library; the others need their own modules. */
const OPTIONAL_CODECS = [
  { codec: 'snappy', module: 'snappy', pkg: 'python3-snappy' },
  { codec: 'lz4', module: 'lz4', pkg: 'python3-lz4' },
  { codec: 'zstd', module: 'zstandard', pkg: 'python3-zstandard' },
] as const;
const available = await Promise.all(OPTIONAL_CODECS.map(async (c) => ({ ...c, installed: await pythonHasModule(c.module) })));

describe('kafka-python through the Kafka gateway', () => {
  it('is installed (kafka-python for Debian\'s python3)', async () => {
    console.log(`kafka-python ${await client.ready()}`);
  });

  it.each([null, 'gzip'])('produces keys, headers and values with compression %s and reads them back exactly', async (codec) => {
    const topic = await newTopic(`kp-${codec ?? 'none'}`, 1);
    const records = sampleRecords(`kp-${codec ?? 'none'}`, 40);
    const delivered = await client.produce(topic, records, { compression_type: codec, linger_ms: 50 });
    expect(delivered.map((d) => d.offset)).toEqual(range(0, records.length));
    const read = await client.consume(topic);
    expect(offsetsOf(read)).toEqual(range(0, records.length));
    expect(content(read)).toEqual(content(records));
  });

  // kafka-python compresses with these codecs when their Python modules are there: Debian packages
  // them, and .ci/run installs them, so a missing one fails with the package to install.
  for (const { codec, module, pkg, installed } of available) {
    it(`produces with ${codec} compression and reads it back exactly (Python module ${module})`, async () => {
      if (!installed) throw new Error(`kafka-python needs the Python module ${module} for ${codec}: apt-get install -y --no-install-recommends ${pkg}`);
      const topic = await newTopic(`kp-${codec}`, 1);
      const records = sampleRecords(`kp-${codec}`, 40);
      await client.produce(topic, records, { compression_type: codec, linger_ms: 50 });
      expect(content(await client.consume(topic))).toEqual(content(records));
    });
  }

  it('consumes from the beginning and from a given offset', async () => {
    const topic = await newTopic('kp-offset', 2);
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

  it('puts keyed records on the partition its default partitioner (murmur2, as the Java client and the Sluice SDK) chose', async () => {
    const partitions = 3;
    const topic = await newTopic('kp-keyed', partitions);
    const records = keyedRecords('kp', 30);
    const delivered = await client.produce(topic, records);
    const read = await client.consume(topic);
    expectKeyedPlacement(delivered, read, (key) => javaMurmur2(key, partitions));
    for (const d of delivered) expect(d.partition).toBe(javaMurmur2(d.key ?? '', partitions));
  });

  it('creates topics through KafkaAdminClient.create_topics, visible in Metadata and to the SDK', async () => {
    const name = uniqueName('kp-admin');
    const events = await client.createTopics([{ name, partitions: 3 }]);
    expect(events.filter((e) => e.event === 'created').map((e) => e.topic)).toEqual([name]);
    expect(events.find((e) => e.event === 'metadata' && e.topic === name)).toMatchObject({ missing: false, partitions: [0, 1, 2] });
    const described = await sdk().admin().describeTopic(name);
    expect(described.partitionInfo).toHaveLength(3);
  });
});
