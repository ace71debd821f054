import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../../../shared/api/frames.ts';
import { partitionForKey, readBatchHeader } from '../../../shared/codec/index.ts';
import { SluiceApiError } from '../../../sdk/index.ts';
import { deferred, fakeClient, netError } from './helpers.ts';

function setup(partitions = 1, options: Parameters<ReturnType<typeof fakeClient>['client']['producer']>[0] = {}) {
  const { fake, client } = fakeClient();
  fake.createTopic('t', partitions);
  return { fake, producer: client.producer(options) };
}

describe('producer batching', () => {
  it('coalesces concurrent sends within the linger time into one request, each resolving with its own offsets', async () => {
    const { fake, producer } = setup(1, { lingerMs: 20 });
    await producer.send({ topic: 't', messages: [{ value: 'x' }, { value: 'y' }, { value: 'z' }] });
    const before = fake.produceRequests().length;
    const [a, b, c] = await Promise.all([
      producer.send({ topic: 't', messages: [{ value: 'a1' }, { value: 'a2' }] }),
      producer.send({ topic: 't', messages: [{ value: 'b1' }, { value: 'b2' }, { value: 'b3' }] }),
      producer.send({ topic: 't', messages: [{ value: 'c1' }] }),
    ]);
    expect(fake.produceRequests().length - before).toBe(1);
    expect(a).toEqual([expect.objectContaining({ topicName: 't', partition: 0, baseOffset: 3, recordCount: 2 })]);
    expect(b).toEqual([expect.objectContaining({ partition: 0, baseOffset: 5, recordCount: 3 })]);
    expect(c).toEqual([expect.objectContaining({ partition: 0, baseOffset: 8, recordCount: 1 })]);
    expect(typeof a![0]!.logAppendTime).toBe('number');
    const stored = fake.records('t', 0).map((r) => `${r.offset}:${r.value!.toString()}`);
    expect(stored).toEqual(['0:x', '1:y', '2:z', '3:a1', '4:a2', '5:b1', '6:b2', '7:b3', '8:c1']);
  });

  it('with lingerMs 0 coalesces sends issued in the same turn and sends later ones separately', async () => {
    const { fake, producer } = setup(1);
    await Promise.all([1, 2, 3, 4].map((i) => producer.send({ topic: 't', messages: [{ value: `v${i}` }] })));
    expect(fake.produceRequests()).toHaveLength(1);
    await producer.send({ topic: 't', messages: [{ value: 'v5' }] });
    await producer.send({ topic: 't', messages: [{ value: 'v6' }] });
    expect(fake.produceRequests()).toHaveLength(3);
  });

  it('sends a batch that reaches batchBytes without waiting for the linger', async () => {
    const { fake, producer } = setup(1, { lingerMs: 60_000, batchBytes: 100 });
    const big = 'x'.repeat(60);
    const first = producer.send({ topic: 't', messages: [{ value: big }] });
    const second = producer.send({ topic: 't', messages: [{ value: big }] });
    const third = producer.send({ topic: 't', messages: [{ value: 'y'.repeat(200) }] });
    expect(await first).toEqual([expect.objectContaining({ baseOffset: 0 })]);
    expect(await second).toEqual([expect.objectContaining({ baseOffset: 1 })]);
    expect(await third).toEqual([expect.objectContaining({ baseOffset: 2 })]);
    expect(fake.produceRequests()).toHaveLength(3);
  });

  it('keeps one request in flight per topic, so later sends fill the next request and commit after', async () => {
    const { fake, producer } = setup(1);
    const gate = deferred();
    let held = 0;
    fake.beforeProduce = async () => {
      if (held++ === 0) await gate.promise;
    };
    const first = producer.send({ topic: 't', messages: [{ value: '1' }] });
    // Wait until the first request is out (held at the gate), however slow the machine is.
    for (let i = 0; i < 500 && fake.produceRequests().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const second = producer.send({ topic: 't', messages: [{ value: '2' }] });
    const third = producer.send({ topic: 't', messages: [{ value: '3' }] });
    await new Promise((r) => setTimeout(r, 10));
    expect(fake.produceRequests()).toHaveLength(1);
    gate.resolve();
    const metas = await Promise.all([first, second, third]);
    expect(metas.map((m) => m[0]!.baseOffset)).toEqual([0, 1, 2]);
    expect(fake.produceRequests()).toHaveLength(2);
  });

  it('flushes on disconnect and refuses sends afterwards', async () => {
    const { fake, producer } = setup(1, { lingerMs: 60_000 });
    const pending = producer.send({ topic: 't', messages: [{ value: 'late' }] });
    await producer.disconnect();
    expect(await pending).toEqual([expect.objectContaining({ baseOffset: 0 })]);
    expect(fake.produceRequests()).toHaveLength(1);
    await expect(producer.send({ topic: 't', messages: [{ value: 'x' }] })).rejects.toThrow(/disconnected/);
  });

  it('accepts strings and Buffers, KafkaJS header objects and string timestamps', async () => {
    const { fake, producer } = setup(1);
    await producer.send({ topic: 't', messages: [
      { key: Buffer.from([1, 2]), value: 'v', timestamp: '1700000000123', headers: { trace: 'abc', multi: ['a', Buffer.from('b')] } },
      { key: 'k', value: null },
    ] });
    const [r0, r1] = fake.records('t', 0);
    expect(r0).toMatchObject({ key: Buffer.from([1, 2]), value: Buffer.from('v'), timestamp: 1700000000123 });
    expect(r0!.headers.map((h) => `${h.key}=${h.value?.toString()}`)).toEqual(['trace=abc', 'multi=a', 'multi=b']);
    expect(r1).toMatchObject({ key: Buffer.from('k'), value: null });
  });

  it('sends to several topics with sendBatch', async () => {
    const { fake, producer } = setup(1);
    fake.createTopic('u', 2);
    const metas = await producer.sendBatch({ topicMessages: [
      { topic: 't', messages: [{ value: 'a' }] },
      { topic: 'u', messages: [{ value: 'b', partition: 1 }] },
    ] });
    expect(metas).toEqual([
      expect.objectContaining({ topicName: 't', partition: 0, baseOffset: 0 }),
      expect.objectContaining({ topicName: 'u', partition: 1, baseOffset: 0 }),
    ]);
  });
});

describe('producer partitioning', () => {
  it('puts a keyed message on partitionForKey(key, n), like the Java client', async () => {
    const { fake, producer } = setup(4);
    const keys = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const metas = await producer.send({ topic: 't', messages: keys.map((k) => ({ key: k, value: k })) });
    for (let p = 0; p < 4; p++) {
      for (const r of fake.records('t', p)) expect(partitionForKey(r.key!, 4)).toBe(p);
    }
    expect(metas.reduce((n, m) => n + m.recordCount, 0)).toBe(40);
    expect(new Set(metas.map((m) => m.partition)).size).toBe(4);
  });

  it('maps each record of a multi-partition send to its offset', async () => {
    const { fake, producer } = setup(3);
    await producer.send({ topic: 't', messages: [{ value: 'pre', partition: 2 }] });
    const metas = await producer.send({ topic: 't', messages: [
      { value: 'a', partition: 2 }, { value: 'b', partition: 0 }, { value: 'c', partition: 2 },
    ] });
    expect(metas).toEqual(expect.arrayContaining([
      expect.objectContaining({ partition: 2, baseOffset: 1, recordCount: 2 }),
      expect.objectContaining({ partition: 0, baseOffset: 0, recordCount: 1 }),
    ]));
    expect(fake.records('t', 2).map((r) => r.value!.toString())).toEqual(['pre', 'a', 'c']);
  });

  it('sends the keyless records of one request to one partition and moves on with the next request', async () => {
    const { fake, producer } = setup(4);
    const first = await producer.send({ topic: 't', messages: Array.from({ length: 10 }, () => ({ value: 'n' })) });
    const second = await producer.send({ topic: 't', messages: Array.from({ length: 10 }, () => ({ value: 'n' })) });
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(second[0]!.partition).toBe((first[0]!.partition + 1) % 4);
    expect(fake.produceRequests()).toHaveLength(2);
  });

  it('refreshes the partition count when an explicit partition is past it', async () => {
    const { fake, producer } = setup(2);
    await producer.send({ topic: 't', messages: [{ value: 'a' }] });
    fake.topics.get('t')!.partitions.push([], [], []);
    expect(await producer.send({ topic: 't', messages: [{ value: 'b', partition: 4 }] })).toEqual([expect.objectContaining({ partition: 4, baseOffset: 0 })]);
  });

  it('fails a send naming a partition that does not exist, after one refresh, without sending it', async () => {
    const { fake, producer } = setup(2);
    await expect(producer.send({ topic: 't', messages: [{ value: 'b', partition: 7 }] })).rejects.toMatchObject({ code: 'UNKNOWN_PARTITION' });
    expect(fake.produceRequests()).toHaveLength(0);
    expect(fake.requests.filter((r) => r.url.pathname === '/v1/topics/t')).toHaveLength(2);
  });

  it('fails with UNKNOWN_TOPIC for a topic that does not exist', async () => {
    const { producer } = setup(1);
    await expect(producer.send({ topic: 'nope', messages: [{ value: 'x' }] })).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC', status: 404 });
  });
});

describe('producer retries', () => {
  it('retries an error the service returned before writing (THROTTLED, CONCURRENT_APPEND)', async () => {
    const { fake, producer } = setup(1);
    fake.inject.produce.push(
      { status: 429, body: { error: { code: 'THROTTLED', message: 'slow', retriable: true } } },
      { status: 503, body: { error: { code: 'CONCURRENT_APPEND', message: 'busy', retriable: true } } },
    );
    expect(await producer.send({ topic: 't', messages: [{ value: 'x' }] })).toEqual([expect.objectContaining({ baseOffset: 0 })]);
    expect(fake.produceRequests()).toHaveLength(3);
    expect(fake.records('t', 0)).toHaveLength(1);
  });

  it('does not resend after STORAGE_UNAVAILABLE (the commit may have landed) unless the service says nothing was written', async () => {
    const unknown = setup(1, { idempotent: false });
    unknown.fake.inject.produce.push({ status: 503, body: { error: { code: 'STORAGE_UNAVAILABLE', message: 'ddb timeout', retriable: true } } });
    await expect(unknown.producer.send({ topic: 't', messages: [{ value: 'x' }] })).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', noSideEffects: false });
    expect(unknown.fake.produceRequests()).toHaveLength(1);

    const refused = setup(1, { idempotent: false });
    refused.fake.inject.produce.push({ status: 503, body: { error: { code: 'STORAGE_UNAVAILABLE', message: 's3 down', retriable: true, noSideEffects: true } } });
    await expect(refused.producer.send({ topic: 't', messages: [{ value: 'x' }] })).resolves.toHaveLength(1);
    expect(refused.fake.produceRequests()).toHaveLength(2);
  });

  it('after a partial commit keeps the committed partitions and resends only the failed ones', async () => {
    const { fake, producer } = setup(2);
    fake.inject.produce.push({ status: 503, body: { error: {
      code: 'CONCURRENT_APPEND', message: 'partition 1 contended', retriable: true,
      committed: [{ partition: 0, baseOffset: 40, recordCount: 2, logAppendTime: 123 }],
      failed: [{ partition: 1, code: 'CONCURRENT_APPEND', message: 'contended' }],
    } } });
    const [a, b] = await Promise.all([
      producer.send({ topic: 't', messages: [{ value: 'a1', partition: 0 }, { value: 'a2', partition: 0 }] }),
      producer.send({ topic: 't', messages: [{ value: 'b1', partition: 1 }] }),
    ]);
    expect(a).toEqual([expect.objectContaining({ partition: 0, baseOffset: 40, recordCount: 2, logAppendTime: 123 })]);
    expect(b).toEqual([expect.objectContaining({ partition: 1, baseOffset: 0, recordCount: 1 })]);
    const [first, second] = fake.produceRequests();
    expect(decodeFrames(first!.body).map((f) => f.partition)).toEqual([0, 1]);
    expect(decodeFrames(second!.body).map((f) => f.partition)).toEqual([1]);
    expect(fake.records('t', 1).map((r) => r.value!.toString())).toEqual(['b1']);
  });

  it('after a partial commit with an unknown outcome resolves the committed sends and fails the rest', async () => {
    const { fake, producer } = setup(2, { idempotent: false });
    fake.inject.produce.push({ status: 503, body: { error: {
      code: 'STORAGE_UNAVAILABLE', message: 'ddb timeout', retriable: true,
      committed: [{ partition: 0, baseOffset: 0, recordCount: 1, logAppendTime: 1 }],
      failed: [{ partition: 1, code: 'STORAGE_UNAVAILABLE', message: 'ddb timeout' }],
    } } });
    const [a, b] = await Promise.allSettled([
      producer.send({ topic: 't', messages: [{ value: 'a', partition: 0 }] }),
      producer.send({ topic: 't', messages: [{ value: 'b', partition: 1 }] }),
    ]);
    expect(a).toMatchObject({ status: 'fulfilled', value: [expect.objectContaining({ partition: 0, baseOffset: 0 })] });
    expect(b).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: 'STORAGE_UNAVAILABLE' }) });
    expect(fake.produceRequests()).toHaveLength(1);
  });

  it('retries a connection refused before sending', async () => {
    const { fake, producer } = setup(1);
    fake.inject.produce.push({ throw: netError('ECONNREFUSED') });
    await expect(producer.send({ topic: 't', messages: [{ value: 'x' }] })).resolves.toHaveLength(1);
  });

  it('does not resend after an error of unknown outcome unless retryUnsafe is set', async () => {
    const safe = setup(1, { idempotent: false });
    safe.fake.inject.produce.push({ throw: netError('ECONNRESET') });
    await expect(safe.producer.send({ topic: 't', messages: [{ value: 'x' }] })).rejects.toMatchObject({ code: 'NETWORK_ERROR', noSideEffects: false });
    expect(safe.fake.produceRequests()).toHaveLength(1);

    const gateway = setup(1, { idempotent: false });
    gateway.fake.inject.produce.push({ status: 504, body: { message: 'Endpoint request timed out' } });
    await expect(gateway.producer.send({ topic: 't', messages: [{ value: 'x' }] })).rejects.toMatchObject({ code: 'HTTP_504' });

    const unsafe = setup(1, { idempotent: false, retryUnsafe: true });
    unsafe.fake.inject.produce.push({ throw: netError('ECONNRESET') });
    await expect(unsafe.producer.send({ topic: 't', messages: [{ value: 'x' }] })).resolves.toHaveLength(1);
    expect(unsafe.fake.produceRequests()).toHaveLength(2);
  });

  it('gives up after the retry budget and rejects every send of the request', async () => {
    const { fake, producer } = setup(1, { idempotent: false });
    fake.respond = (req) => (req.method === 'POST' ? { status: 503, body: { error: { code: 'CONCURRENT_APPEND', message: 'busy', retriable: true } } } : undefined);
    const sends = [producer.send({ topic: 't', messages: [{ value: 'a' }] }), producer.send({ topic: 't', messages: [{ value: 'b' }] })];
    for (const s of sends) await expect(s).rejects.toBeInstanceOf(SluiceApiError);
    expect(fake.produceRequests()).toHaveLength(4);
  });

  it('fails only the send whose records the service refused, when sends shared a request', async () => {
    const { fake, producer } = setup(1, { mode: 'json' });
    const bad = Buffer.from('bad').toString('base64');
    fake.respond = (req) => (req.method === 'POST' && req.body.toString().includes(bad)
      ? { status: 413, body: { error: { code: 'RECORD_TOO_LARGE', message: 'too big', retriable: false } } } : undefined);
    const [ok1, badSend, ok2] = await Promise.allSettled([
      producer.send({ topic: 't', messages: [{ value: 'good1' }] }),
      producer.send({ topic: 't', messages: [{ value: 'bad' }] }),
      producer.send({ topic: 't', messages: [{ value: 'good2' }] }),
    ]);
    expect(ok1).toMatchObject({ status: 'fulfilled', value: [expect.objectContaining({ baseOffset: 0 })] });
    expect(badSend).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: 'RECORD_TOO_LARGE' }) });
    expect(ok2).toMatchObject({ status: 'fulfilled', value: [expect.objectContaining({ baseOffset: 1 })] });
    expect(fake.records('t', 0).map((r) => r.value!.toString())).toEqual(['good1', 'good2']);
  });

  it('is idempotent by default: numbers batches per partition and resends the same bytes after an unknown outcome', async () => {
    const { fake, producer } = setup(1);
    fake.inject.produce.push({ status: 503, body: { error: { code: 'STORAGE_UNAVAILABLE', message: 'ddb timeout', retriable: true } } });
    const [meta] = await producer.send({ topic: 't', messages: [{ value: 'a' }, { value: 'b' }] });
    expect(meta).toMatchObject({ partition: 0, recordCount: 2 });
    const [failed, resent] = fake.produceRequests();
    expect(resent!.body.equals(failed!.body)).toBe(true);
    await producer.send({ topic: 't', messages: [{ value: 'c' }] });
    const headers = fake.produceRequests().map((r) => decodeFrames(r.body).map((f) => readBatchHeader(f.batches)));
    expect(headers.map((h) => h[0]!.baseSequence)).toEqual([0, 0, 2]);
    expect(new Set(headers.map((h) => h[0]!.producerId)).size).toBe(1);
    expect(headers[0]![0]!.producerId).toBeGreaterThanOrEqual(0);
  });

  it('retries getting its producer id while the service cannot be reached, as it retries sends', async () => {
    const { fake, producer } = setup(1);
    let refused = 0;
    fake.respond = (req) => (req.url.pathname === '/v1/producers' && refused++ < 2 ? { throw: netError('ECONNREFUSED') } : undefined);
    await expect(producer.send({ topic: 't', messages: [{ value: 'x' }] })).resolves.toHaveLength(1);
    expect(refused).toBe(3);
  });

  it('starts over with a new producer id after a failure whose outcome stays unknown', async () => {
    const { fake, producer } = setup(1, { retry: { retries: 0 } });
    fake.inject.produce.push({ status: 503, body: { error: { code: 'STORAGE_UNAVAILABLE', message: 'ddb timeout', retriable: true } } });
    await expect(producer.send({ topic: 't', messages: [{ value: 'a' }] })).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await producer.send({ topic: 't', messages: [{ value: 'b' }] });
    const [first, second] = fake.produceRequests().map((r) => readBatchHeader(decodeFrames(r.body)[0]!.batches));
    expect(second!.producerId).not.toBe(first!.producerId);
    expect(second!.baseSequence).toBe(0);
  });
});
