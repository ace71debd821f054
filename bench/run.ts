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
 * Options: --quick (short runs), --only codec,cpu,e2e,maintenance,compaction,footprint,gateway (a subset),
 * --update (with --only: the other sections kept from latest.json, each marked with when it was
 * measured), --rerender (the report again from latest.json's measurements, nothing measured).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodecBenchResult, CodecSection } from './codec.ts';
import { KiB, MiB } from './cost-basics.ts';
import { DEFAULT_PARAMS, type SluiceParams } from './cost-model.ts';
import type { PeerId } from './cost-peers.ts';
import { PEER_NAMES, costTables, need } from './cost-report.ts';
import { GOAL, costSection, pollingMonthly, type CostSection } from './cost-scenarios.ts';
import { tailTables, waitLabel } from './e2e-report.ts';
import type { E2eResult } from './e2e.ts';
import type { FootprintResult } from './footprint.ts';
import type { GatewayBenchResult } from './gateway.ts';
import { gatewayHeadline, gatewayMarkdown } from './gateway-report.ts';
import { modeLabel, type HandlerCpuResult } from './handler-cpu.ts';
import type { CompactionBenchResult } from './compaction.ts';
import type { MaintenanceBenchResult } from './maintenance.ts';
import { maintenanceCheck, maintenanceHeadline, maintenanceTables, measuredMaintenance } from './maintenance-report.ts';
import { renderCharts, type ChartFile } from './report-charts.ts';
import { measuredGetSpread, modelCheck, tailCheck, type ModelCheckRow } from './model-check.ts';
import { PRICE_SOURCES } from './prices.ts';
import { fmt, money } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results');

interface Step<T> {
  ok: boolean;
  seconds: number;
  result?: T;
  error?: string;
  /** When the measurement was taken, if before this report (carried over by `--update`). */
  measuredAt?: string;
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

// ---- the report ---------------------------------------------------------------------------------

interface Results {
  generatedAt: string;
  quick: boolean;
  machine: { node: string; cpus: number; platform: string };
  codec: Step<CodecSection>;
  handlerCpu: Step<HandlerCpuResult>;
  e2e: Step<E2eResult>;
  maintenance: Step<MaintenanceBenchResult>;
  compaction?: Step<CompactionBenchResult>;
  footprint: Step<FootprintResult>;
  gateway?: Step<GatewayBenchResult>;
  cost: CostSection;
  modelCheck: ModelCheckRow[];
  maintenanceCheck: ModelCheckRow[];
  charts: ChartFile[];
  headline: string[];
}

function codecRatio(c: CodecBenchResult[] | undefined, op: CodecBenchResult['op'], records: number, compression = 'none'): number | null {
  return c?.find((r) => r.op === op && r.records === records && r.compression === compression)?.ratio ?? null;
}

function headline(r: Omit<Results, 'headline'>): string[] {
  const out: string[] = [];
  const c = r.codec.result?.cases;
  if (c) {
    const parts = [1000, 100].flatMap((n) =>
      (['encode', 'decode'] as const).map((op) => {
        const x = codecRatio(c, op, n);
        return x === null ? null : `${op} ${n === 1000 ? '1000×1 KiB' : '100×200 B'} ${fmt(x, 1)}×`;
      }),
    ).filter(Boolean);
    const bare = codecRatio(c, 'decode, no CRC', 1000);
    out.push(
      `Codec vs KafkaJS 2.2.4 (uncompressed): ${parts.join(', ')} (goal ≥ 3×); decode checks the CRC-32C (KafkaJS does not; without the check 1000×1 KiB is ${fmt(bare, 1)}×), ` +
        `with ${r.codec.result!.crcBackend}.`,
    );
  } else out.push(`Codec: not measured (${r.codec.error ?? 'skipped'}).`);
  out.push(...costHeadline(r.cost));
  out.push(...maintenanceHeadline(r.maintenance.result, r.cost.reference.maintenance, r.cost.reference.lines, r.cost.reference.perGib));
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
        `100-record request p50/p99 ${fmt(one?.p50Ms, 0)}/${fmt(one?.p99Ms, 0)} ms; produce-to-consume p50/p99 ${fmt(e.tails[0]?.p50Ms, 0)}/${fmt(e.tails[0]?.p99Ms, 0)} ms.`,
    );
    for (const t of e.tails.filter((x) => x.intervalMs >= 1000)) {
      const [wall, queries] = tailCheck(t, r.cost.measured.cpu);
      out.push(
        `Tailing, one produce request every ${fmt((t.produceSeconds * 1000) / Math.max(1, t.produceRequests), 0)} ms, 3 consumers ${waitLabel(t)}, local stack: ` +
          `${fmt(t.fetchRequests / Math.max(1, t.produceRequests), 2)} fetches per produce request, each ${fmt(t.fetchHandlerMsMean, 0)} ms of fetch handler wall time on average (what Lambda would bill), ` +
          `${fmt(t.perFetch.ddbReads, 1)} Queries and ${fmt(t.perFetch.rru, 1)} RRU per fetch. Per produce request, all consumers: ${fmt(wall?.measured, 0)} ms of fetch wall time and ${fmt(queries?.measured, 0)} Queries; ` +
          `the model with the emulators' Query and GET times predicts ${fmt(wall?.model, 0)} ms and ${fmt(queries?.model, 0)}; produce-to-consume p50 ${fmt(t.p50Ms, 0)} ms.`,
      );
    }
  } else out.push(`End to end: ${e?.skipped ?? r.e2e.error ?? 'not run'}.`);
  out.push(gatewayHeadline(r.gateway?.result, r.gateway?.error));
  return out;
}

function costHeadline(c: CostSection): string[] {
  const ref = c.reference;
  const peers = Object.entries(c.peers).map(([id, p]) => `${PEER_NAMES[id as PeerId]} ${money(p.perGib, 3)}`);
  const groupLines = ref.lines.filter((l) => l.id.includes('groups')).reduce((n, l) => n + l.monthly, 0);
  const row = (id: string) => c.scenarios.find((s) => s.id === id);
  const waiting = (id: string): string => {
    const s = row(id);
    return s ? `${money(s.monthly, 0)}/month, ${money(s.perGib, 4)}/GiB, records delivered ${fmt(s.deliveryMs, 0)} ms after commit on average` : '-';
  };
  const maintLines = ref.lines.filter((l) => l.id.startsWith('maint.')).reduce((n, l) => n + l.monthly, 0);
  const before = row('no-maintenance');
  const gib = ref.monthly / ref.perGib;
  const over = ref.perGib - GOAL;
  return [
    `Reference workload (1 MiB/s, 1 KiB records, 10 partitions, 3 groups, 7 days), binary produce in 1 MiB requests, consumers on the SDK's defaults (paced every 1 s, 4 MiB fetches), maintenance as scheduled (merging, retention, collection): ` +
      `**${money(ref.monthly, 0)}/month, ${money(ref.perGib, 4)}/GiB ingested all-in** (goal ≤ $${GOAL}${over > 0 ? `: missed by ${money(over, 4)}/GiB, ${money(over * gib, 0)}/month` : ': met'}); ` +
      `maintenance ${money(maintLines, 0)} of it (priced as before maintenance ran: ${money(before?.perGib ?? NaN, 4)}/GiB), consumer-group coordination ${money(groupLines, 0)}, the consumers' polling ${money(pollingMonthly(ref), 0)}; ` +
      `records delivered ${fmt(ref.fetch.deliveryMs, 0)} ms after commit on average (model). Peers: ${peers.join(', ')}.`,
    `Long-polling consumers instead (\`pollIntervalMs: 0\`, up to 1 s; the default until 2026-11-21): ${waiting('long-poll')}, because Lambda bills the wait; paced every 250 ms: ${waiting('paced-250ms')}. ` +
      `Priced as the model did until 2026-11-21 (full budgets, no waiting): ${money(row('full-budget')?.perGib ?? NaN, 4)}/GiB.`,
    `≤ $${GOAL}/GiB (what the producer must batch): SDK defaults ${need(c.batching)}; entries a merge replaces left to TTL (not built) ${need(row('maint-ttl')?.batching)}, ${money(row('maint-ttl')?.perGib ?? NaN, 4)}/GiB at 1 MiB; with offsets committed every 30 s ${need(row('commit-30s')?.batching)}; ` +
      `paced every 250 ms ${need(row('paced-250ms')?.batching)}; long-poll ${need(row('long-poll')?.batching)}.`,
    `Idle: ${money(ref.idleMonthly, 2)}/month of storage, $0 once empty, with the consumers stopped; the 3 SDK consumers left running on an idle topic cost ${money(ref.idleConsumersMonthly, 0)}/month (a fetch a second each, heartbeats).`,
  ];
}

function markdown(r: Results): string {
  const L: string[] = [];
  L.push('# Sluice benchmark report', '');
  L.push(`Generated ${r.generatedAt}${r.quick ? ' with `--quick` (short runs: noisier)' : ''}; Node ${r.machine.node}, ${r.machine.cpus} cores (shared), ${r.machine.platform}. How to read it: [docs/benchmarks.md](../../docs/benchmarks.md); the cost model: [docs/cost-model.md](../../docs/cost-model.md). Machine-readable: [latest.json](latest.json).`, '');
  L.push('## Headline', '', ...r.headline.map((h) => `- ${h}`), '');

  L.push('## 1. RecordBatch codec vs KafkaJS 2.2.4', '');
  if (r.codec.result) {
    L.push('Same inputs, same process; `ratio` = Sluice ops/s ÷ KafkaJS ops/s (KafkaJS has no lz4/zstd built in). From bench/codec.ts.', '');
    L.push(codecTable(r.codec.result.cases), '');
    L.push(codecProfileTables(r.codec.result));
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
    L.push(
      '### The model against the meter',
      '',
      'Per-request counts the cost model assumes vs what the metering middleware counted on the local stack. ' +
        'The tail rows run the long-poll model (bench/cost-consumer-wait.ts) with each tailing run\'s measured produce interval and the emulators\' own mean Query and GET times ' +
        '(here tens of ms, against ~6 ms on AWS, so fewer poll rounds fit in a wait than on AWS); the totals per produce request are what the bill follows, the split into fetches depends on where requests land against the poll cadence.',
      '',
    );
    L.push('| what | model | measured |', '|---|---:|---:|');
    for (const c of r.modelCheck) L.push(`| ${c.what} | ${fmt(c.model)} | ${fmt(c.measured)} |`);
    L.push('');
  }

  L.push('## 5. Maintenance: segments, retention, garbage collection', '');
  const ref = r.cost.reference;
  const maintMonthly = ref.lines.filter((l) => l.id.startsWith('maint.')).reduce((n, l) => n + l.monthly, 0);
  L.push(maintenanceTables(r.maintenance.result, ref.maintenance, r.maintenanceCheck, ref.monthly / ref.perGib, maintMonthly), '');

  L.push('### Compacted topics', '');
  L.push(compactionTable(r.compaction), '');

  L.push('## 6. Lambda footprint', '');
  if (r.footprint.result) L.push(footprintTable(r.footprint.result));
  else L.push(`Not measured: ${r.footprint.error}`);
  L.push('');

  L.push('## 7. Scaling', '');
  if (r.e2e.result && !r.e2e.result.skipped) {
    L.push(scalingTable(r.e2e.result), '', 'Request size: see the produce table in section 3 (1 to 3,900 records of 1 KiB per request at concurrency 1).');
  } else L.push('Not run (needs the local stack).');
  L.push('');
  L.push('## 8. Kafka gateway', '');
  L.push(gatewayMarkdown(r.gateway?.result, r.gateway?.error), '');
  L.push('## Run', '', '| benchmark | ok | seconds |', '|---|---|---:|');
  const notRun: Step<unknown> = { ok: false, seconds: 0, error: 'not run' };
  for (const [k, s] of [['codec', r.codec], ['handler CPU', r.handlerCpu], ['end to end', r.e2e], ['maintenance', r.maintenance], ['compaction', r.compaction ?? notRun], ['footprint', r.footprint], ['Kafka gateway', r.gateway ?? notRun]] as const) {
    L.push(`| ${k} | ${s.ok ? (s.measuredAt ? `yes (measured ${s.measuredAt}, kept by --update)` : 'yes') : `no: ${(s.error ?? '').split('\n')[0]}`} | ${fmt(s.seconds, 1)} |`);
  }
  return L.join('\n') + '\n';
}

function compactionTable(step: Step<CompactionBenchResult> | undefined): string {
  const c = step?.result;
  if (!c || c.skipped) return `Not measured: ${c?.skipped ?? step?.error ?? 'not run'}`;
  const mib = (b: number) => fmt(b / MiB, 2);
  return [
    `A changelog of ${c.updates.toLocaleString('en-US')} updates over ${c.keys.toLocaleString('en-US')} keys (${c.valueBytes}-byte values), one partition, merged into segments, then compacted (bench/compaction.ts, docs/compaction.md). ${c.note}`,
    '',
    '| what | before | after |',
    '|---|---:|---:|',
    `| records | ${c.before.records.toLocaleString('en-US')} | ${c.after.records.toLocaleString('en-US')} |`,
    `| MiB stored | ${mib(c.before.bytes)} | ${mib(c.after.bytes)} |`,
    `| segments | ${c.before.segments} | ${c.after.segments} |`,
    '',
    '| figure | value |',
    '|---|---:|',
    `| compaction throughput (MiB of input per second of the pass) | ${fmt(c.compactMiBPerSec, 2)} |`,
    `| compacting pass | ${fmt(c.compactSeconds, 1)} s |`,
    `| key map memory per million keys (allocated / measured) | ${mib(c.mapBytesPerMillionKeys)} / ${mib(c.mapMeasuredBytesPerMillionKeys)} MiB |`,
    `| a million keys into the map | ${fmt(c.mapMillionPutsSeconds, 1)} s |`,
  ].join('\n');
}

function codecTable(results: CodecBenchResult[]): string {
  const lines = ['| case | codec | op | Sluice rec/s | KafkaJS rec/s | ratio |', '|---|---|---|---:|---:|---:|'];
  for (const x of results) {
    lines.push(`| ${x.records} × ${x.valueBytes} B | ${x.compression} | ${x.op} | ${fmt(x.sluice.recordsPerSec, 0)} | ${x.kafkajs ? fmt(x.kafkajs.recordsPerSec, 0) : '-'} | ${x.ratio === null ? '-' : `${fmt(x.ratio, 1)}×`} |`);
  }
  return lines.join('\n');
}

function codecProfileTables(c: CodecSection): string {
  const L = [
    `CRC-32C: batches of 16 KiB and more are checked with ${c.crcBackend} in this process; smaller inputs, and the Lambda bundles (which leave the optional aws-crt out), use @node-rs/crc32. See docs/codec.md.`,
    '',
    '| CRC-32C implementation | input | GB/s |',
    '|---|---:|---:|',
    ...c.crc.map((x) => `| ${x.implementation} | ${x.bytes >= 1 << 20 ? `${x.bytes >> 20} MiB` : `${x.bytes >> 10} KiB`} | ${fmt(x.gbPerSec, 1)} |`),
    '',
    'Where the time goes, µs per batch, by subtraction: the whole operation, then its parts timed alone on the same bytes (from `bench/codec.ts --profile`).',
    '',
    '| case | part | µs |',
    '|---|---|---:|',
    // A part found by subtraction can come out below 0 when the machine's noise exceeds it.
    ...c.profile.map((x) => `| ${x.case} | ${x.part} | ${x.microsPerBatch < 0 ? '≈ 0 (below the noise)' : fmt(x.microsPerBatch, 1)} |`),
  ];
  return L.join('\n');
}

function handlerCpuTable(h: HandlerCpuResult): string {
  const lines = ['| path | mode | record B | records/req | payload KiB | CPU ms/req | CPU ms/MiB | CPU µs/record |', '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const c of h.cases) {
    lines.push(`| ${c.path} | ${modeLabel(c)} | ${c.recordBytes} | ${c.recordsPerRequest} | ${fmt(c.payloadBytes / KiB, 0)} | ${fmt(c.cpuMsPerRequest)} | ${fmt(c.cpuMsPerMiB, 1)} | ${fmt(c.cpuUsPerRecord)} |`);
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
  if (e.tails.length) L.push('', '### Tailing and produce-to-consume latency', '', tailTables(e.tails));
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

// ---- main ---------------------------------------------------------------------------------------

/** The `--only` names and the fields of Results they fill. */
const STEP_FIELDS: Record<string, keyof Results> = {
  codec: 'codec', cpu: 'handlerCpu', e2e: 'e2e', maintenance: 'maintenance', compaction: 'compaction', footprint: 'footprint', gateway: 'gateway',
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : null;
  const want = (k: string): boolean => !only || only.has(k);
  const skipped = <T>(): Step<T> => ({ ok: false, seconds: 0, error: 'not selected (--only)' });
  const t0 = Date.now();
  const log = (m: string): void => console.error(`[bench ${fmt((Date.now() - t0) / 1000, 0)} s] ${m}`);

  // --rerender: the report again from the last run's measurements (latest.json), with this code's
  // model and tables; nothing is measured.
  const last = argv.includes('--rerender') ? (JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8')) as Results) : null;
  // --update: what is not measured now comes from the last run, with the time it was measured.
  const previous = argv.includes('--update') && !last ? (JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8')) as Results) : null;
  const measure = <T>(key: string, module: string, exportName: string, from?: Step<T>): Step<T> => {
    if (last) return from ?? skipped<T>();
    if (!want(key) && previous) {
      const kept = (previous as unknown as Record<string, Step<T> | undefined>)[STEP_FIELDS[key]!];
      if (kept?.ok) return { ...kept, measuredAt: kept.measuredAt ?? previous.generatedAt };
    }
    log(key);
    return want(key) ? runChild<T>(module, exportName, quick) : skipped<T>();
  };
  const codec = measure<CodecSection>('codec', 'codec.ts', 'runCodecSection', last?.codec);
  const handlerCpu = measure<HandlerCpuResult>('cpu', 'handler-cpu.ts', 'runHandlerCpu', last?.handlerCpu);
  const e2e = measure<E2eResult>('e2e', 'e2e.ts', 'runE2e', last?.e2e);
  const maintenance = measure<MaintenanceBenchResult>('maintenance', 'maintenance.ts', 'runMaintenanceBench', last?.maintenance);
  const compaction = measure<CompactionBenchResult>('compaction', 'compaction.ts', 'runCompactionBench', last?.compaction);
  const footprint = measure<FootprintResult>('footprint', 'footprint.ts', 'runFootprint', last?.footprint);
  const gateway = measure<GatewayBenchResult>('gateway', 'gateway.ts', 'runGatewayBench', last?.gateway);
  log('cost model and report');

  const fit = handlerCpu.result?.fit;
  const cpu: SluiceParams['cpu'] = fit ? { produceJson: fit.produceJson, produceBinary: fit.produceBinary, fetch: fit.fetch } : DEFAULT_PARAMS.cpu;
  const getSpread = measuredGetSpread(e2e.result) ?? DEFAULT_PARAMS.getSpread;
  const maintenanceParams = { ...DEFAULT_PARAMS.maintenance, ...measuredMaintenance(maintenance.result) };
  const cost = costSection({ cpu, getSpread, maintenance: maintenanceParams }, (n) => money(n));
  mkdirSync(RESULTS, { recursive: true });
  const base = {
    generatedAt: last?.generatedAt ?? new Date().toISOString(),
    quick: last?.quick ?? quick,
    machine: { node: process.versions.node, cpus: (await import('node:os')).cpus().length, platform: `${process.platform}-${process.arch}` },
    codec,
    handlerCpu,
    e2e,
    maintenance,
    compaction,
    footprint,
    gateway,
    cost,
    modelCheck: modelCheck(e2e.result, cpu),
    maintenanceCheck: maintenanceCheck(maintenance.result),
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
