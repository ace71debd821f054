import { describe, expect, it } from 'vitest';
import { OffsetOutOfRangeError } from '../../../sdk/index.ts';
import { fakeClient } from './helpers.ts';

async function seeded(batches: string[][]) {
  const { fake, client } = fakeClient();
  fake.createTopic('t', 2);
  const producer = client.producer();
  for (const values of batches) await producer.send({ topic: 't', messages: values.map((value) => ({ value, partition: 1 })) });
  return { fake, client, producer };
}

describe('partition reader', () => {
  it('fetches binary batches and drops the records below the requested offset', async () => {
    const { fake, client } = await seeded([['a', 'b', 'c', 'd', 'e'], ['f', 'g']]);
    const reader = client.reader({ topic: 't', partition: 1, fromOffset: 3 });
    const result = await reader.fetch();
    expect(result.records.map((r) => [r.offset, r.value!.toString()])).toEqual([[3, 'd'], [4, 'e'], [5, 'f'], [6, 'g']]);
    expect(result).toMatchObject({ highWatermark: 7, logStartOffset: 0, nextOffset: 7 });
    expect(reader.nextOffset).toBe(7);
    const last = fake.requests.at(-1)!;
    expect(last.headers.get('accept')).toBe('application/vnd.sluice.batches');
    expect(last.url.searchParams.get('offset')).toBe('3');
    expect((await reader.fetch()).records).toEqual([]);
  });

  it('advances by nextOffset across fetches limited by maxBytes', async () => {
    const { client } = await seeded([['a'], ['b'], ['c']]);
    const reader = client.reader({ topic: 't', partition: 1 });
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) seen.push(...(await reader.fetch({ maxBytes: 1 })).records.map((r) => r.value!.toString()));
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('starts at the log start for earliest and at the high watermark for latest', async () => {
    const { client } = await seeded([['a', 'b']]);
    expect((await client.reader({ topic: 't', partition: 1, from: 'earliest' }).fetch()).records).toHaveLength(2);
    const latest = client.reader({ topic: 't', partition: 1, from: 'latest' });
    expect((await latest.fetch()).records).toHaveLength(0);
    expect(latest.nextOffset).toBe(2);
  });

  it('throws OffsetOutOfRangeError carrying the log start and the high watermark', async () => {
    const { client } = await seeded([['a', 'b']]);
    const err = await client.reader({ topic: 't', partition: 1, fromOffset: 50 }).fetch().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OffsetOutOfRangeError);
    expect(err).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', logStartOffset: 0, highWatermark: 2 });
  });

  it('follows the tail: the iterator yields records produced after it started, and close() ends it', async () => {
    const { client, producer } = await seeded([['old']]);
    const reader = client.reader({ topic: 't', partition: 1, from: 'latest', maxWaitMs: 200 });
    const got: string[] = [];
    const done = (async () => {
      for await (const r of reader) {
        got.push(r.value!.toString());
        if (got.length === 3) reader.close();
      }
    })();
    await new Promise((r) => setTimeout(r, 30));
    await producer.send({ topic: 't', messages: [{ value: 'n1', partition: 1 }] });
    await producer.send({ topic: 't', messages: [{ value: 'n2', partition: 1 }, { value: 'n3', partition: 1 }, { value: 'n4', partition: 1 }] });
    await done;
    expect(got).toEqual(['n1', 'n2', 'n3']);
  });

  it('stops a waiting iterator when its AbortSignal fires', async () => {
    const { client } = await seeded([]);
    const abort = new AbortController();
    const reader = client.reader({ topic: 't', partition: 1, maxWaitMs: 10_000, signal: abort.signal });
    const started = Date.now();
    setTimeout(() => abort.abort(), 30);
    for await (const _ of reader) throw new Error('no record expected');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('with pollIntervalMs, asks for no wait and sleeps that long between fetches once caught up', async () => {
    const { fake, client, producer } = await seeded([['old']]);
    const reader = client.reader({ topic: 't', partition: 1, from: 'latest', pollIntervalMs: 100 });
    const reads = () => fake.requests.filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/records'));
    const got: string[] = [];
    const done = (async () => {
      for await (const r of reader) {
        got.push(r.value!.toString());
        if (got.length === 2) reader.close();
      }
    })();
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 450));
    // At most one fetch per interval, plus the one at the start.
    expect(reads().length).toBeGreaterThan(1);
    expect(reads().length).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 100) + 1);
    await producer.send({ topic: 't', messages: [{ value: 'n1', partition: 1 }, { value: 'n2', partition: 1 }] });
    await done;
    expect(got).toEqual(['n1', 'n2']);
    expect(reads().every((r) => r.url.searchParams.get('maxWaitMs') === '0')).toBe(true);
  });

  it('ends a default (paced) iterator at once when closed during its sleep', async () => {
    const { fake, client } = await seeded([['old']]);
    const reader = client.reader({ topic: 't', partition: 1, from: 'latest' });
    const reads = () => fake.requests.filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/records'));
    const done = (async () => {
      for await (const _ of reader) throw new Error('no record expected');
    })();
    while (reads().length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50)); // now in the 1 s sleep
    const closedAt = Date.now();
    reader.close();
    await done;
    expect(Date.now() - closedAt).toBeLessThan(100);
    expect(reads()).toHaveLength(1);
    expect(reads()[0]!.url.searchParams.get('maxWaitMs')).toBe('0');
  });
});
