import { describe, expect, it } from 'vitest';
import { consumerFetchWait } from '../../../sdk/consumer-loop.ts';
import { DEFAULT_POLL_INTERVAL_MS, fetchWait } from '../../../sdk/pacing.ts';

describe('fetchWait: paced or long-poll', () => {
  it('paces every second by default, fetching without a server-side wait', () => {
    expect(DEFAULT_POLL_INTERVAL_MS).toBe(1_000);
    expect(fetchWait({}, 20_000)).toEqual({ mode: 'paced', pollIntervalMs: 1_000, maxWaitMs: 0 });
  });

  it('long-polls when only maxWaitMs is set', () => {
    expect(fetchWait({ maxWaitMs: 200 }, 20_000)).toEqual({ mode: 'long-poll', maxWaitMs: 200 });
    expect(fetchWait({ maxWaitMs: 0 }, 20_000)).toEqual({ mode: 'long-poll', maxWaitMs: 0 });
  });

  it('paces when pollIntervalMs is above 0, even with maxWaitMs set', () => {
    expect(fetchWait({ pollIntervalMs: 250 }, 20_000)).toEqual({ mode: 'paced', pollIntervalMs: 250, maxWaitMs: 0 });
    expect(fetchWait({ pollIntervalMs: 400, maxWaitMs: 200 }, 20_000)).toEqual({ mode: 'paced', pollIntervalMs: 400, maxWaitMs: 0 });
  });

  it('long-polls with pollIntervalMs 0, with maxWaitMs or else the caller\'s default', () => {
    expect(fetchWait({ pollIntervalMs: 0 }, 20_000)).toEqual({ mode: 'long-poll', maxWaitMs: 20_000 });
    expect(fetchWait({ pollIntervalMs: 0, maxWaitMs: 500 }, 20_000)).toEqual({ mode: 'long-poll', maxWaitMs: 500 });
  });

  it('treats an option given as undefined as unset', () => {
    expect(fetchWait({ pollIntervalMs: undefined, maxWaitMs: undefined }, 1_000)).toEqual({ mode: 'paced', pollIntervalMs: 1_000, maxWaitMs: 0 });
  });

  it('refuses a pollIntervalMs that is not a duration', () => {
    for (const bad of [-1, Number.NaN, Infinity]) expect(() => fetchWait({ pollIntervalMs: bad }, 1_000)).toThrow(TypeError);
  });

  it('maps the group consumer\'s maxWaitTimeInMs, long-polling 1 s by default when asked to long-poll', () => {
    expect(consumerFetchWait({})).toEqual({ mode: 'paced', pollIntervalMs: 1_000, maxWaitMs: 0 });
    expect(consumerFetchWait({ maxWaitTimeInMs: 200 })).toEqual({ mode: 'long-poll', maxWaitMs: 200 });
    expect(consumerFetchWait({ pollIntervalMs: 0 })).toEqual({ mode: 'long-poll', maxWaitMs: 1_000 });
  });
});
