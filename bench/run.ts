/**
 * `npm run bench` / `npm run bench -- --quick`: runs every benchmark, each in its own process,
 * prices the reference workload with the measured figures, and writes
 *
 *   bench/results/latest.json   everything, machine-readable
 *   bench/results/latest.md     the report (docs/benchmarks.md says how to read it)
 *   bench/results/*.png         charts
 *
 * then prints the headline. Never fails on timing: a benchmark that breaks is reported as such
 * and the others still run (exit code 0 unless the report itself cannot be written).
 * Options: --quick (under 2 minutes), --only codec,cpu,e2e,footprint (a subset).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodecBenchResult } from './codec.ts';
import { KiB, MiB, REFERENCE_WORKLOAD, type CostResult } from './cost-basics.ts';
import { DEFAULT_PARAMS, PREVIOUS_FETCH_PATH, fetchProfile, produceProfile, sluiceCost, type SluiceParams } from './cost-model.ts';
import { peerCosts, type PeerId } from './cost-peers.ts';
import { minBatching, sweepRecordSize, sweepRequestSize, type BatchingNeed } from './cost-sensitivity.ts';
import type { E2eResult } from './e2e.ts';
import type { FootprintResult } from './footprint.ts';
import type { HandlerCpuResult } from './handler-cpu.ts';
import { renderCharts, type ChartFile } from './report-charts.ts';
import { PRICES_AS_OF, PRICE_SOURCES } from './prices.ts';
import { fmt, money } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results');
const GOAL = 0.03;

interface Step<T> {
  ok: boolean;
  seconds: number;
  result?: T;
  error?: string;
}

function runChild<T>(module: string, exportName: string, quick: boolean): Step<T> {
  const out = join(tmpdir(), `sluice-bench-${process.pid}-${exportName}.json`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'lib', 'child.ts'), module, exportName, quick ? '1' : '0', out], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 15 * 60_000,
  });
  const seconds = (Date.now() - t0) / 1000;
  try {
    if (r.status !== 0) throw new Error(`exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-8).join('\n')}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as T;
    return { ok: true, seconds, result };
  } catch (e) {
    return { ok: false, seconds, error: e instanceof Error ? e.message : String(e) };
  } finally {
    rmSync(out, { force: true });
  }
}

// ---- cost scenarios -----------------------------------------------------------------------------

interface Scenario {
  id: string;
  label: string;
  params: Partial<SluiceParams>;
}

function scenarios(measured: Measured): Scenario[] {
  const base = { ...measured };
  return [
    { id: 'base', label: 'Binary produce, 1 MiB requests; multi-partition 1 MiB fetches filled in append order; fetch path as built', params: { ...base } },
    { id: 'json', label: 'as base, JSON produce', params: { ...base, produceMode: 'json' } },
    { id: 'per-partition', label: 'as base, one fetch per partition (1 MiB each, as the SDK reader does)', params: { ...base, fetchMode: 'per-partition' } },
    { id: 'unkeyed', label: 'as base, unkeyed records (sticky partitioner: one partition per request)', params: { ...base, keyed: false } },
    { id: 'fetch-4mib', label: 'as base, 4 MiB fetches', params: { ...base, fetchRequestBytes: 4 * MiB } },
    { id: 'follows', label: 'as base, caught-up consumers fetch once per produce request (no minBytes)', params: { ...base, fetchFollowsProduce: true } },
    { id: 'contended', label: 'as base, commits contended: 2 attempts per partition commit', params: { ...base, commitAttempts: 2 } },
    {
      id: 'previous',
      label: 'as base, the fetch path before 2026-11-21 (strongly consistent index Queries, a log-start Query per fetch, per-partition budget shares)',
      params: { ...base, ...PREVIOUS_FETCH_PATH },
    },
    { id: 'no-groups', label: 'as base, consumers without groups (they keep their own offsets)', params: { ...base, groups: { ...DEFAULT_PARAMS.groups, enabled: false } } },
    { id: 'commit-30s', label: 'as base, offsets committed every 30 s instead of 5 s', params: { ...base, groups: { ...DEFAULT_PARAMS.groups, commitIntervalMs: 30_000 } } },
    {
      id: 'all-levers',
      label: 'as base, offsets committed every 30 s + 4 MiB fetches',
      params: { ...base, fetchRequestBytes: 4 * MiB, groups: { ...DEFAULT_PARAMS.groups, commitIntervalMs: 30_000 } },
    },
    { id: 'req-256k', label: 'as base, 256 KiB produce requests', params: { ...base, produceRequestBytes: 256 * KiB } },
    { id: 'req-4mib', label: 'as base, 4 MiB produce requests', params: { ...base, produceRequestBytes: 4 * MiB } },
  ];
}

/** Model parameters taken from this run's measurements. */
type Measured = Pick<SluiceParams, 'cpu' | 'getSpread'>;

/** The replay run read the way the model's consumer reads: all partitions, 1 MiB, filled in append order. */
const APPEND_ORDER_REPLAY = 'replay, multi-partition fetch (1 MiB, append order)';

/** GETs per multi-partition fetch over the model's ideal, from the append-order replay. */
function measuredGetSpread(e: E2eResult | undefined): number | null {
  const run = e?.replay.find((r) => r.name === APPEND_ORDER_REPLAY);
  if (!run || !Number.isFinite(run.perFetch.s3Gets)) return null;
  const ideal = fetchProfile({ ...REFERENCE_WORKLOAD, partitions: run.partitions }, { ...DEFAULT_PARAMS, produceRequestBytes: run.produceRequestBytes, getSpread: 1 }).s3Gets;
  return Math.max(1, run.perFetch.s3Gets / ideal);
}

export interface CostSection {
  pricesAsOf: string;
  measured: Measured;
  reference: CostResult & { produce: ReturnType<typeof produceProfile>; fetch: ReturnType<typeof fetchProfile> };
  peers: Record<PeerId, CostResult>;
  scenarios: Array<{ id: string; label: string; monthly: number; perGib: number; idleMonthly: number; top: string; batching: BatchingNeed | null }>;
  requestSizeSweep: ReturnType<typeof sweepRequestSize>;
  requestSizeSweepPrevious: ReturnType<typeof sweepRequestSize>;
  recordSizeSweep: ReturnType<typeof sweepRecordSize>;
  batching: BatchingNeed;
}

function costSection(measured: Measured): CostSection {
  const w = REFERENCE_WORKLOAD;
  const reference = sluiceCost(w, measured);
  const sc = scenarios(measured).map((s) => {
    const c = sluiceCost(w, s.params);
    const top = [...c.lines].sort((a, b) => b.monthly - a.monthly)[0]!;
    const batching = s.params.produceRequestBytes === undefined ? minBatching(w, GOAL, s.params) : null;
    return { id: s.id, label: s.label, monthly: c.monthly, perGib: c.perGib, idleMonthly: c.idleMonthly, top: `${top.label} ${money(top.monthly)}`, batching };
  });
  const sizes = [4, 16, 64, 128, 256, 512, 1024, 2048, 4096].map((k) => k * KiB);
  return {
    pricesAsOf: PRICES_AS_OF,
    measured,
    reference,
    peers: peerCosts(w),
    scenarios: sc,
    requestSizeSweep: sweepRequestSize(w, sizes, measured),
    requestSizeSweepPrevious: sweepRequestSize(w, sizes, { ...measured, ...PREVIOUS_FETCH_PATH }),
    recordSizeSweep: sweepRecordSize(w, [100, 256, 1024, 4096, 16 * KiB, 100 * KiB], measured),
    batching: minBatching(w, GOAL, measured),
  };
}

// ---- the report ---------------------------------------------------------------------------------

const PEER_NAMES: Record<PeerId, string> = {
  kinesisOnDemand: 'Kinesis on-demand',
  kinesisProvisioned: 'Kinesis provisioned',
  mskServerless: 'MSK Serverless',
  confluentBasic: 'Confluent Basic',
  warpstreamFundamentals: 'WarpStream (fee only, + AWS)',
};

const bytes = (n: number): string => (n >= MiB ? `${fmt(n / MiB, n % MiB ? 2 : 0)} MiB` : `${fmt(n / KiB, 0)} KiB`);

interface Results {
  generatedAt: string;
  quick: boolean;
  machine: { node: string; cpus: number; platform: string };
  codec: Step<CodecBenchResult[]>;
  handlerCpu: Step<HandlerCpuResult>;
  e2e: Step<E2eResult>;
  footprint: Step<FootprintResult>;
  cost: CostSection;
  modelCheck: Array<{ what: string; model: number; measured: number }>;
  charts: ChartFile[];
  headline: string[];
}

function codecRatio(c: CodecBenchResult[] | undefined, op: 'encode' | 'decode', records: number, compression = 'none'): number | null {
  return c?.find((r) => r.op === op && r.records === records && r.compression === compression)?.ratio ?? null;
}

function headline(r: Omit<Results, 'headline'>): string[] {
  const out: string[] = [];
  const c = r.codec.result;
  if (c) {
    const parts = [1000, 100].flatMap((n) =>
      (['encode', 'decode'] as const).map((op) => {
        const x = codecRatio(c, op, n);
        return x === null ? null : `${op} ${n === 1000 ? '1000×1 KiB' : '100×200 B'} ${fmt(x, 1)}×`;
      }),
    ).filter(Boolean);
    out.push(`Codec vs KafkaJS 2.2.4 (uncompressed): ${parts.join(', ')} (goal ≥ 3×).`);
  } else out.push(`Codec: not measured (${r.codec.error ?? 'skipped'}).`);
  const ref = r.cost.reference;
  const peers = Object.entries(r.cost.peers).map(([id, p]) => `${PEER_NAMES[id as PeerId]} ${money(p.perGib, 3)}`);
  const groupLines = ref.lines.filter((l) => l.id.includes('groups')).reduce((n, l) => n + l.monthly, 0);
  const noGroups = r.cost.scenarios.find((s) => s.id === 'no-groups');
  out.push(
    `Reference workload (1 MiB/s, 1 KiB records, 10 partitions, 3 groups, 7 days), binary produce in 1 MiB requests, 1 MiB fetches: ` +
      `${money(ref.monthly, 0)}/month, ${money(ref.perGib, 4)}/GiB ingested all-in (goal ≤ $${GOAL}), of which consumer-group coordination ${money(groupLines, 0)}` +
      (noGroups ? `; ${money(noGroups.perGib, 4)}/GiB without groups` : '') +
      `. Idle: ${money(ref.idleMonthly, 2)}/month of storage, $0 once empty. Peers: ${peers.join(', ')}.`,
  );
  const need = (b: BatchingNeed | null | undefined): string =>
    !b ? '-' : b.minRequestBytes ? `≥ ${bytes(b.minRequestBytes)} per produce request (≤ ${fmt(b.requestsPerSec!, 2)} requests/s per MiB/s)` : `not reachable with requests ≤ 4 MiB (${money(b.perGibAtMax, 4)} at 4 MiB)`;
  const sc = (id: string) => r.cost.scenarios.find((s) => s.id === id)?.batching;
  out.push(
    `≤ $${GOAL}/GiB: as built ${need(r.cost.batching)}; without groups ${need(sc('no-groups'))}; ` +
      `with offsets committed every 30 s ${need(sc('commit-30s'))}; adding 4 MiB fetches ${need(sc('all-levers'))}.`,
  );
  const f = r.footprint.result;
  if (f) {
    out.push(
      `Bundles: ${f.functions.map((x) => `${x.name} ${fmt(x.bundleBytes / KiB, 0)} KiB (${fmt(x.gzipBytes / KiB, 0)} KiB gzip)`).join(', ')}; ` +
        `cold init (import in a fresh Node): ${f.functions.map((x) => `${x.name} ${fmt(x.importMsMedian, 0)} ms`).join(', ')}.`,
    );
  }
  const e = r.e2e.result;
  if (e && !e.skipped) {
    const best = [...e.produce].filter((p) => p.mode === 'binary').sort((a, b2) => b2.mibPerSec - a.mibPerSec)[0];
    const one = e.produce.find((p) => p.mode === 'binary' && p.recordsPerRequest === 100 && p.concurrency === 1);
    out.push(
      `Local stack (emulator-bound): produce up to ${fmt(best?.mibPerSec, 1)} MiB/s (${best?.recordsPerRequest} records/request, concurrency ${best?.concurrency}); ` +
        `100-record request p50/p99 ${fmt(one?.p50Ms, 0)}/${fmt(one?.p99Ms, 0)} ms; produce-to-consume p50/p99 ${fmt(e.tail?.p50Ms, 0)}/${fmt(e.tail?.p99Ms, 0)} ms.`,
    );
  } else out.push(`End to end: ${e?.skipped ?? r.e2e.error ?? 'not run'}.`);
  return out;
}

function modelCheck(e: E2eResult | undefined, cpu: SluiceParams['cpu']): Results['modelCheck'] {
  if (!e || e.skipped) return [];
  const checks: Results['modelCheck'] = [];
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
    const f = fetchProfile({ ...w, partitions: run.partitions }, { ...DEFAULT_PARAMS, cpu, produceRequestBytes: run.produceRequestBytes, fetchMode: mode, consumer, getSpread: 1 });
    const tag = `${run.name}, ${entries} entries per partition`;
    checks.push({ what: `${tag}: GET per fetch (model: ideal, spread 1)`, model: f.s3Gets, measured: run.perFetch.s3Gets });
    checks.push({ what: `${tag}: Queries per fetch`, model: f.ddbQueries, measured: run.perFetch.ddbReads });
    checks.push({ what: `${tag}: RRU per fetch`, model: f.rru, measured: run.perFetch.rru });
  }
  for (const s of e.scaling) {
    checks.push({ what: `${s.partitions} partitions: WRU per produce touching all`, model: s.partitions, measured: s.produce.perRequest.wru });
    // One eventually consistent Query per partition, each reading a few items (0.5 RRU); the log
    // start is cached, so only a fetch that finds the cache expired adds its Query.
    checks.push({ what: `${s.partitions} partitions: Queries per fetch of all`, model: s.partitions, measured: s.fetch.perRequest.ddbReads });
    checks.push({ what: `${s.partitions} partitions: RRU per fetch of all`, model: s.partitions / 2, measured: s.fetch.perRequest.rru });
  }
  return checks;
}

function markdown(r: Results): string {
  const L: string[] = [];
  L.push('# Sluice benchmark report', '');
  L.push(`Generated ${r.generatedAt}${r.quick ? ' with `--quick` (short runs: noisier)' : ''}; Node ${r.machine.node}, ${r.machine.cpus} cores (shared), ${r.machine.platform}. How to read it: [docs/benchmarks.md](../../docs/benchmarks.md); the cost model: [docs/cost-model.md](../../docs/cost-model.md). Machine-readable: [latest.json](latest.json).`, '');
  L.push('## Headline', '', ...r.headline.map((h) => `- ${h}`), '');

  L.push('## 1. RecordBatch codec vs KafkaJS 2.2.4', '');
  if (r.codec.result) {
    L.push('Same inputs, same process; `ratio` = Sluice ops/s ÷ KafkaJS ops/s (KafkaJS has no lz4/zstd built in). From bench/codec.ts.', '');
    L.push(codecTable(r.codec.result));
  } else L.push(`Not measured: ${r.codec.error}`);
  L.push('');

  L.push('## 2. Handler CPU', '');
  if (r.handlerCpu.result) {
    L.push(r.handlerCpu.result.note, '', handlerCpuTable(r.handlerCpu.result));
  } else L.push(`Not measured: ${r.handlerCpu.error}`);
  L.push('');

  L.push('## 3. End to end on the local stack', '');
  if (r.e2e.result) L.push(e2eTables(r.e2e.result));
  else L.push(`Not run: ${r.e2e.error}`);
  L.push('');
  if (r.charts.find((c) => c.id === 'latency')) L.push('![produce latency](latency.png)', '');

  L.push('## 4. AWS requests and cost', '');
  L.push(costTables(r.cost));
  for (const id of ['cost-request-size', 'cost-record-size']) {
    const c = r.charts.find((x) => x.id === id);
    if (c) L.push('', `![${c.title}](${c.file})`);
  }
  L.push('');
  if (r.modelCheck.length) {
    L.push('### The model against the meter', '', 'Per-request counts the cost model assumes vs what the metering middleware counted on the local stack:', '');
    L.push('| what | model | measured |', '|---|---:|---:|');
    for (const c of r.modelCheck) L.push(`| ${c.what} | ${fmt(c.model)} | ${fmt(c.measured)} |`);
    L.push('');
  }

  L.push('## 5. Lambda footprint', '');
  if (r.footprint.result) L.push(footprintTable(r.footprint.result));
  else L.push(`Not measured: ${r.footprint.error}`);
  L.push('');

  L.push('## 6. Scaling', '');
  if (r.e2e.result && !r.e2e.result.skipped) {
    L.push(scalingTable(r.e2e.result), '', 'Request size: see the produce table in section 3 (1 to 3,900 records of 1 KiB per request at concurrency 1).');
  } else L.push('Not run (needs the local stack).');
  L.push('');
  L.push('## Run', '', '| benchmark | ok | seconds |', '|---|---|---:|');
  for (const [k, s] of [['codec', r.codec], ['handler CPU', r.handlerCpu], ['end to end', r.e2e], ['footprint', r.footprint]] as const) {
    L.push(`| ${k} | ${s.ok ? 'yes' : `no: ${(s.error ?? '').split('\n')[0]}`} | ${fmt(s.seconds, 1)} |`);
  }
  return L.join('\n') + '\n';
}

function codecTable(results: CodecBenchResult[]): string {
  const lines = ['| case | codec | op | Sluice rec/s | KafkaJS rec/s | ratio |', '|---|---|---|---:|---:|---:|'];
  for (const x of results) {
    lines.push(`| ${x.records} × ${x.valueBytes} B | ${x.compression} | ${x.op} | ${fmt(x.sluice.recordsPerSec, 0)} | ${x.kafkajs ? fmt(x.kafkajs.recordsPerSec, 0) : '-'} | ${x.ratio === null ? '-' : `${fmt(x.ratio, 1)}×`} |`);
  }
  return lines.join('\n');
}

function handlerCpuTable(h: HandlerCpuResult): string {
  const lines = ['| path | mode | record B | records/req | payload KiB | CPU ms/req | CPU ms/MiB | CPU µs/record |', '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const c of h.cases) {
    lines.push(`| ${c.path} | ${c.mode} | ${c.recordBytes} | ${c.recordsPerRequest} | ${fmt(c.payloadBytes / KiB, 0)} | ${fmt(c.cpuMsPerRequest)} | ${fmt(c.cpuMsPerMiB, 1)} | ${fmt(c.cpuUsPerRecord)} |`);
  }
  lines.push('', 'Fitted for the cost model (ms = fixed + per MiB × MiB + per 1k records × records/1000):', '', '| path | fixed ms | ms/MiB | ms/1k records |', '|---|---:|---:|---:|');
  for (const [k, f] of Object.entries(h.fit)) lines.push(`| ${k} | ${fmt(f.fixedMs, 3)} | ${fmt(f.msPerMiB)} | ${fmt(f.msPerKRecords)} |`);
  return lines.join('\n');
}

function e2eTables(e: E2eResult): string {
  if (e.skipped) return `Skipped: ${e.skipped}.`;
  const L: string[] = [`${e.note} Emulators started in ${fmt(e.emulatorStartMs / 1000, 1)} s.`, ''];
  L.push('### Produce (1 KiB records, keyed over 10 partitions)', '');
  L.push('| mode | records/req | concurrency | requests | MiB/s | records/s | p50 ms | p99 ms | S3 PUT/req | DDB writes/req | WRU/req |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of e.produce) {
    L.push(`| ${p.mode} | ${p.recordsPerRequest} | ${p.concurrency} | ${p.requests} | ${fmt(p.mibPerSec)} | ${fmt(p.recordsPerSec, 0)} | ${fmt(p.p50Ms, 1)} | ${fmt(p.p99Ms, 1)} | ${fmt(p.perRequest.s3Puts)} | ${fmt(p.perRequest.ddbWrites)} | ${fmt(p.perRequest.wru)} |`);
  }
  L.push('', 'DDB writes above the partitions touched are lost conditional commits: concurrent requests to the same partitions race for the same offset (invariant 3 holds; each loss costs a WRU and a round trip).', '');
  L.push('### Consume: full replay (topic written in 256 KiB requests)', '');
  L.push('| how | fetches | records | MiB | MiB/s | records/s | fetch p50 ms | p99 ms | GET/fetch | Queries/fetch | RRU/fetch |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of e.replay) {
    L.push(`| ${c.name} | ${c.fetchRequests} | ${c.records} | ${fmt(c.bytes / MiB, 1)} | ${fmt(c.mibPerSec)} | ${fmt(c.recordsPerSec, 0)} | ${fmt(c.fetchP50Ms, 1)} | ${fmt(c.fetchP99Ms, 1)} | ${fmt(c.perFetch.s3Gets)} | ${fmt(c.perFetch.ddbReads)} | ${fmt(c.perFetch.rru)} |`);
  }
  if (e.tail) {
    const t = e.tail;
    L.push('', '### Tailing and produce-to-consume latency', '');
    L.push(`${t.consumers} consumers (one per group) long-poll all 10 partitions (maxWaitMs 1000) while one producer sends 10 × 1 KiB records every 50 ms: ${t.produceRequests} produce requests, ${t.recordsConsumed} of ${t.recordsProduced * t.consumers} records received, ${t.fetchRequests} fetches.`, '');
    L.push('| produce-to-consume p50 ms | p99 ms | produce p50 ms | fetches per produce | Queries/fetch | RRU/fetch | GET/fetch | WRU/produce |', '|---:|---:|---:|---:|---:|---:|---:|---:|');
    L.push(`| ${fmt(t.p50Ms, 1)} | ${fmt(t.p99Ms, 1)} | ${fmt(t.produceP50Ms, 1)} | ${fmt(t.fetchRequests / Math.max(1, t.produceRequests))} | ${fmt(t.perFetch.ddbReads)} | ${fmt(t.perFetch.rru)} | ${fmt(t.perFetch.s3Gets)} | ${fmt(t.perProduce.wru)} |`);
  }
  return L.join('\n');
}

function scalingTable(e: E2eResult): string {
  const L = ['Topics of 1 to 1,000 partitions; each produce carries one 1 KiB record per partition (binary), each fetch asks for every partition (1 MiB budget).', ''];
  L.push('| partitions | produce p50 ms | p99 ms | DDB writes/req | WRU/req | fetch p50 ms | p99 ms | Queries/fetch | RRU/fetch | GET/fetch |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of e.scaling) {
    L.push(`| ${s.partitions} | ${fmt(s.produce.p50Ms, 1)} | ${fmt(s.produce.p99Ms, 1)} | ${fmt(s.produce.perRequest.ddbWrites)} | ${fmt(s.produce.perRequest.wru)} | ${fmt(s.fetch.p50Ms, 1)} | ${fmt(s.fetch.p99Ms, 1)} | ${fmt(s.fetch.perRequest.ddbReads)} | ${fmt(s.fetch.perRequest.rru)} | ${fmt(s.fetch.perRequest.s3Gets)} |`);
  }
  return L.join('\n');
}

function footprintTable(f: FootprintResult): string {
  const L = [f.note, '', '| function | bundle KiB | gzip KiB | import ms (median) | p90 | process ms over empty Node | largest parts (KiB) |', '|---|---:|---:|---:|---:|---:|---|'];
  for (const x of f.functions) {
    L.push(`| ${x.name} | ${fmt(x.bundleBytes / KiB, 0)} | ${fmt(x.gzipBytes / KiB, 0)} | ${fmt(x.importMsMedian, 0)} | ${fmt(x.importMsP90, 0)} | ${fmt(x.processMsMedian, 0)} | ${x.topInputs.map((t) => `${t.name} ${fmt(t.bytes / KiB, 0)}`).join(', ')} |`);
  }
  L.push('', `Empty Node process: ${fmt(f.baselineProcessMs, 0)} ms.`);
  return L.join('\n');
}

function costTables(c: CostSection): string {
  const L: string[] = [];
  const ref = c.reference;
  L.push(`Prices: ${c.pricesAsOf} (bench/prices.ts, with sources). Reference workload: 1 MiB/s, 1 KiB records, 10 partitions, 3 consumer groups each reading everything, 7-day retention (2,566 GiB/month).`, '');
  L.push('### Sluice, reference workload, by line item', '');
  L.push(`Binary produce in 1 MiB requests (${fmt(ref.produce.requestsPerSec, 2)}/s, ${fmt(ref.produce.partitionsPerRequest, 1)} partitions each, ${fmt(ref.produce.lambdaMs, 1)} ms billed); consumers fetch up to 1 MiB across all 10 partitions, filled in log-append order (${fmt(ref.fetch.partitionsServed, 0)} served per fetch, ${fmt(ref.fetch.bytesPerFetch / KiB, 0)} KiB; ${fmt(ref.fetch.requestsPerSec, 2)} fetches/s, ${fmt(ref.fetch.ddbQueries, 0)} eventually consistent Queries / ${fmt(ref.fetch.rru, 1)} RRU / ${fmt(ref.fetch.s3Gets, 1)} GET each, ${fmt(ref.fetch.lambdaMs, 1)} ms billed). Measured inputs: handler CPU fits (section 2); GET spread ${fmt(c.measured.getSpread, 2)}× the ideal (from the append-order replay).`, '');
  L.push('| line | quantity / month | $ / month | $ / GiB |', '|---|---:|---:|---:|');
  const gib = ref.monthly / ref.perGib;
  for (const l of ref.lines) L.push(`| ${l.label}${l.idle ? ' (idle too)' : ''} | ${fmt(l.quantity, 0)} ${l.unit} | ${money(l.monthly)} | ${money(l.monthly / gib, 5)} |`);
  L.push(`| **total** | | **${money(ref.monthly)}** | **${money(ref.perGib, 4)}** |`, '');
  L.push(`Idle: ${money(ref.idleMonthly)}/month while 7 days of data are retained (storage only; no compute, no fixed fee), $0 once it has expired.`, '');
  L.push('### Beside the peers (same workload, published prices)', '');
  L.push('| system | $ / month | $ / GiB | idle $ / month (empty) |', '|---|---:|---:|---:|');
  L.push(`| **Sluice** | **${money(ref.monthly)}** | **${money(ref.perGib, 4)}** | ${money(ref.idleEmptyMonthly)} |`);
  for (const [id, p] of Object.entries(c.peers)) L.push(`| ${PEER_NAMES[id as PeerId]} | ${money(p.monthly)} | ${money(p.perGib, 4)} | ${money(p.idleEmptyMonthly)} |`);
  L.push('', '### Scenarios, and the batching each needs for ≤ $0.03/GiB', '');
  L.push('| scenario | $ / month | $ / GiB | largest line | least request size for ≤ $0.03 | requests/s |', '|---|---:|---:|---|---:|---:|');
  for (const s of c.scenarios) {
    const b = s.batching;
    const need = !b ? 'n/a (sets the request size)' : b.minRequestBytes ? bytes(b.minRequestBytes) : `not reachable (${money(b.perGibAtMax, 4)} at 4 MiB)`;
    L.push(`| ${s.label} | ${money(s.monthly)} | ${money(s.perGib, 4)} | ${s.top} | ${need} | ${b?.requestsPerSec ? fmt(b.requestsPerSec, 2) : '-'} |`);
  }
  L.push('', '### $/GiB vs producer request size (batching)', '');
  L.push('| record bytes per produce request | requests/s | Sluice as built | Sluice, fetch path before 2026-11-21 |', '|---:|---:|---:|---:|');
  c.requestSizeSweep.forEach((p, i) => L.push(`| ${bytes(p.x)} | ${fmt(p.produceRps, 1)} | ${money(p.sluice, 4)} | ${money(c.requestSizeSweepPrevious[i]!.sluice, 4)} |`));
  L.push('', '### $/GiB vs record size (1 MiB produce requests)', '');
  L.push(`| record bytes | Sluice | ${Object.keys(c.peers).map((k) => PEER_NAMES[k as PeerId]).join(' | ')} |`, `|---:|---:|${Object.keys(c.peers).map(() => '---:').join('|')}|`);
  for (const p of c.recordSizeSweep) L.push(`| ${fmt(p.x, 0)} | ${money(p.sluice, 4)} | ${Object.values(p.peers).map((v) => money(v, 4)).join(' | ')} |`);
  return L.join('\n');
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : null;
  const want = (k: string): boolean => !only || only.has(k);
  const skipped = <T>(): Step<T> => ({ ok: false, seconds: 0, error: 'not selected (--only)' });
  const t0 = Date.now();
  const log = (m: string): void => console.error(`[bench ${fmt((Date.now() - t0) / 1000, 0)} s] ${m}`);

  log('codec');
  const codec = want('codec') ? runChild<CodecBenchResult[]>('codec.ts', 'runCodecBench', quick) : skipped<CodecBenchResult[]>();
  log('handler CPU');
  const handlerCpu = want('cpu') ? runChild<HandlerCpuResult>('handler-cpu.ts', 'runHandlerCpu', quick) : skipped<HandlerCpuResult>();
  log('end to end');
  const e2e = want('e2e') ? runChild<E2eResult>('e2e.ts', 'runE2e', quick) : skipped<E2eResult>();
  log('footprint');
  const footprint = want('footprint') ? runChild<FootprintResult>('footprint.ts', 'runFootprint', quick) : skipped<FootprintResult>();
  log('cost model and report');

  const fit = handlerCpu.result?.fit;
  const cpu: SluiceParams['cpu'] = fit ? { produceJson: fit.produceJson, produceBinary: fit.produceBinary, fetch: fit.fetch } : DEFAULT_PARAMS.cpu;
  const getSpread = measuredGetSpread(e2e.result) ?? DEFAULT_PARAMS.getSpread;
  const cost = costSection({ cpu, getSpread });
  mkdirSync(RESULTS, { recursive: true });
  const base = {
    generatedAt: new Date().toISOString(),
    quick,
    machine: { node: process.versions.node, cpus: (await import('node:os')).cpus().length, platform: `${process.platform}-${process.arch}` },
    codec,
    handlerCpu,
    e2e,
    footprint,
    cost,
    modelCheck: modelCheck(e2e.result, cpu),
    charts: [] as ChartFile[],
  };
  try {
    base.charts = renderCharts(RESULTS, { cost, e2e: e2e.result });
  } catch (e) {
    log(`charts failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const results: Results = { ...base, headline: headline(base) };
  writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify({ ...results, priceSources: PRICE_SOURCES }, null, 2) + '\n');
  writeFileSync(join(RESULTS, 'latest.md'), markdown(results));
  log(`wrote bench/results/latest.json and latest.md${results.charts.length ? ` and ${results.charts.length} charts` : ''}`);
  console.log(results.headline.map((h) => `- ${h}`).join('\n'));
}

await main();
