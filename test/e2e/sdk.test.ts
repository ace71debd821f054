// The SDK against the local stack: the real server, handlers, DynamoDB Local and s3rver.
import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../../shared/codec/index.ts';
import { createClient, OffsetOutOfRangeError, SluiceApiError, type Compression, type ConsumedRecord, type SluiceClient } from '../../sdk/index.ts';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';

function client(): SluiceClient {
  return createClient({ endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion() });
}

async function readAll(c: SluiceClient, topic: string, partition: number): Promise<ConsumedRecord[]> {
  const reader = c.reader({ topic, partition, from: 'earliest' });
  const out: ConsumedRecord[] = [];
  for (;;) {
    const { records, highWatermark } = await reader.fetch({ maxBytes: 64 * 1024 });
    out.push(...records);
    if (reader.nextOffset! >= highWatermark) return out;
  }
}

async function newTopic(c: SluiceClient, partitions: number, prefix = 'sdk'): Promise<string> {
  const topic = uniqueName(prefix);
  await c.admin().createTopic({ topic, numPartitions: partitions });
  return topic;
}

describe('SDK admin on the local stack', () => {
  it('creates, lists, describes, alters, grows and deletes a topic', async () => {
    const admin = client().admin();
    const topic = uniqueName('admin');
    const created = await admin.createTopic({ topic, numPartitions: 3, configs: { 'retention.ms': '86400000' } });
    expect(created).toMatchObject({ name: topic, partitions: 3 });
    expect(created.configs['retention.ms']).toBe('86400000');
    expect(await admin.listTopics()).toContain(topic);
    expect(await admin.createTopics({ topics: [{ topic }] })).toBe(false);
    await expect(admin.createTopic({ topic })).rejects.toMatchObject({ code: 'TOPIC_ALREADY_EXISTS', status: 409, retriable: false });

    const d = await admin.describeTopic(topic);
    expect(d.partitionInfo).toEqual([0, 1, 2].map((partition) => ({ partition, logStartOffset: 0, highWatermark: 0 })));
    expect(await admin.fetchTopicOffsets(topic)).toEqual([0, 1, 2].map((partition) => ({ partition, offset: 0, high: 0, low: 0 })));
    expect((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.map((p) => p.partitionId)).toEqual([0, 1, 2]);

    const [altered] = await admin.alterConfigs({ resources: [{ name: topic, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    expect(altered!.configs['retention.ms']).toBe('3600000');
    const [grown] = await admin.createPartitions({ topic, count: 5 });
    expect(grown!.partitions).toBe(5);

    await admin.deleteTopics({ topics: [topic] });
    await expect(admin.describeTopic(topic)).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC', status: 404 });
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('refuses a request signed with the wrong secret, without retrying', async () => {
    const bad = createClient({ endpoint: localEndpoint(), region: localRegion(), credentials: { ...localCredentials(), secretAccessKey: 'wrong' } });
    const err = await bad.admin().listTopics().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SluiceApiError);
    expect(err).toMatchObject({ status: 403, retriable: false });
  });
});

describe('SDK produce and read on the local stack', () => {
  for (const mode of ['binary', 'json'] as const) {
    it(`produces keyed records in ${mode} mode to partitionForKey(key, n) and reads every one back in order`, async () => {
      const c = client();
      const topic = await newTopic(c, 4);
      const producer = c.producer({ mode });
      const keys = Array.from({ length: 12 }, (_, i) => `customer-${i}`);
      const sent = Array.from({ length: 120 }, (_, i) => ({
        key: keys[i % keys.length]!, value: `order-${i}`, headers: { seq: String(i) }, timestamp: 1_700_000_000_000 + i,
      }));
      const metas = await producer.send({ topic, messages: sent });
      await producer.disconnect();
      for (const m of metas) expect(m).toMatchObject({ topicName: topic, errorCode: 0 });
      expect(metas.reduce((n, m) => n + m.recordCount, 0)).toBe(120);

      for (let p = 0; p < 4; p++) {
        const expected = sent.filter((m) => partitionForKey(Buffer.from(m.key), 4) === p);
        const got = await readAll(c, topic, p);
        expect(got.map((r) => r.offset)).toEqual(expected.map((_, i) => i));
        expect(got.map((r) => [r.key!.toString(), r.value!.toString(), r.timestamp, r.headers[0]!.value!.toString()]))
          .toEqual(expected.map((m) => [m.key, m.value, m.timestamp, m.headers.seq]));
        const meta = metas.find((m) => m.partition === p);
        if (expected.length) expect(meta).toMatchObject({ baseOffset: 0, recordCount: expected.length });
      }
    });
  }

  const codecs: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
  for (const compression of codecs) {
    it(`round-trips ${compression} batches in binary and JSON mode`, async () => {
      const c = client();
      const topic = await newTopic(c, 1);
      const values = Array.from({ length: 40 }, (_, i) => `${compression}-${i}-`.repeat(20));
      for (const mode of ['binary', 'json'] as const) {
        const producer = c.producer({ mode, compression });
        await producer.send({ topic, messages: values.map((value) => ({ value, key: null })) });
        await producer.disconnect();
      }
      const got = await readAll(c, topic, 0);
      expect(got.map((r) => r.value!.toString())).toEqual([...values, ...values]);
      expect(got.map((r) => r.offset)).toEqual(Array.from({ length: 80 }, (_, i) => i));
      expect(got.every((r) => r.key === null)).toBe(true);
    });
  }

  it('carries binary keys, values, null values and repeated headers unchanged', async () => {
    const c = client();
    const topic = await newTopic(c, 1);
    const producer = c.producer();
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13]);
    await producer.send({ topic, messages: [
      { key: bytes, value: bytes, headers: [{ key: 'h', value: Buffer.from('1') }, { key: 'h', value: null }] },
      { key: 'tombstone', value: null },
    ] });
    const [a, b] = await readAll(c, topic, 0);
    expect(a).toMatchObject({ key: bytes, value: bytes, headers: [{ key: 'h', value: Buffer.from('1') }, { key: 'h', value: null }] });
    expect(b).toMatchObject({ key: Buffer.from('tombstone'), value: null });
  });

  it('coalesces concurrent sends into few requests and gives each send its own offsets', async () => {
    const c = client();
    const topic = await newTopic(c, 2);
    const producer = c.producer({ lingerMs: 20 });
    const sends = Array.from({ length: 30 }, (_, i) => producer.send({ topic, messages: [{ value: `s${i}-a`, partition: i % 2 }, { value: `s${i}-b`, partition: i % 2 }] }));
    const metas = await Promise.all(sends);
    const byPartition = [await readAll(c, topic, 0), await readAll(c, topic, 1)];
    metas.forEach(([m], i) => {
      expect(m!.partition).toBe(i % 2);
      expect(m!.recordCount).toBe(2);
      const records = byPartition[m!.partition]!;
      expect(records[m!.baseOffset]!.value!.toString()).toBe(`s${i}-a`);
      expect(records[m!.baseOffset + 1]!.value!.toString()).toBe(`s${i}-b`);
    });
    expect(byPartition[0]!.length + byPartition[1]!.length).toBe(60);
  });

  it('spreads keyless records one partition per request', async () => {
    const c = client();
    const topic = await newTopic(c, 3);
    const producer = c.producer();
    const first = await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `a${i}` })) });
    const second = await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `b${i}` })) });
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(second[0]!.partition).not.toBe(first[0]!.partition);
  });

  it('follows the tail: the iterator yields records produced after it started', async () => {
    const c = client();
    const topic = await newTopic(c, 1);
    const producer = c.producer();
    await producer.send({ topic, messages: [{ value: 'before' }] });
    const reader = c.reader({ topic, partition: 0, from: 'latest', maxWaitMs: 2_000 });
    const got: string[] = [];
    const following = (async () => {
      for await (const r of reader) {
        got.push(`${r.offset}:${r.value!.toString()}`);
        if (got.length === 3) reader.close();
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    await producer.send({ topic, messages: [{ value: 'after-1' }] });
    await producer.send({ topic, messages: [{ value: 'after-2' }, { value: 'after-3' }] });
    await following;
    expect(got).toEqual(['1:after-1', '2:after-2', '3:after-3']);
  });

  it('stops a long-polling iterator on abort', async () => {
    const c = client();
    const topic = await newTopic(c, 1);
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 200);
    for await (const _ of c.reader({ topic, partition: 0, maxWaitMs: 20_000, signal: abort.signal })) throw new Error('no records expected');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('raises OffsetOutOfRangeError carrying the log start offset and the high watermark', async () => {
    const c = client();
    const topic = await newTopic(c, 1);
    await c.producer().send({ topic, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    const err = await c.reader({ topic, partition: 0, fromOffset: 10 }).fetch().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OffsetOutOfRangeError);
    expect(err).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', status: 416, logStartOffset: 0, highWatermark: 3, retriable: false });
  });

  it('reads from the middle of a batch, dropping the records before the requested offset', async () => {
    const c = client();
    const topic = await newTopic(c, 1);
    await c.producer().send({ topic, messages: ['a', 'b', 'c', 'd', 'e'].map((value) => ({ value })) });
    const { records, nextOffset, highWatermark } = await c.reader({ topic, partition: 0, fromOffset: 3 }).fetch();
    expect(records.map((r) => `${r.offset}:${r.value!.toString()}`)).toEqual(['3:d', '4:e']);
    expect({ nextOffset, highWatermark }).toEqual({ nextOffset: 5, highWatermark: 5 });
  });

  it('finds offsets by timestamp', async () => {
    const c = client();
    const topic = await newTopic(c, 1);
    const producer = c.producer();
    for (let i = 0; i < 3; i++) await producer.send({ topic, messages: [{ value: `t${i}`, timestamp: 1_000_000 + i * 1000 }] });
    const admin = c.admin();
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 1_001_500)).toEqual([expect.objectContaining({ partition: 0, offset: 2 })]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 9_999_999)).toEqual([expect.objectContaining({ partition: 0, offset: 3 })]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic)).toEqual([expect.objectContaining({ partition: 0, offset: 3 })]);
  });

  it('fails a send to a topic that does not exist with UNKNOWN_TOPIC', async () => {
    await expect(client().producer().send({ topic: uniqueName('missing'), messages: [{ value: 'x' }] })).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
  });
});
