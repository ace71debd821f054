import { describe, expect, it } from 'vitest';
import { KiB, MiB, REFERENCE_WORKLOAD } from '../../../bench/cost-basics.ts';
import { simulateWait, type WaitInputs } from '../../../bench/cost-consumer-wait.ts';
import { DEFAULT_PARAMS, FULL_BUDGET_CONSUMERS, LONG_POLL_CONSUMERS, NO_MAINTENANCE, fetchProfile, sluiceCost, type SluiceParams } from '../../../bench/cost-model.ts';
import { minBatching } from '../../../bench/cost-sensitivity.ts';
import { LONG_POLL_CADENCE } from '../../../shared/log/fetch.ts';

const w = REFERENCE_WORKLOAD;

/** One consumer of 10 partitions, keyed 1 MiB requests: 10 entries of ~106 KB each. */
const base: WaitInputs = {
  wait: { mode: 'long-poll', maxWaitMs: 1000 },
  arrivals: 'periodic',
  intervalMs: 1000,
  partitions: 10,
  entriesPerRequest: 10,
  entryBytes: 106_000,
  fetchBytes: 4 * MiB,
  ddbRoundTripMs: 6,
  pollQueriesPerPartition: 2,
  clientGapMs: 20,
  fixedMs: 0.4,
  readMs: (bytes) => 20 + (bytes / MiB) * 10,
  queryRru: () => 0.5,
};
const sim = (change: Partial<WaitInputs>) => simulateWait({ ...base, ...change });
const perFetch = (o: ReturnType<typeof simulateWait>, x: number) => x / o.fetchesPerSec;
const paced = (intervalMs: number): Partial<SluiceParams> => ({ consumerWait: { mode: 'paced', intervalMs } });
const line = (c: ReturnType<typeof sluiceCost>, id: string) => c.lines.find((l) => l.id === id)!;

describe('a caught-up consumer that long-polls', () => {
  it('polls an idle topic on the engine cadence: rounds at 0, 50, 150, 350, 600, 850 and 1,000 ms, two Queries per partition each', () => {
    expect(LONG_POLL_CADENCE).toEqual({ firstDelayMs: 50, maxDelayMs: 250 });
    const o = sim({ intervalMs: Infinity, ddbRoundTripMs: 1 });
    expect(o.dataFetchesPerSec).toBe(0);
    expect(perFetch(o, o.pollQueriesPerSec)).toBeCloseTo(7 * 2 * 10, 6);
    // Every fetch runs to the deadline plus its last round: ~1,002 ms billed, then the gap.
    expect(perFetch(o, o.billedMsPerSec)).toBeGreaterThan(1000);
    expect(perFetch(o, o.billedMsPerSec)).toBeLessThan(1005);
    expect(o.fetchesPerSec).toBeCloseTo(1000 / (1002.4 + 20), 2);
  });

  it('waits nearly the whole interval to the next produce request, not half of it, and returns one request per fetch', () => {
    const o = sim({});
    expect(o.fetchesPerSec).toBeCloseTo(1, 2);
    expect(o.dataFetchesPerSec).toBeCloseTo(1, 2);
    expect(perFetch(o, o.entriesPerSec)).toBeCloseTo(10, 6);
    expect(perFetch(o, o.getsPerSec)).toBeCloseTo(1, 6); // one ranged GET for the request's whole object
    // The fetch is open ~98% of the time: everything but the gap before the next fetch.
    expect(o.billedMsPerSec).toBeGreaterThan(950);
    expect(o.pollMsPerSec).toBeGreaterThan(900);
  });

  it('bills more wait per fetch as produce requests are further apart, up to maxWaitMs', () => {
    const waits = [100, 250, 500, 1000].map((intervalMs) => {
      const o = sim({ intervalMs });
      return perFetch(o, o.pollMsPerSec);
    });
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]! + 100);
    for (const intervalMs of [2000, 4000]) {
      const o = sim({ intervalMs });
      expect(perFetch(o, o.billedMsPerSec)).toBeLessThanOrEqual(1000 + 12 + base.readMs(10 * 106_000) + 1);
      // Past maxWaitMs, fetches time out and start again: still open nearly all the time.
      expect(o.billedMsPerSec).toBeGreaterThan(950);
      expect(o.fetchesPerSec).toBeGreaterThan(1000 / intervalMs);
    }
  });

  it('re-reads the index more per fetch as produce requests are further apart', () => {
    const q = [250, 500, 1000].map((intervalMs) => {
      const o = sim({ intervalMs });
      return perFetch(o, o.pollQueriesPerSec);
    });
    expect(q[1]!).toBeGreaterThan(q[0]!);
    expect(q[2]!).toBeGreaterThan(q[1]!);
    // One Query per caught-up partition in later rounds halves those rounds' Queries.
    const lean = sim({ pollQueriesPerPartition: 1 });
    expect(perFetch(lean, lean.pollQueriesPerSec)).toBeLessThan(q[2]! * 0.65);
  });

  it('still keeps a fetch open nearly all the time when requests land at random', () => {
    const o = sim({ arrivals: 'random' });
    expect(o.billedMsPerSec).toBeGreaterThan(900);
    expect(o.dataFetchesPerSec).toBeLessThan(1);
    expect(o.fetchesPerSec).toBeGreaterThan(1);
  });

  it('with a server-side minBytes, still waits as long but fetches less often', () => {
    const o = sim({ intervalMs: 250, wait: { mode: 'long-poll', maxWaitMs: 1000, minBytes: 4 * 1_060_000 } });
    const plain = sim({ intervalMs: 250 });
    expect(o.fetchesPerSec).toBeLessThan(plain.fetchesPerSec / 2);
    expect(o.billedMsPerSec).toBeGreaterThan(900);
  });
});

describe('a paced consumer', () => {
  it('pays a Lambda request, two round trips and two Queries per partition for each empty fetch, and nothing while it sleeps', () => {
    const o = sim({ wait: { mode: 'paced', intervalMs: 250 } });
    const empty = o.fetchesPerSec - o.dataFetchesPerSec;
    expect(empty).toBeGreaterThan(2);
    expect(o.pollQueriesPerSec / empty).toBeCloseTo(20, 6);
    expect(o.pollMsPerSec / empty).toBeCloseTo(12 + base.fixedMs, 6);
    expect(o.billedMsPerSec).toBeLessThan(150);
  });

  it('delays delivery by about half its interval', () => {
    for (const intervalMs of [250, 1000]) {
      const o = sim({ wait: { mode: 'paced', intervalMs } });
      expect(o.deliveryMs).toBeGreaterThan(intervalMs / 2);
      expect(o.deliveryMs).toBeLessThan(intervalMs / 2 + 100);
    }
  });

  it('fetches again at once while its fetches fill the budget', () => {
    const o = sim({ wait: { mode: 'paced', intervalMs: 1000 }, intervalMs: 100, fetchBytes: MiB });
    // 10 requests of ~1 MB land per interval; a 1 MiB budget takes one, so the consumer keeps fetching.
    expect(o.dataFetchesPerSec).toBeGreaterThan(9);
  });
});

describe('the reference workload priced with consumer waiting', () => {
  const longPoll: Partial<SluiceParams> = LONG_POLL_CONSUMERS;

  it('uses the SDK consumer defaults: paced every 1 s, 4 MiB fetches, no waiting billed', () => {
    expect(DEFAULT_PARAMS.consumerWait).toEqual({ mode: 'paced', intervalMs: 1000 });
    expect(DEFAULT_PARAMS.fetchRequestBytes).toBe(4 * MiB);
    const f = fetchProfile(w, DEFAULT_PARAMS);
    expect(f.s3Gets).toBeGreaterThan(0.4);
    expect(f.waitMs).toBeLessThan(1e-6);
    expect(f.deliveryMs).toBeGreaterThan(400);
    expect(f.deliveryMs).toBeLessThan(800);
    expect(line(sluiceCost(w), 'lambda.fetch.wait').monthly).toBeLessThan(1);
  });

  it('long-polling consumers (the opt-in): one request per fetch, each billed nearly the whole second', () => {
    const f = fetchProfile(w, { ...DEFAULT_PARAMS, ...longPoll });
    expect(f.requestsPerSec).toBeCloseTo(3, 1);
    expect(f.dataShare).toBeCloseTo(1, 2);
    expect(f.s3Gets).toBeCloseTo(1, 2);
    expect(f.lambdaMs).toBeGreaterThan(900);
    expect(f.pollQueries).toBeGreaterThan(60);
  });

  it('prices the long-poll waiting: about one GB-s per second per consumer at 1,024 MB, half at 512 MB', () => {
    const c = sluiceCost(w, longPoll);
    const wait = line(c, 'lambda.fetch.wait');
    const month = 730 * 3600;
    expect(wait.quantity).toBeGreaterThan(0.9 * 3 * month);
    expect(wait.quantity).toBeLessThan(3 * month);
    expect(line(c, 'ddb.fetch.poll').monthly).toBeGreaterThan(20);
    const half = sluiceCost(w, { ...longPoll, fetchMemoryMb: 512 });
    expect(line(half, 'lambda.fetch.wait').quantity / wait.quantity).toBeCloseTo(0.5, 1);
    expect(half.monthly).toBeLessThan(c.monthly - 40);
    // The old assumption has no waiting at all, and costs far less.
    const old = sluiceCost(w, FULL_BUDGET_CONSUMERS);
    expect(line(old, 'lambda.fetch.wait').monthly).toBe(0);
    expect(old.monthly).toBeLessThan(c.monthly / 2);
  });

  it('costs more as paced consumers fetch more often, and less than long-polling', () => {
    const costs = [100, 250, 1000].map((p) => sluiceCost(w, paced(p)).monthly);
    expect(costs[0]!).toBeGreaterThan(costs[1]!);
    expect(costs[1]!).toBeGreaterThan(costs[2]!);
    expect(costs[2]!).toBeCloseTo(sluiceCost(w).monthly, 6);
    expect(costs[0]!).toBeLessThan(sluiceCost(w, longPoll).monthly);
  });

  it('reached $0.03/GiB at the reference rate with the SDK defaults from about 1 MiB requests without maintenance; with it, from under 2 MiB; never long-polling', () => {
    const need = minBatching(w, 0.03, NO_MAINTENANCE);
    expect(need.minRequestBytes).not.toBeNull();
    expect(need.minRequestBytes!).toBeGreaterThan(512 * KiB);
    expect(need.minRequestBytes!).toBeLessThanOrEqual(MiB);
    expect(sluiceCost(w, NO_MAINTENANCE).perGib).toBeLessThanOrEqual(0.03);
    // Maintenance deletes every index entry once: per produce request, as much again as its commits.
    const withMaintenance = minBatching(w, 0.03);
    expect(withMaintenance.minRequestBytes!).toBeGreaterThan(MiB);
    expect(withMaintenance.minRequestBytes!).toBeLessThanOrEqual(2 * MiB);
    expect(sluiceCost(w).perGib).toBeGreaterThan(0.03);
    expect(minBatching(w, 0.03, longPoll).minRequestBytes).toBeNull();
  });

  it('charges running consumers on an idle topic: their polling and heartbeats, but no polling when they are behind', () => {
    const c = sluiceCost(w, longPoll);
    const L = 0.0000133334;
    // Three fetch Lambdas open ~98% of the time at 1 GB.
    expect(c.idleConsumersMonthly).toBeGreaterThan(3 * 0.95 * 730 * 3600 * L);
    expect(sluiceCost(w).idleConsumersMonthly).toBeLessThan(c.idleConsumersMonthly / 5);
    expect(sluiceCost(w).idleConsumersMonthly).toBeGreaterThan(0);
    expect(sluiceCost(w, FULL_BUDGET_CONSUMERS).idleConsumersMonthly).toBe(0);
  });

  it('keeps per-partition consumers apart: one fetch per partition per group', () => {
    const f = fetchProfile(w, { ...DEFAULT_PARAMS, fetchMode: 'per-partition', fetchRequestBytes: MiB, produceRequestBytes: 256 * KiB });
    expect(f.consumers).toBe(30);
    expect(f.partitionsPerFetch).toBe(1);
  });
});
