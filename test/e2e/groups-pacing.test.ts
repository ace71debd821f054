// The SDK Consumer's client-side pacing (`pollIntervalMs`) against the local stack: a caught-up
// consumer asks the service not to wait, sleeps between fetches, and still gets every record.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../sdk/index.ts';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';
import { FAST_GROUP, produce, topicWith, waitFor } from './groups-support.ts';

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
    const consumer = client.consumer({ groupId: uniqueName('pace'), ...FAST_GROUP, pollIntervalMs: 400 });
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
});
