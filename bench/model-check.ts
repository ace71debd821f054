/**
 * The cost model against the meter: the per-request counts the model assumes, evaluated for the
 * conditions of each end-to-end run, next to what the metering middleware counted there. Also
 * the GET spread the model takes from the append-order replay.
 */
import { KiB, REFERENCE_WORKLOAD, type Workload } from './cost-basics.ts';
import { DEFAULT_PARAMS, fetchProfile, produceProfile, type SluiceParams } from './cost-model.ts';
import type { E2eResult, TailRun } from './e2e-types.ts';

export interface ModelCheckRow {
  what: string;
  model: number;
  measured: number;
}

/** The replay run read the way the model's consumer reads when behind: all partitions, 1 MiB, filled in append order. */
const APPEND_ORDER_REPLAY = 'replay, multi-partition fetch (1 MiB, append order)';

/** The model's consumer when it reads a stored log from the start: every fetch fills its budget. */
const BEHIND: Partial<SluiceParams> = { consumerWait: { mode: 'behind' }, fetchRequestBytes: 1024 * KiB };

/** GETs per multi-partition fetch over the model's ideal, from the append-order replay. */
export function measuredGetSpread(e: E2eResult | undefined): number | null {
  const run = e?.replay.find((r) => r.name === APPEND_ORDER_REPLAY);
  if (!run || !Number.isFinite(run.perFetch.s3Gets)) return null;
  const ideal = fetchProfile({ ...REFERENCE_WORKLOAD, partitions: run.partitions }, { ...DEFAULT_PARAMS, ...BEHIND, produceRequestBytes: run.produceRequestBytes, getSpread: 1 }).s3Gets;
  return Math.max(1, run.perFetch.s3Gets / ideal);
}

export function modelCheck(e: E2eResult | undefined, cpu: SluiceParams['cpu']): ModelCheckRow[] {
  if (!e || e.skipped) return [];
  const checks: ModelCheckRow[] = [];
  const w = REFERENCE_WORKLOAD;
  const prod = e.produce.find((p) => p.mode === 'binary' && p.recordsPerRequest === 1000 && p.concurrency === 1);
  if (prod) {
    const m = produceProfile(w, { ...DEFAULT_PARAMS, cpu, produceRequestBytes: 1000 * KiB });
    checks.push({ what: 'produce 1000 × 1 KiB keyed, 10 partitions: S3 PUT per request', model: m.s3Puts, measured: prod.perRequest.s3Puts });
    checks.push({ what: 'produce 1000 × 1 KiB keyed, 10 partitions: WRU per request', model: m.wru, measured: prod.perRequest.wru });
  }
  for (const run of e.replay) {
    // Per-partition caps are not in the model; the append-order run is what it describes.
    if (run.name.includes('per partition)')) continue;
    const mode = run.name.includes('per-partition fetch') ? 'per-partition' : 'multi-partition';
    // The replayed log is short in a quick run: a partition holds `entries` index entries, so
    // the model is evaluated as reading what is there (tailing-like pages), not full pages.
    const entries = Math.round(run.records / run.partitions / (run.produceRequestBytes / KiB / run.partitions));
    const consumer = entries >= 200 ? 'replay' : 'tailing';
    const f = fetchProfile({ ...w, partitions: run.partitions }, { ...DEFAULT_PARAMS, ...BEHIND, cpu, produceRequestBytes: run.produceRequestBytes, fetchMode: mode, consumer, getSpread: 1 });
    const tag = `${run.name}, ${entries} entries per partition`;
    checks.push({ what: `${tag}: GET per fetch (model: ideal, spread 1)`, model: f.s3Gets, measured: run.perFetch.s3Gets });
    checks.push({ what: `${tag}: Queries per fetch`, model: f.ddbQueries, measured: run.perFetch.ddbReads });
    checks.push({ what: `${tag}: RRU per fetch`, model: f.rru, measured: run.perFetch.rru });
  }
  for (const t of e.tails) checks.push(...tailCheck(t, cpu));
  for (const s of e.scaling) {
    checks.push({ what: `${s.partitions} partitions: WRU per produce touching all`, model: s.partitions, measured: s.produce.perRequest.wru });
    // One eventually consistent Query per partition, each reading a few items (0.5 RRU); the log
    // start is cached, so only a fetch that finds the cache expired adds its Query.
    checks.push({ what: `${s.partitions} partitions: Queries per fetch of all`, model: s.partitions, measured: s.fetch.perRequest.ddbReads });
    checks.push({ what: `${s.partitions} partitions: RRU per fetch of all`, model: s.partitions / 2, measured: s.fetch.perRequest.rru });
  }
  return checks;
}

/**
 * The consumer-wait model (bench/cost-consumer-wait.ts: long-poll or paced, as the run waited) run with the tail benchmark's conditions: its
 * measured produce interval, request shape and consumers, and the emulators' own Query and GET
 * times in place of AWS's; the time between a handler's answer and the next fetch is the
 * measured HTTP time over the handler's.
 */
export function tailCheck(t: TailRun, cpu: SluiceParams['cpu']): ModelCheckRow[] {
  if (!Number.isFinite(t.queryMsMean) || t.produceRequests === 0) return [];
  const intervalMs = (t.produceSeconds * 1000) / t.produceRequests;
  const requestBytes = t.recordsPerRequest * KiB;
  const w: Workload = { ...REFERENCE_WORKLOAD, ingestBytesPerSec: (requestBytes * 1000) / intervalMs, consumerGroups: t.consumers };
  const gap = Number.isFinite(t.fetchHandlerMsMean) ? Math.max(0, t.fetchHttpMsMean - t.fetchHandlerMsMean) : DEFAULT_PARAMS.clientGapMs;
  const f = fetchProfile(w, {
    ...DEFAULT_PARAMS,
    cpu,
    produceRequestBytes: requestBytes,
    produceMode: t.mode,
    fetchRequestBytes: 1024 * KiB,
    consumerWait: t.wait,
    groups: { ...DEFAULT_PARAMS.groups, enabled: false },
    latency: { ...DEFAULT_PARAMS.latency, ddbRoundTripMs: t.queryMsMean, s3GetBaseMs: Number.isFinite(t.getMsMean) ? t.getMsMean : DEFAULT_PARAMS.latency.s3GetBaseMs },
    clientGapMs: gap,
  });
  const how = t.wait.mode === 'paced' ? `paced every ${t.wait.intervalMs} ms` : 'long-poll';
  const tag = `tail, ${t.recordsPerRequest} records every ${t.intervalMs} ms (one per ${Math.round(intervalMs)} ms), ${how}`;
  const fetchesPerProduce = f.requestsPerSec / (w.ingestBytesPerSec / requestBytes);
  const measuredPerProduce = t.fetchRequests / t.produceRequests;
  // Per produce request, over all consumers: what the bill follows (how it splits into fetches
  // depends on where requests land against the poll cadence).
  return [
    { what: `${tag}: fetch wall ms per produce request, all consumers (model: billed ms)`, model: fetchesPerProduce * f.lambdaMs, measured: measuredPerProduce * t.fetchHandlerMsMean },
    { what: `${tag}: Queries per produce request, all consumers`, model: fetchesPerProduce * f.ddbQueries, measured: measuredPerProduce * t.perFetch.ddbReads },
    { what: `${tag}: fetches per produce request, all consumers`, model: fetchesPerProduce, measured: measuredPerProduce },
    { what: `${tag}: fetch wall ms (the handler; model: billed ms)`, model: f.lambdaMs, measured: t.fetchHandlerMsMean },
    { what: `${tag}: Queries per fetch`, model: f.ddbQueries, measured: t.perFetch.ddbReads },
    { what: `${tag}: RRU per fetch`, model: f.rru, measured: t.perFetch.rru },
    { what: `${tag}: GET per fetch`, model: f.s3Gets, measured: t.perFetch.s3Gets },
  ];
}
