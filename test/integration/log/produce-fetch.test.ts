import { describe, expect, it } from 'vitest';
import { OffsetOutOfRangeError } from '../../../shared/api/errors.ts';
import { decodeBatches, encodeBatch, partitionForKey } from '../../../shared/codec/index.ts';
import { uniqueName } from '../../support/env.ts';
import { realEngine, record, text } from './helpers.ts';

const engine = realEngine();

async function readAll(topic: string, partition: number, from = 0) {
  const [d] = await engine.fetch.fetch([{ topic, partition, offset: from }], { maxBytes: 4 << 20, maxWaitMs: 0 });
  if (d!.error) throw d!.error;
  return { data: d!, records: decodeBatches(d!.batches).flatMap((b) => b.records) };
}

describe('produce and fetch on the emulators', () => {
  it('assigns contiguous offsets from 0 and reads the records back in order', async () => {
    const topic = uniqueName('pf');
    await engine.topics.create({ name: topic, partitions: 1 });
    const first = await engine.produce.produceJson(topic, [record('a'), record('b'), record('c')]);
    const second = await engine.produce.produceJson(topic, [record('d')]);
    expect(first).toEqual([expect.objectContaining({ partition: 0, baseOffset: 0, recordCount: 3 })]);
    expect(second[0]!.baseOffset).toBe(3);
    const { data, records } = await readAll(topic, 0);
    expect(records.map((r) => [r.offset, r.value!.toString()])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
    ]);
    expect(data).toMatchObject({ highWatermark: 4, logStartOffset: 0, nextOffset: 4 });
  });

  it('sends keyed records to murmur2(key) mod N and writes one object per request', async () => {
    const topic = uniqueName('keys');
    await engine.topics.create({ name: topic, partitions: 6 });
    const keys = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
    const results = await engine.produce.produceJson(topic, keys.map((k) => record(`v-${k}`, { key: k })));
    const touched = new Set(keys.map((k) => partitionForKey(text(k), 6)));
    expect(new Set(results.map((r) => r.partition))).toEqual(touched);
    const objects = new Set<string>();
    for (const p of touched) {
      const { records } = await readAll(topic, p);
      for (const r of records) expect(partitionForKey(r.key!, 6)).toBe(p);
      const topicId = (await engine.topics.get(topic)).id;
      const entry = await engine.storage.index.floor(topicId, p, 0);
      objects.add(entry!.objectKey);
    }
    expect(objects.size).toBe(1);
  });

  it('stores binary batches as received and patches their real base offsets on read', async () => {
    const topic = uniqueName('bin');
    await engine.topics.create({ name: topic, partitions: 2 });
    await engine.produce.produceJson(topic, [record('x', { partition: 1 }), record('y', { partition: 1 })]);
    const batch = encodeBatch([{ key: null, value: text('z1'), timestamp: 1_700_000_000_000 }, { key: text('k'), value: text('z2'), timestamp: 1_700_000_000_001 }], {
      compression: 'gzip',
    });
    const [result] = await engine.produce.produceBinary(topic, [{ partition: 1, batches: batch }]);
    expect(result).toMatchObject({ partition: 1, baseOffset: 2, recordCount: 2 });
    const { records, data } = await readAll(topic, 1, 2);
    const batches = decodeBatches(data.batches);
    expect(batches[0]!.header.baseOffset).toBe(2);
    expect(batches[0]!.header.compression).toBe('gzip');
    expect(records.map((r) => [r.offset, r.value!.toString()])).toEqual([
      [2, 'z1'],
      [3, 'z2'],
    ]);
  });

  it('answers OFFSET_OUT_OF_RANGE with the log start offset and high watermark', async () => {
    const topic = uniqueName('oor');
    await engine.topics.create({ name: topic, partitions: 1 });
    await engine.produce.produceJson(topic, [record('a'), record('b')]);
    const [d] = await engine.fetch.fetch([{ topic, partition: 0, offset: 3 }], { maxBytes: 1000, maxWaitMs: 0 });
    expect(d!.error).toBeInstanceOf(OffsetOutOfRangeError);
    expect(d!.error!.toBody().error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', logStartOffset: 0, highWatermark: 2 });
  });

  it('long-polls an empty partition until a record is committed', async () => {
    const topic = uniqueName('poll');
    await engine.topics.create({ name: topic, partitions: 1 });
    const started = Date.now();
    const pending = engine.fetch.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1000, maxWaitMs: 10_000 });
    setTimeout(() => void realEngine().produce.produceJson(topic, [record('late')]), 300);
    const [d] = await pending;
    expect(decodeBatches(d!.batches)[0]!.records[0]!.value!.toString()).toBe('late');
    expect(Date.now() - started).toBeLessThan(9_000);
  });

  it('returns an empty result when the wait runs out with nothing new', async () => {
    const topic = uniqueName('empty');
    await engine.topics.create({ name: topic, partitions: 1 });
    const [d] = await engine.fetch.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1000, maxWaitMs: 200 });
    expect(d).toMatchObject({ highWatermark: 0, nextOffset: 0 });
    expect(d!.batches.length).toBe(0);
  });

  it('stops at maxBytes but always returns at least one batch', async () => {
    const topic = uniqueName('maxb');
    await engine.topics.create({ name: topic, partitions: 1 });
    for (let i = 0; i < 5; i++) await engine.produce.produceJson(topic, [record('v'.repeat(1000))]);
    const [one] = await engine.fetch.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1, maxWaitMs: 0 });
    expect(decodeBatches(one!.batches)).toHaveLength(1);
    expect(one!.nextOffset).toBe(1);
    const [three] = await engine.fetch.fetch([{ topic, partition: 0, offset: 1 }], { maxBytes: 3 * 1100, maxWaitMs: 0 });
    expect(decodeBatches(three!.batches).map((b) => b.header.baseOffset)).toEqual([1, 2, 3]);
  });

  it('fetches several partitions in one call with one ranged GET per object', async () => {
    const topic = uniqueName('multi');
    await engine.topics.create({ name: topic, partitions: 3 });
    await engine.produce.produceJson(topic, [0, 1, 2].map((p) => record(`p${p}`, { partition: p })));
    let gets = 0;
    const counting = realEngine({}, (s) => ({
      ...s,
      objects: { put: s.objects.put.bind(s.objects), getRange: (k, a, b) => (gets++, s.objects.getRange(k, a, b)) },
    }));
    const results = await counting.fetch.fetch(
      [0, 1, 2].map((p) => ({ topic, partition: p, offset: 0 })),
      { maxBytes: 1 << 20, maxWaitMs: 0 },
    );
    expect(results.map((r) => decodeBatches(r.batches)[0]!.records[0]!.value!.toString())).toEqual(['p0', 'p1', 'p2']);
    expect(gets).toBe(1);
  });

  it('lists earliest, latest and by-timestamp offsets', async () => {
    const topic = uniqueName('lo');
    await engine.topics.create({ name: topic, partitions: 1 });
    await engine.produce.produceJson(topic, [record('a', { timestamp: 1000 }), record('b', { timestamp: 2000 })]);
    await engine.produce.produceJson(topic, [record('c', { timestamp: 3000 }), record('d', { timestamp: 4000 })]);
    const t = await engine.topics.get(topic);
    expect(await engine.offsets.list(t, { at: 'earliest' })).toEqual([{ partition: 0, offset: 0, timestamp: -1 }]);
    expect(await engine.offsets.list(t, { at: 'latest' })).toEqual([{ partition: 0, offset: 4, timestamp: -1 }]);
    expect(await engine.offsets.list(t, { at: 'timestamp', timestamp: 1500 })).toEqual([{ partition: 0, offset: 1, timestamp: 2000 }]);
    expect(await engine.offsets.list(t, { at: 'timestamp', timestamp: 3000 })).toEqual([{ partition: 0, offset: 2, timestamp: 3000 }]);
    expect(await engine.offsets.list(t, { at: 'timestamp', timestamp: 9000 })).toEqual([{ partition: 0, offset: -1, timestamp: -1 }]);
  });

  it('stamps LogAppendTime topics with the commit time', async () => {
    const topic = uniqueName('lat');
    await engine.topics.create({ name: topic, partitions: 1, configs: { 'message.timestamp.type': 'LogAppendTime' } });
    const before = Date.now();
    const [r] = await engine.produce.produceJson(topic, [record('a', { timestamp: 5 })]);
    const { data } = await readAll(topic, 0);
    const [batch] = decodeBatches(data.batches);
    expect(batch!.header.timestampType).toBe('logAppend');
    expect(batch!.header.maxTimestamp).toBe(r!.logAppendTime);
    expect(r!.logAppendTime).toBeGreaterThanOrEqual(before);
  });

  it('reads the index with one Query per partition when the offset is a batch boundary', async () => {
    const topic = uniqueName('lean');
    await engine.topics.create({ name: topic, partitions: 1 });
    for (let i = 0; i < 3; i++) await engine.produce.produceJson(topic, [record(`v${i}`), record(`w${i}`)]);
    const calls: string[] = [];
    const counting = realEngine({}, (s) => {
      const index = s.index;
      const wrapped = Object.create(index) as typeof index;
      for (const name of ['after', 'floor', 'latest'] as const) {
        (wrapped as any)[name] = (...args: unknown[]) => (calls.push(name), (index as any)[name](...args));
      }
      return { ...s, index: wrapped };
    });
    const [at2] = await counting.fetch.fetch([{ topic, partition: 0, offset: 2 }], { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(calls).toEqual(['after']);
    expect(at2).toMatchObject({ highWatermark: 6, nextOffset: 6 });
    expect(decodeBatches(at2!.batches).map((b) => b.header.baseOffset)).toEqual([2, 4]);
    calls.length = 0;
    const [mid] = await counting.fetch.fetch([{ topic, partition: 0, offset: 3 }], { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(calls.sort()).toEqual(['after', 'floor']);
    expect(decodeBatches(mid!.batches).map((b) => b.header.baseOffset)).toEqual([2, 4]);
    calls.length = 0;
    const [tail] = await counting.fetch.fetch([{ topic, partition: 0, offset: 6 }], { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(calls.sort()).toEqual(['after', 'latest']);
    expect(tail).toMatchObject({ highWatermark: 6, nextOffset: 6 });
    expect(tail!.batches.length).toBe(0);
  });
});
