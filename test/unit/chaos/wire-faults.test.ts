import { describe, expect, it } from 'vitest';
import { createRng } from '../../../chaos/rng.ts';
import { faultyFetch } from '../../../chaos/wire-faults.ts';

const PRODUCE = 'http://sluice.test/v1/topics/t/records';

function harness(plan: Record<string, number>) {
  const delivered: string[] = [];
  const faults: string[] = [];
  const background: Promise<unknown>[] = [];
  let enabled = true;
  const f = faultyFetch({
    plan,
    rng: createRng(1),
    onFault: (kind) => faults.push(kind),
    track: (w) => void background.push(w),
    enabled: () => enabled,
    fetch: async (url, init) => {
      delivered.push(`${init.method} ${new URL(url).pathname}`);
      return new Response('{"ok":true}', { status: 200 });
    },
  });
  return { f, delivered, faults, background, disable: () => (enabled = false) };
}

describe('wire faults for the SDK', () => {
  it('loses the response of a produce that was delivered', async () => {
    const h = harness({ 'lost-response': 1 });
    await expect(h.f(PRODUCE, { method: 'POST' })).rejects.toThrow(/fetch failed/);
    expect(h.delivered).toEqual(['POST /v1/topics/t/records']);
    expect(h.faults).toEqual(['lost-response']);
  });

  it('delivers a produce twice and answers once', async () => {
    const h = harness({ 'duplicate-delivery': 1 });
    expect((await h.f(PRODUCE, { method: 'POST' })).status).toBe(200);
    await Promise.all(h.background);
    expect(h.delivered).toEqual(['POST /v1/topics/t/records', 'POST /v1/topics/t/records']);
  });

  it('answers 429 without delivering, as a throttled Function URL does', async () => {
    const h = harness({ 'lambda-throttle': 1 });
    expect((await h.f(PRODUCE, { method: 'POST' })).status).toBe(429);
    expect(h.delivered).toEqual([]);
  });

  it('loses and throttles a group member\'s heartbeats, commits and leaves, but never delivers them twice', async () => {
    const h = harness({ 'lost-response': 1, 'duplicate-delivery': 1 });
    for (const [url, method] of [
      ['http://sluice.test/v1/groups/g/heartbeat', 'POST'],
      ['http://sluice.test/v1/groups/g/offsets', 'POST'],
      ['http://sluice.test/v1/groups/g/members/m1', 'DELETE'],
    ] as const) {
      await expect(h.f(url, { method })).rejects.toThrow(/fetch failed/);
    }
    await Promise.all(h.background);
    expect(h.delivered).toEqual(['POST /v1/groups/g/heartbeat', 'POST /v1/groups/g/offsets', 'DELETE /v1/groups/g/members/m1']);
    expect(h.faults).toEqual(['lost-response', 'lost-response', 'lost-response']);
    const t = harness({ 'lambda-throttle': 1 });
    expect((await t.f('http://sluice.test/v1/groups/g/heartbeat', { method: 'POST' })).status).toBe(429);
    // Reading committed offsets has no side effects: left alone.
    expect((await t.f('http://sluice.test/v1/groups/g/offsets?topic=t', { method: 'GET' })).status).toBe(200);
  });

  it('leaves reads, admin calls and a disabled run alone', async () => {
    const h = harness({ 'lost-response': 1, 'lambda-throttle': 1 });
    expect((await h.f('http://sluice.test/v1/topics/t/partitions/0/records?offset=0', { method: 'GET' })).status).toBe(200);
    expect((await h.f('http://sluice.test/v1/topics', { method: 'POST' })).status).toBe(200);
    h.disable();
    expect((await h.f(PRODUCE, { method: 'POST' })).status).toBe(200);
    expect(h.faults).toEqual([]);
  });
});
