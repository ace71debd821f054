import { describe, expect, it } from 'vitest';
import { localEndpoint, uniqueName } from '../../support/env.ts';
import { signedFetch } from '../../support/signed-fetch.ts';

const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });

// The real functions/ handlers behind the local server, on the emulators: one request per function.
describe('the local server serves the real handlers', () => {
  it('admin: GET /v1/endpoints names the one local URL for every function', async () => {
    const res = await signedFetch('/v1/endpoints');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    for (const fn of ['admin', 'produce', 'fetch']) expect(body[fn]).toMatch(/^http:\/\/(127\.0\.0\.1|localhost)/);
    expect(localEndpoint()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('admin, produce and fetch: a topic takes a record and gives it back', async () => {
    const topic = uniqueName('local');
    const created = await signedFetch('/v1/topics', { method: 'POST', ...json({ name: topic, partitions: 2 }) });
    expect(created.status).toBe(201);
    const produced = await signedFetch(`/v1/topics/${topic}/records`, {
      method: 'POST',
      ...json({ records: [{ key: 'k', value: 'hello, local', partition: 1 }] }),
    });
    expect(produced.status).toBe(200);
    expect(await produced.json()).toMatchObject({ topic, partitions: [{ partition: 1, baseOffset: 0, recordCount: 1 }] });
    const fetched = await signedFetch(`/v1/topics/${topic}/partitions/1/records`, { query: { offset: '0', encoding: 'utf8' } });
    expect(fetched.status).toBe(200);
    const body = (await fetched.json()) as { records: Array<{ offset: number; key: string; value: string }> };
    expect(body.records).toMatchObject([{ offset: 0, key: 'k', value: 'hello, local' }]);
  });
});
