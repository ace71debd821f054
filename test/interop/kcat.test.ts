// kcat (librdkafka) against the gateway: Metadata (-L), produce with a key, headers and every
// codec, read back exactly, consume from an offset, keyed placement by its partitioners, the
// idempotent producer, and a balanced consumer group (-G).
// Not covered, because kcat has no API for them: topic creation (no admin mode), and a group
// member's explicit commits (kcat -G commits through librdkafka's auto-commit and on close).
// kcat applies the same -H headers to every message it produces, so headers are per run here.
import { describe, expect, it } from 'vitest';
import { requireKcat } from './support/clients.ts';
import { KcatMember } from './support/group-member.ts';
import { runGroupScenario } from './support/group-scenario.ts';
import { kcatConsume, kcatMetadata, kcatProduce } from './support/kcat.ts';
import { expectKeyedPlacement, keyedRecords } from './support/keyed-placement.ts';
import { withLostProduceAnswers } from './support/lossy-gateway.ts';
import { javaMurmur2, librdkafkaConsistent } from './support/partitioners.ts';
import { byPartition, offsetsOf, range } from './support/records.ts';
import { bootstrap, newTopic } from './support/stack.ts';

const HEADERS: [string, string][] = [['source', 'kcat'], ['trace', 't-1'], ['trace', 't-2']];

describe('kcat through the Kafka gateway', () => {
  it('is installed', async () => {
    console.log(`kcat ${await requireKcat()}`);
  });

  it('lists one broker that leads every partition (-L)', async () => {
    const topic = await newTopic('kc-meta', 3);
    const metadata = await kcatMetadata(bootstrap(), topic);
    expect(metadata.brokers).toHaveLength(1);
    expect(metadata.brokers[0]?.name).toBe(bootstrap());
    const t = metadata.topics.find((x) => x.topic === topic);
    expect(t?.error).toBeUndefined();
    expect(t?.partitions.map((p) => [p.partition, p.leader])).toEqual(range(0, 3).map((p) => [p, metadata.brokers[0]?.id]));
  });

  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('produces keys, headers and values with %s compression and reads them back exactly', async (codec) => {
    const topic = await newTopic(`kc-${codec}`, 1);
    const records = range(0, 30).map((n) => ({ key: `key-${n % 7}`, value: `kc-${codec}-${n} ünïcödé ✓ ${'x'.repeat(n * 13)}` }));
    const delivered = await kcatProduce(bootstrap(), topic, records, { headers: HEADERS, config: { 'compression.codec': codec, 'linger.ms': '50' } });
    expect(delivered.map((d) => d.offset)).toEqual(range(0, records.length));
    const read = await kcatConsume(bootstrap(), topic);
    expect(offsetsOf(read)).toEqual(range(0, records.length));
    expect(read.map((r) => ({ key: r.key, value: r.value, headers: r.headers }))).toEqual(records.map((r) => ({ ...r, headers: HEADERS })));
  });

  it('consumes from the beginning and from a given offset (-o)', async () => {
    const topic = await newTopic('kc-offset', 2);
    for (const partition of [0, 1]) {
      await kcatProduce(bootstrap(), topic, range(0, 10).map((n) => ({ key: null, value: `p${partition}-${n}` })), { partition });
    }
    const all = byPartition(await kcatConsume(bootstrap(), topic));
    expect(all.get(0)?.map((r) => r.value)).toEqual(range(0, 10).map((n) => `p0-${n}`));
    expect(all.get(1)?.map((r) => r.value)).toEqual(range(0, 10).map((n) => `p1-${n}`));
    const fromSix = await kcatConsume(bootstrap(), topic, { partition: 1, offset: 6 });
    expect(fromSix.map((r) => [r.partition, r.offset, r.value])).toEqual(range(6, 4).map((n) => [1, n, `p1-${n}`]));
  });

  it.each([
    ['the default partitioner (consistent_random: CRC-32)', {}, librdkafkaConsistent],
    ['partitioner=murmur2_random (as the Java client and the Sluice SDK)', { partitioner: 'murmur2_random' }, javaMurmur2],
  ] as const)('puts keyed records on the partition the client chose, with %s', async (_name, config, expected) => {
    const partitions = 3;
    const topic = await newTopic('kc-keyed', partitions);
    const records = keyedRecords('kc', 30);
    const delivered = await kcatProduce(bootstrap(), topic, records, { config });
    expect(delivered).toHaveLength(records.length);
    const read = await kcatConsume(bootstrap(), topic);
    expectKeyedPlacement(delivered, read, (key) => expected(key, partitions));
  });

  it('produces with enable.idempotence=true: every record exactly once, in order', async () => {
    const topic = await newTopic('kc-idem', 1);
    const count = 400;
    const records = range(0, count).map((n) => ({ key: null, value: `idem-${n}` }));
    const delivered = await kcatProduce(bootstrap(), topic, records, {
      config: { 'enable.idempotence': 'true', 'linger.ms': '0', 'batch.num.messages': '10' },
    });
    expect(delivered.map((d) => d.offset)).toEqual(range(0, count));
    const read = await kcatConsume(bootstrap(), topic);
    expect(read.map((r) => r.value)).toEqual(records.map((r) => r.value));
    expect(offsetsOf(read)).toEqual(range(0, count));
  });

  it('retries produces whose answers were lost, and the idempotent producer leaves no duplicate', async () => {
    const topic = await newTopic('kc-idem-cut', 1);
    const records = range(0, 200).map((n) => ({ key: null, value: `cut-${n}` }));
    await withLostProduceAnswers([2, 5], async (lossy, proxy) => {
      const delivered = await kcatProduce(lossy, topic, records, {
        config: { 'enable.idempotence': 'true', 'linger.ms': '0', 'batch.num.messages': '10' },
        survivesDisconnects: true,
      });
      expect(proxy.cuts).toBe(2);
      expect(delivered).toHaveLength(records.length);
    });
    const read = await kcatConsume(bootstrap(), topic);
    expect(read.map((r) => r.value)).toEqual(records.map((r) => r.value));
    expect(offsetsOf(read)).toEqual(range(0, records.length));
  });

  it('shares partitions in a -G group of two, rebalances when one leaves, and a third resumes from the commits', async () => {
    await requireKcat();
    await runGroupScenario((name, group, topic) => new KcatMember(name, bootstrap(), group, topic));
  });
});
