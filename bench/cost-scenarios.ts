/**
 * The cost section of the report: the reference workload priced with this run's measurements, the
 * scenarios beside it (how consumers wait, levers, what changed), the sweeps, and the batching
 * each scenario needs for the goal. Pure: bench/run.ts passes in what it measured.
 */
import { KiB, MiB, REFERENCE_WORKLOAD, type CostResult } from './cost-basics.ts';
import { DEFAULT_PARAMS, FULL_BUDGET_CONSUMERS, LONG_POLL_CONSUMERS, NO_MAINTENANCE, PREVIOUS_FETCH_PATH, sluiceCost, type SluiceCost, type SluiceParams } from './cost-model.ts';
import { peerCosts, type PeerId } from './cost-peers.ts';
import { minBatching, sweepRecordSize, sweepRequestSize, type BatchingNeed, type SweepPoint } from './cost-sensitivity.ts';
import { PRICES_AS_OF } from './prices.ts';

export const GOAL = 0.03;

/** Model parameters taken from this run's measurements. */
export type Measured = Pick<SluiceParams, 'cpu' | 'getSpread'> & Partial<Pick<SluiceParams, 'maintenance'>>;

interface Scenario {
  id: string;
  label: string;
  params: Partial<SluiceParams>;
}

const paced = (intervalMs: number): Partial<SluiceParams> => ({ consumerWait: { mode: 'paced', intervalMs } });
const groups = (change: Partial<SluiceParams['groups']>): Partial<SluiceParams> => ({ groups: { ...DEFAULT_PARAMS.groups, ...change } });

function scenarios(m: Measured): Scenario[] {
  const s = (id: string, label: string, params: Partial<SluiceParams> = {}): Scenario => ({ id, label, params: { ...m, ...params } });
  const maintenance = m.maintenance ?? DEFAULT_PARAMS.maintenance;
  const maint = (change: Partial<SluiceParams['maintenance']>): Partial<SluiceParams> => ({ maintenance: { ...maintenance, ...change } });
  return [
    s('base', 'SDK defaults: consumers paced every 1 s (fetch with maxWaitMs 0, sleep while caught up), 4 MiB fetches (1 MiB per partition); binary produce in 1 MiB requests, one a second'),
    s('random', 'as base, produce requests from many producers at random times (Poisson arrivals)', { produceArrivals: 'random' }),
    s('fetch-1mib', 'as base, 1 MiB fetches (the SDK consumer\'s maxBytes before 4 MiB)', { fetchRequestBytes: MiB }),
    s('fetch-512mb', 'as base, the fetch function at 512 MB', { fetchMemoryMb: 512 }),
    s('paced-250ms', 'as base, paced every 250 ms', paced(250)),
    s('long-poll', 'consumers long-polling up to 1 s (`pollIntervalMs: 0`; the SDK default until 2026-11-21)', LONG_POLL_CONSUMERS),
    s('long-poll-512mb', 'long-poll, the fetch function at 512 MB', { ...LONG_POLL_CONSUMERS, fetchMemoryMb: 512 }),
    s('poll-2q', 'long-poll, rounds re-reading the latest entry too (the engine before 2026-11-21)', { ...LONG_POLL_CONSUMERS, pollQueriesPerPartition: 2 }),
    s('min-bytes', 'long-poll with a server-side minBytes of 4 MiB (Kafka\'s fetch.min.bytes; not built)', { consumerWait: { mode: 'long-poll', maxWaitMs: 1000, minBytes: 4 * MiB } }),
    s('json', 'as base, JSON produce', { produceMode: 'json' }),
    s('per-partition', 'as base, one fetch per partition per group (the SDK reader\'s iterator: paced every 1 s, 1 MiB)', { fetchMode: 'per-partition', fetchRequestBytes: MiB }),
    s('per-partition-long-poll', 'one long-poll per partition per group (the SDK reader\'s iterator with maxWaitMs 20 s, its default until 2026-11-21)', {
      fetchMode: 'per-partition',
      consumerWait: { mode: 'long-poll', maxWaitMs: 20_000 },
      fetchRequestBytes: MiB,
    }),
    s('unkeyed', 'as base, unkeyed records (sticky partitioner: one partition per request)', { keyed: false }),
    s('contended', 'as base, commits contended: 2 attempts per partition commit', { commitAttempts: 2 }),
    s('no-groups', 'as base, consumers without groups (they keep their own offsets)', groups({ enabled: false })),
    s('commit-30s', 'as base, offsets committed every 30 s instead of 5 s', groups({ commitIntervalMs: 30_000 })),
    s('full-budget', 'priced as the model did until 2026-11-21: caught-up consumers fetch full 1 MiB budgets and never wait', FULL_BUDGET_CONSUMERS),
    s('previous', 'as full-budget, with the fetch path before 2026-11-21 (strong index Queries, a log-start Query per fetch, per-partition shares)', {
      ...FULL_BUDGET_CONSUMERS,
      ...PREVIOUS_FETCH_PATH,
    }),
    s('no-maintenance', 'as base, priced as before maintenance ran: nothing merged, retention by TTL and a lifecycle rule (free)', NO_MAINTENANCE),
    s('maint-ttl', 'as base, entries a merge replaces left to expire by TTL a retention window after their commit instead of deleted (not built)', maint({ replacedEntries: 'ttl' })),
    s('maint-1gib-round', 'as base, maintenance merging with a 1 GiB memory budget (each produce object read once)', maint({ memoryBudgetBytes: 1024 * MiB })),
    s('req-256k', 'as base, 256 KiB produce requests', { produceRequestBytes: 256 * KiB }),
    s('req-2mib', 'as base, 2 MiB produce requests', { produceRequestBytes: 2 * MiB }),
    s('req-4mib', 'as base, 4 MiB produce requests', { produceRequestBytes: 4 * MiB }),
  ];
}

export interface ScenarioRow {
  id: string;
  label: string;
  monthly: number;
  perGib: number;
  idleMonthly: number;
  /** Polling: fetch Lambda time spent waiting, and the Queries of rounds that found nothing. */
  pollingMonthly: number;
  /** Mean time from a produce request's commit to a consumer receiving it (model); NaN when behind. */
  deliveryMs: number;
  top: string;
  batching: BatchingNeed | null;
}

export interface CostSection {
  pricesAsOf: string;
  measured: Measured;
  reference: SluiceCost;
  peers: Record<PeerId, CostResult>;
  scenarios: ScenarioRow[];
  requestSizeSweep: SweepPoint[];
  /** The same sweep for other ways of waiting, to compare. */
  requestSizeAlternatives: Array<{ id: string; label: string; points: SweepPoint[] }>;
  recordSizeSweep: SweepPoint[];
  /** How caught-up consumers wait, against what it costs and how late records arrive. */
  waitSweep: WaitRow[];
  batching: BatchingNeed;
}

export interface WaitRow {
  label: string;
  monthly: number;
  perGib: number;
  pollingMonthly: number;
  deliveryMs: number;
  idleConsumersMonthly: number;
  batching: BatchingNeed;
}

const WAITS: Array<[string, SluiceParams['consumerWait']]> = [
  ...[250, 500, 1000, 5000].map((maxWaitMs): [string, SluiceParams['consumerWait']] => [`long-poll, maxWaitMs ${maxWaitMs}`, { mode: 'long-poll', maxWaitMs }]),
  ...[100, 250, 500, 1000, 2000, 5000].map((intervalMs): [string, SluiceParams['consumerWait']] => [`paced every ${intervalMs} ms`, { mode: 'paced', intervalMs }]),
];

function waitSweep(m: Measured): WaitRow[] {
  const w = REFERENCE_WORKLOAD;
  return WAITS.map(([label, consumerWait]) => {
    const c = sluiceCost(w, { ...m, consumerWait });
    return {
      label,
      monthly: c.monthly,
      perGib: c.perGib,
      pollingMonthly: pollingMonthly(c),
      deliveryMs: c.fetch.deliveryMs,
      idleConsumersMonthly: c.idleConsumersMonthly,
      batching: minBatching(w, GOAL, { ...m, consumerWait }),
    };
  });
}

export const pollingMonthly = (c: CostResult): number => c.lines.filter((l) => l.id === 'lambda.fetch.wait' || l.id === 'ddb.fetch.poll').reduce((n, l) => n + l.monthly, 0);

export function costSection(measured: Measured, money: (n: number) => string): CostSection {
  const w = REFERENCE_WORKLOAD;
  const all = scenarios(measured);
  const rows = all.map((s) => {
    const c = sluiceCost(w, s.params);
    const top = [...c.lines].sort((a, b) => b.monthly - a.monthly)[0]!;
    const batching = s.params.produceRequestBytes === undefined ? minBatching(w, GOAL, s.params) : null;
    return {
      id: s.id,
      label: s.label,
      monthly: c.monthly,
      perGib: c.perGib,
      idleMonthly: c.idleMonthly,
      pollingMonthly: pollingMonthly(c),
      deliveryMs: c.fetch.deliveryMs,
      top: `${top.label} ${money(top.monthly)}`,
      batching,
    };
  });
  const sizes = [4, 16, 64, 128, 256, 512, 1024, 2048, 4096].map((k) => k * KiB);
  const params = (id: string): Partial<SluiceParams> => all.find((s) => s.id === id)!.params;
  return {
    pricesAsOf: PRICES_AS_OF,
    measured,
    reference: sluiceCost(w, measured),
    peers: peerCosts(w),
    scenarios: rows,
    requestSizeSweep: sweepRequestSize(w, sizes, measured),
    requestSizeAlternatives: [
      { id: 'paced-250ms', label: 'paced 250 ms', points: sweepRequestSize(w, sizes, params('paced-250ms')) },
      { id: 'long-poll', label: 'long-poll 1 s', points: sweepRequestSize(w, sizes, params('long-poll')) },
      { id: 'full-budget', label: 'full budgets, no waiting (the model until 2026-11-21)', points: sweepRequestSize(w, sizes, params('full-budget')) },
    ],
    recordSizeSweep: sweepRecordSize(w, [100, 256, 1024, 4096, 16 * KiB, 100 * KiB], measured),
    waitSweep: waitSweep(measured),
    batching: minBatching(w, GOAL, measured),
  };
}
