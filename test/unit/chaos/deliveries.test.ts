import { describe, expect, it } from 'vitest';
import { noteDeliveries, tracked } from '../../../chaos/deliveries.ts';

const refused = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
const reset = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }));
const status = (code: number, body: unknown) => async () => Response.json(body, { status: code });

/** A call that makes the given requests in turn, as the SDK's retries do, and fails if the last one does. */
function call(...answers: Array<() => Promise<Response>>) {
  let i = 0;
  const fetch = noteDeliveries(() => answers[i++]!());
  return tracked(async () => {
    let last: unknown;
    for (let n = 0; n < answers.length; n++) {
      try {
        const res = await fetch('http://x.test/v1/groups/g/heartbeat', { method: 'POST' });
        if (res.ok) return res.status;
        last = new Error(`HTTP ${res.status}`);
      } catch (e) {
        last = e;
      }
    }
    throw last;
  });
}

describe('telling whether a call reached the service', () => {
  it('says no when every attempt was refused before sending or turned away by the front door', async () => {
    const r = await call(refused, status(429, { Reason: 'ConcurrentInvocationLimitExceeded' }), refused);
    expect(r).toMatchObject({ ok: false, delivered: false });
  });

  it('says yes once any attempt got through, even if later ones were refused', async () => {
    expect(await call(status(503, { error: { code: 'STORAGE_UNAVAILABLE' } }), refused)).toMatchObject({ ok: false, delivered: true });
    expect(await call(reset, refused)).toMatchObject({ ok: false, delivered: true });
    expect(await call(status(429, { error: { code: 'THROTTLED' } }), refused)).toMatchObject({ ok: false, delivered: true });
    expect(await call(refused, status(200, {}))).toMatchObject({ ok: true, value: 200, delivered: true });
  });

  it('keeps concurrent calls apart', async () => {
    const [a, b] = await Promise.all([call(refused), call(status(200, {}))]);
    expect(a.delivered).toBe(false);
    expect(b.delivered).toBe(true);
  });
});
