// The partition reader's iterator against the local stack, paced by default: it fetches with
// maxWaitMs 0, sleeps pollIntervalMs when caught up, loses nothing produced meanwhile, and ends as
// soon as it is closed.
import { describe, expect, it } from 'vitest';
import { createClient, DEFAULT_POLL_INTERVAL_MS, type ConsumedRecord } from '../../sdk/index.ts';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';
import { waitFor } from './groups-support.ts';

/** A client that records the maxWaitMs of every partition read (GET .../records) it sends. */
function countingClient() {
  const reads: Array<{ at: number; maxWaitMs: string | null }> = [];
  const client = createClient({
    endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion(),
    fetch: (input, init) => {
      const url = new URL(String(input));
      if ((init?.method ?? 'GET') === 'GET' && url.pathname.endsWith('/records')) reads.push({ at: performance.now(), maxWaitMs: url.searchParams.get('maxWaitMs') });
      return fetch(input, init);
    },
  });
  return { client, reads };
}

describe('Partition reader pacing', () => {
  it('by default fetches without a server-side wait, sleeps when caught up, delivers every record produced meanwhile in order, and ends promptly when closed', { timeout: 30_000 }, async () => {
    const { client, reads } = countingClient();
    const topic = uniqueName('rpace');
    await client.admin().createTopic({ topic, numPartitions: 1 });
    const producer = client.producer();
    await producer.send({ topic, messages: [{ value: 'before' }] });

    const reader = client.reader({ topic, partition: 0, from: 'latest' });
    const got: ConsumedRecord[] = [];
    let endedAt = 0;
    const following = (async () => {
      for await (const r of reader) got.push(r);
      endedAt = performance.now();
    })();
    await waitFor('the first read', () => reads.length > 0);
    const started = performance.now();
    // Three sends spread over the reader's sleeps.
    for (let s = 0; s < 3; s++) {
      await new Promise((r) => setTimeout(r, 300));
      await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `v${s * 5 + i}` })) });
    }
    await waitFor('15 records', () => got.length >= 15, 10_000);
    const elapsed = performance.now() - started;
    expect(got.map((r) => `${r.offset}:${r.value!.toString()}`)).toEqual(Array.from({ length: 15 }, (_, n) => `${n + 1}:v${n}`));
    expect(reads.every((r) => r.maxWaitMs === '0')).toBe(true);
    // About one read per interval (plus the first, and one per batch that arrived mid-sleep at most).
    expect(reads.length).toBeLessThanOrEqual(Math.floor(elapsed / DEFAULT_POLL_INTERVAL_MS) + 2);

    // Caught up again, so sleeping: close ends the iterator without waiting out the interval.
    await new Promise((r) => setTimeout(r, 100));
    const before = reads.length;
    const closedAt = performance.now();
    reader.close();
    await following;
    expect(endedAt - closedAt).toBeLessThan(200);
    expect(reads.length).toBe(before);
    await producer.disconnect();
  });

  it('long-polls when maxWaitMs is given', { timeout: 30_000 }, async () => {
    const { client, reads } = countingClient();
    const topic = uniqueName('rpace');
    await client.admin().createTopic({ topic, numPartitions: 1 });
    const abort = new AbortController();
    const reader = client.reader({ topic, partition: 0, maxWaitMs: 300, signal: abort.signal });
    setTimeout(() => abort.abort(), 1_000);
    for await (const _ of reader) throw new Error('no records expected');
    // Back-to-back fetches that each wait in the service; none paced.
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.every((r) => r.maxWaitMs === '300')).toBe(true);
  });
});
