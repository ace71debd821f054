import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { SluiceApiError } from '../../../sdk/errors.ts';
import { createRetry, DEFAULT_RETRY, nextRetryTime } from '../../../sdk/retry.ts';

const retriable = () => new SluiceApiError({ code: 'THROTTLED', message: 'slow down', status: 429, retriable: true, noSideEffects: true });
const fatal = () => new SluiceApiError({ code: 'UNKNOWN_TOPIC', message: 'no such topic', status: 404, retriable: false, noSideEffects: true });

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('createRetry', () => {
  it('stops at once on a non-retriable error', async () => {
    const { waits, sleep } = recorder();
    const fn = vi.fn(async () => { throw fatal(); });
    await expect(createRetry({}, { sleep })(fn)).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  it('does not retry errors that are not SluiceApiErrors, since they are bugs', async () => {
    const fn = vi.fn(async () => { throw new TypeError('bug'); });
    await expect(createRetry({}, { sleep: async () => {} })(fn)).rejects.toThrow('bug');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('retries retriable errors until the call succeeds, passing the retry count', async () => {
    const { waits, sleep } = recorder();
    const seen: number[] = [];
    const result = await createRetry({}, { sleep })(async ({ retryCount }) => {
      seen.push(retryCount);
      if (retryCount < 2) throw retriable();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(seen).toEqual([0, 1, 2]);
    expect(waits).toHaveLength(2);
  });

  it('gives up after the configured number of retries and throws the last error', async () => {
    const { waits, sleep } = recorder();
    let n = 0;
    const fn = async () => {
      n++;
      throw new SluiceApiError({ code: 'STORAGE_UNAVAILABLE', message: `attempt ${n}`, status: 503, retriable: true, noSideEffects: true });
    };
    await expect(createRetry({ retries: 3 }, { sleep })(fn)).rejects.toThrow('attempt 4');
    expect(n).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it('narrows retries with shouldRetry', async () => {
    const fn = vi.fn(async () => { throw retriable(); });
    await expect(createRetry({}, { sleep: async () => {}, shouldRetry: () => false })(fn)).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('backs off exponentially with the smallest and largest jitter', async () => {
    const low = recorder();
    await expect(createRetry({ retries: 4, initialRetryTime: 100, factor: 0.2, multiplier: 2 }, { sleep: low.sleep, random: () => 0 })(
      async () => { throw retriable(); })).rejects.toBeDefined();
    // 100·0.8 = 80; then ceil(80·0.8)·2 = 128; ceil(128·0.8)·2 = 206; ceil(206·0.8)·2 = 330
    expect(low.waits).toEqual([80, 128, 206, 330]);

    const high = recorder();
    await expect(createRetry({ retries: 3, initialRetryTime: 100, factor: 0.2, multiplier: 2 }, { sleep: high.sleep, random: () => 0.999999 })(
      async () => { throw retriable(); })).rejects.toBeDefined();
    expect(high.waits).toEqual([120, 288, 692]);
  });

  it('never waits longer than maxRetryTime', async () => {
    const { waits, sleep } = recorder();
    await expect(createRetry({ retries: 10, initialRetryTime: 1000, maxRetryTime: 3000 }, { sleep, random: () => 0.5 })(
      async () => { throw retriable(); })).rejects.toBeDefined();
    expect(Math.max(...waits)).toBe(3000);
    expect(waits.slice(-3)).toEqual([3000, 3000, 3000]);
  });

  it('keeps every wait within the jitter bounds of the previous one', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 0.9, noNaN: true }), fc.double({ min: 1, max: 4, noNaN: true }),
      fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 1, maxLength: 8 }),
      (initialRetryTime, factor, multiplier, draws) => {
        const policy = { ...DEFAULT_RETRY, initialRetryTime, factor, multiplier, maxRetryTime: 1e9 };
        let prev: number | undefined;
        for (const r of draws) {
          const wait = nextRetryTime(policy, prev, () => r);
          const base = prev ?? initialRetryTime;
          const m = prev === undefined ? 1 : multiplier;
          expect(wait).toBeGreaterThanOrEqual(Math.floor(base * (1 - factor)) * m - 1e-6);
          expect(wait).toBeLessThanOrEqual(Math.ceil(base * (1 + factor)) * m + 1e-6);
          prev = wait;
        }
      }));
  });

  it('stops waiting when its signal aborts', async () => {
    const abort = new AbortController();
    const run = createRetry({ initialRetryTime: 60_000 }, { signal: abort.signal })(async () => { throw retriable(); });
    setTimeout(() => abort.abort(), 5);
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
