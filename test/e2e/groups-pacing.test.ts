// The SDK Consumer's client-side pacing (`pollIntervalMs`, on by default) against the local stack: a
// caught-up consumer asks the service not to wait, sleeps between fetches, and still gets every
// record; one that sets maxWaitTimeInMs long-polls instead.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../sdk/index.ts';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';
import { FAST_GROUP, FAST_SESSIONS, produce, topicWith, waitFor } from './groups-support.ts';

/** A client that records the body of every POST /v1/fetch it sends. */
function countingClient() {
  const fetches: Array<{ at: number; maxWaitMs: number }> = [];
  const client = createClient({
    endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion(),
    fetch: (input, init) => {
      const url = String(input);
      if (new URL(url).pathname === '/v1/fetch' && init?.body instanceof Uint8Array) {
        const body = JSON.parse(Buffer.from(init.body).toString('utf8')) as { maxWaitMs: number };
        fetches.push({ at: performance.now(), maxWaitMs: body.maxWaitMs });
      }
      return fetch(input, init);
    },
  });
  return { client, fetches };
}

describe('Consumer pacing', () => {
  it('with pollIntervalMs, fetches without a server-side wait, sleeps while caught up, and delivers what arrives', { timeout: 60_000 }, async () => {
    const { client, fetches } = countingClient();
    const topic = await topicWith(client, 2, 5, 'pace');
    const consumer = client.consumer({ groupId: uniqueName('pace'), ...FAST_SESSIONS, pollIntervalMs: 400 });
    const seen: string[] = [];
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void seen.push(`${partition}:${message.value}`) });
    try {
      await waitFor('the first 10 records', () => seen.length >= 10);
      // Caught up: over a quiet spell the consumer fetches at most once per interval (+1 for the edge).
      const from = fetches.length;
      const started = performance.now();
      await new Promise((r) => setTimeout(r, 2_000));
      const quiet = fetches.slice(from);
      const elapsed = performance.now() - started;
      expect(quiet.length).toBeGreaterThan(0);
      expect(quiet.length).toBeLessThanOrEqual(Math.floor(elapsed / 400) + 1);
      await produce(client, topic, 2, 5, 3);
      await waitFor('the next 6 records', () => seen.length >= 16);
      expect(fetches.every((f) => f.maxWaitMs === 0)).toBe(true);
      expect(seen.filter((s) => s.startsWith('1:'))).toEqual(Array.from({ length: 8 }, (_, n) => `1:p1-${n}`));
    } finally {
      await consumer.stop();
    }
  });

  it('paces every second by default, where a consumer that sets maxWaitTimeInMs long-polls', { timeout: 60_000 }, async () => {
    const paced = countingClient();
    const longPoll = countingClient();
    const topic = await topicWith(paced.client, 2, 5, 'pace');
    const byDefault = paced.client.consumer({ groupId: uniqueName('pace'), ...FAST_SESSIONS });
    const polling = longPoll.client.consumer({ groupId: uniqueName('pace'), ...FAST_GROUP });
    const seen = { byDefault: [] as string[], polling: [] as string[] };
    for (const [consumer, into] of [[byDefault, seen.byDefault], [polling, seen.polling]] as const) {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ partition, message }) => void into.push(`${partition}:${message.value}`) });
    }
    try {
      await waitFor('the first 10 records, twice', () => seen.byDefault.length >= 10 && seen.polling.length >= 10);
      // Both caught up on an idle topic: the default consumer fetches about once a second, the
      // long-polling one back to back, each fetch waiting up to 200 ms in the service.
      const from = { paced: paced.fetches.length, longPoll: longPoll.fetches.length };
      const started = performance.now();
      await new Promise((r) => setTimeout(r, 2_500));
      const elapsed = performance.now() - started;
      const quiet = { paced: paced.fetches.slice(from.paced), longPoll: longPoll.fetches.slice(from.longPoll) };
      expect(quiet.paced.length).toBeGreaterThan(0);
      expect(quiet.paced.length).toBeLessThanOrEqual(Math.floor(elapsed / 1_000) + 1);
      expect(quiet.longPoll.length).toBeGreaterThanOrEqual(5);
      expect(quiet.longPoll.every((f) => f.maxWaitMs === 200)).toBe(true);
      await produce(paced.client, topic, 2, 5, 3);
      await waitFor('the next 6 records', () => seen.byDefault.length >= 16);
      expect(paced.fetches.every((f) => f.maxWaitMs === 0)).toBe(true);
      expect(seen.byDefault.filter((s) => s.startsWith('0:'))).toEqual(Array.from({ length: 8 }, (_, n) => `0:p0-${n}`));
    } finally {
      await Promise.all([byDefault.stop(), polling.stop()]);
    }
  });
});
