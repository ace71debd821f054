/**
 * The maintenance section of the report (bench/maintenance.ts's run): replay before and after
 * merging against the design's targets, the index before and after, what maintenance called per
 * GiB, the model's counts for the same run beside the meter's, and the parameters the cost model
 * takes from the run.
 */
import type { InvokeMode } from '../local/server.ts';
import { GiB, MiB } from './cost-basics.ts';
import {
  DEFAULT_MAINTENANCE,
  addCalls,
  collection,
  idleCheck,
  noCalls,
  partitionPass,
  passOverhead,
  segmentSwap,
  WALK_FIRST_PAGE,
  type Calls,
  type MaintenanceParams,
  type MaintenanceProfile,
} from './cost-maintenance.ts';
import type { ModelCheckRow } from './model-check.ts';
import type { MaintenanceBenchResult, Metered, ReplayRun } from './maintenance.ts';
import type { MeterSnapshot } from '../shared/storage/metering.ts';
import { fmt, money } from './lib/stats.ts';
import type { LineItem } from './cost-basics.ts';

/** The design's targets for a full replay after merging. */
export const REPLAY_GOALS = { bytesReadPerByte: 1.1, getsPerMiB: 0.3, speedup: 5 } as const;

const calls = (s: MeterSnapshot, service: 'S3' | 'DynamoDB', op: string): number => s.operations.find((o) => o.service === service && o.operation === op)?.calls ?? 0;
const errors = (s: MeterSnapshot, service: 'S3' | 'DynamoDB', op: string): number => s.operations.find((o) => o.service === service && o.operation === op)?.errors ?? 0;
const units = (s: MeterSnapshot, op: string, kind: 'wru' | 'rru'): number => s.operations.filter((o) => o.service === 'DynamoDB' && o.operation === op).reduce((n, o) => n + o[kind], 0);

/** Maintenance parameters measured by the run: CPU per MiB merged, per partition pass, per GC item. */
export function measuredMaintenance(r: MaintenanceBenchResult | undefined): Partial<MaintenanceParams> {
  if (!r || r.skipped || !r.merge) return {};
  const P = r.workload.partitions;
  const mib = r.merge.report.bytesMerged / MiB;
  const out: Partial<MaintenanceParams> = {};
  if (mib > 0) out.cpuMsPerMiB = Math.max(0, r.merge.cpuMs - r.idlePass.cpuMs) / mib;
  out.cpuMsPerPartitionPass = r.idlePass.cpuMs / P;
  const gc = r.gc[1];
  if (gc) out.gcCpuMsPerItem = gc.cpuMs / Math.max(1, gc.report.objectsListed + r.index.after.items);
  return out;
}

/** The model's counts for the run's own shape, pass by pass. */
export function maintenanceCheck(r: MaintenanceBenchResult | undefined): ModelCheckRow[] {
  if (!r || r.skipped || !r.merge) return [];
  const m = DEFAULT_MAINTENANCE;
  const P = r.workload.partitions;
  const entries = r.index.before.items;
  const entryItem = r.index.before.bytes / Math.max(1, entries);
  const segments = r.index.after.segments;
  const perPartition = entries / P;
  const perSegment = entries / Math.max(1, segments);
  const segItem = r.index.after.bytes / Math.max(1, r.index.after.items);
  const segBytes = r.workload.storedBytes / Math.max(1, segments);
  const rounds = Math.ceil(Math.min(P, m.partitionsPerJob) / Math.max(1, Math.floor(r.workload.memoryBudgetBytes / segBytes)));

  // The merge pass: every partition walks its head (all its entries) and its first retention page (the same entries).
  const merge = addCalls(noCalls(), passOverhead(1));
  addCalls(merge, idleCheck(entryItem, entryItem), P);
  addCalls(merge, partitionPass(perPartition, entryItem, Math.min(WALK_FIRST_PAGE, perPartition) * entryItem), P);
  addCalls(merge, segmentSwap(m, perSegment, segItem, entryItem), segments);
  merge.s3Gets += r.workload.requests * rounds;
  // The steady pass: nothing to merge, nothing expired: every partition is found idle and its
  // lease is never taken.
  const idle = addCalls(noCalls(), passOverhead(1));
  addCalls(idle, idleCheck(segItem, segItem), P);
  const rows: ModelCheckRow[] = [];
  const tag = (what: string) => `maintenance, ${what}`;
  const push = (pass: string, model: Calls, s: MeterSnapshot) => {
    rows.push({ what: tag(`${pass}: S3 GET`), model: model.s3Gets, measured: calls(s, 'S3', 'GetObject') });
    rows.push({ what: tag(`${pass}: S3 PUT`), model: model.s3Puts, measured: calls(s, 'S3', 'PutObject') });
    rows.push({ what: tag(`${pass}: TransactWriteItems`), model: model.ddbTransacts, measured: calls(s, 'DynamoDB', 'TransactWriteItems') });
    rows.push({ what: tag(`${pass}: UpdateItem`), model: model.ddbUpdates, measured: calls(s, 'DynamoDB', 'UpdateItem') });
    rows.push({ what: tag(`${pass}: BatchWriteItem`), model: model.ddbBatchWrites, measured: calls(s, 'DynamoDB', 'BatchWriteItem') });
    rows.push({ what: tag(`${pass}: WRU of entry deletes`), model: model.entryDeleteWru, measured: units(s, 'BatchWriteItem', 'wru') });
    rows.push({ what: tag(`${pass}: Queries`), model: model.ddbQueries, measured: calls(s, 'DynamoDB', 'Query') });
    rows.push({ what: tag(`${pass}: RRU (Queries and GetItem)`), model: model.rru, measured: units(s, 'Query', 'rru') + units(s, 'GetItem', 'rru') });
  };
  push(`merge pass (${P} partitions, ${fmt(perPartition, 0)} entries each into ${segments} segments)`, merge, r.merge.aws);
  push('steady pass (nothing to merge)', idle, r.idlePass.aws);
  const gc = r.gc[1];
  if (gc) {
    const produceObjects = gc.report.objectsListed - segments;
    const model = collection(produceObjects, segments, r.index.after.bytes, gc.report.objectsDeleted);
    const what = `collection deleting ${gc.report.objectsDeleted} objects`;
    rows.push({ what: tag(`${what}: LIST`), model: model.s3Lists, measured: calls(gc.aws, 'S3', 'ListObjectsV2') });
    rows.push({ what: tag(`${what}: DeleteObjects (attempts; errors ${errors(gc.aws, 'S3', 'DeleteObjects')})`), model: model.s3DeleteObjects, measured: calls(gc.aws, 'S3', 'DeleteObjects') });
    rows.push({ what: tag(`${what}: Scan RRU`), model: model.scanRru, measured: units(gc.aws, 'Scan', 'rru') });
    rows.push({ what: tag(`${what}: UpdateItem (lease)`), model: model.ddbUpdates, measured: calls(gc.aws, 'DynamoDB', 'UpdateItem') });
  }
  return rows;
}

/** The fetch invoke mode a replay ran with, in a row's name. */
const modeName = (mode: InvokeMode): string => (mode === 'RESPONSE_STREAM' ? 'fetch streamed' : 'fetch buffered');

/** A replay before and after merging, as a table; `speed` names the throughput column. */
function replayTable(speed: string, r: ReplayPair & { fetchInvokeMode?: InvokeMode; otherMode?: ReplayPair & { fetchInvokeMode: InvokeMode }; afterStreamed?: ReplayRun }): string[] {
  // Without a recorded mode, the rows are from when fetch was buffered by default.
  const mode = r.fetchInvokeMode ?? (r.afterStreamed ? 'BUFFERED' : undefined);
  const tag = (m: InvokeMode | undefined, isDefault: boolean) => (m ? `, ${modeName(m)}${isDefault ? ' (default)' : ''}` : '');
  return [
    `| layout | partitions read | MiB each | fetches | ${speed} (median run) | each run | fetch p50 ms | handler ms/fetch | GET ms/fetch (summed) | GETs | S3 bytes read per byte returned | GETs per MiB | Queries/fetch | RRU/fetch |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    replayRow(`produce objects (before merging)${tag(mode, true)}`, r.before),
    replayRow(`segments (after merging)${tag(mode, true)}`, r.after),
    ...(r.otherMode
      ? [
          replayRow(`produce objects (before merging)${tag(r.otherMode.fetchInvokeMode, false)}`, r.otherMode.before),
          replayRow(`segments (after merging)${tag(r.otherMode.fetchInvokeMode, false)}`, r.otherMode.after),
        ]
      : []),
    ...(r.afterStreamed ? [replayRow('segments, fetch streamed (`fetchInvokeMode` RESPONSE_STREAM)', r.afterStreamed)] : []),
  ];
}

interface ReplayPair {
  before: ReplayRun;
  after: ReplayRun;
}

function replayRow(name: string, x: ReplayRun): string {
  return `| ${name} | ${x.partitionsRead} | ${fmt(x.bytes / x.partitionsRead / MiB, 1)} | ${x.fetches} | ${fmt(x.mibPerSec, 1)} | ${x.mibPerSecRuns?.map((v) => fmt(v, 1)).join(' / ') ?? '-'} | ${fmt(x.fetchP50Ms, 0)} | ${fmt(x.handlerMsMean, 0)} | ${fmt(x.getMsPerFetch, 0)} | ${x.s3Gets} | ${fmt(x.bytesReadPerByte, 3)} | ${fmt(x.getsPerMiB, 2)} | ${fmt(x.queries / x.fetches, 1)} | ${fmt(x.rru / x.fetches, 2)} |`;
}

function perGiB(m: Metered<unknown>, bytes: number): string {
  const g = bytes / GiB;
  const s = m.aws;
  const parts = s.operations.map((o) => `${o.operation} ${fmt(o.calls / g, 0)}${o.wru ? ` (${fmt(o.wru / g, 0)} WRU)` : ''}${o.rru ? ` (${fmt(o.rru / g, 0)} RRU)` : ''}`);
  return parts.join(', ');
}

/** Speed-up of the replay after merging, and whether each target is met. */
export function replayFigures(r: MaintenanceBenchResult) {
  const a = r.replay.after;
  const b = r.replay.before;
  return {
    speedup: a.mibPerSec / b.mibPerSec,
    handlerSpeedup: (b.handlerMsMean / b.bytes) * (a.bytes / a.handlerMsMean),
    bytesReadPerByte: a.bytesReadPerByte,
    getsPerMiB: a.getsPerMiB,
    getsPerMiBBefore: b.getsPerMiB,
    itemsPerGiBBefore: r.index.before.items / (r.workload.storedBytes / GiB),
    itemsPerGiBAfter: r.index.after.items / (r.workload.storedBytes / GiB),
    /** The end-to-end benchmark's per-partition replay (10 readers at once, 1 MiB fetches): the issue's "today's". */
    readersSpeedup: r.readersReplay ? r.readersReplay.after.mibPerSec / r.readersReplay.before.mibPerSec : undefined,
  };
}

/** The per-partition replay as the end-to-end benchmark runs it, in a sentence. */
function readersSentence(r: MaintenanceBenchResult): string {
  const x = r.readersReplay;
  const speedup = replayFigures(r).readersSpeedup;
  if (!x || speedup === undefined) return '';
  const mode = x.fetchInvokeMode ? `; ${modeName(x.fetchInvokeMode)}, the default` : '';
  const other = x.otherMode;
  return (
    `Per-partition replay as the end-to-end benchmark runs it (${x.readers} readers at once, one per partition, 1 MiB fetches, a topic written in ${fmt(x.requestBytes / 1024, 0)} KiB requests${mode}): ` +
    `${fmt(x.after.mibPerSec, 1)} MiB/s after merging against ${fmt(x.before.mibPerSec, 1)} before, ${fmt(speedup, 2)}× (goal ≥ ${REPLAY_GOALS.speedup}×: ${speedup >= REPLAY_GOALS.speedup ? 'met' : 'missed'}); ` +
    `${fmt(x.before.getsPerMiB, 1)} GETs per MiB before, ${fmt(x.after.getsPerMiB, 2)} after (one per fetch).` +
    (other
      ? ` With ${modeName(other.fetchInvokeMode)} instead: ${fmt(other.after.mibPerSec, 1)} MiB/s after merging against ${fmt(other.before.mibPerSec, 1)} before, ${fmt(other.after.mibPerSec / other.before.mibPerSec, 2)}×.`
      : '') +
    (x.afterStreamed
      ? ` With fetch streamed instead of buffered (not the default then): ${fmt(x.afterStreamed.mibPerSec, 1)} MiB/s, ${fmt(x.afterStreamed.mibPerSec / x.before.mibPerSec, 2)}× the buffered replay before merging.`
      : '')
  );
}

export function maintenanceHeadline(r: MaintenanceBenchResult | undefined, ref: MaintenanceProfile | undefined, lines: LineItem[], perGibTotal: number): string[] {
  if (!r || r.skipped || !r.merge) return [`Maintenance: not measured (${r?.skipped ?? 'not run'}).`];
  const f = replayFigures(r);
  const maint = lines.filter((l) => l.id.startsWith('maint.'));
  const total = maint.reduce((n, l) => n + l.monthly, 0);
  const deletes = maint.find((l) => l.id === 'maint.ddb.entry-deletes')?.monthly ?? 0;
  return [
    `Full replay of a partition after merging (local stack, ${fmt(r.workload.storedBytes / r.workload.partitions / MiB, 0)} MiB per partition, 4 MiB fetches): ` +
      `${fmt(f.bytesReadPerByte, 3)} bytes read from S3 per byte returned (goal ≤ ${REPLAY_GOALS.bytesReadPerByte}), ${fmt(f.getsPerMiB, 2)} GETs per MiB (goal ≤ ${REPLAY_GOALS.getsPerMiB}; ${fmt(f.getsPerMiBBefore, 1)} before), ` +
      `${fmt(r.replay.after.mibPerSec, 1)} MiB/s against ${fmt(r.replay.before.mibPerSec, 1)} before: ${fmt(f.speedup, 1)}× (one reader; the fetch handler alone ${fmt(f.handlerSpeedup, 1)}×); ` +
      `index items per GiB ${fmt(f.itemsPerGiBBefore, 0)} → ${fmt(f.itemsPerGiBAfter, 1)}. ${readersSentence(r)}`,
    `Maintenance at the reference workload (model; its pieces checked against this run's meter): ${money(total, 2)}/month (${money((total / (lines.reduce((n, l) => n + l.monthly, 0) / perGibTotal)), 4)}/GiB), ` +
      `of which ${money(deletes, 2)} is deleting every merged index entry (1 WRU each, as much as the commits); ` +
      (ref ? `segments of ${fmt(ref.segmentBytes / MiB, 0)} MiB every ${fmt(ref.closeSeconds / 60, 0)} min per partition, the index bounded at ${fmt(ref.indexItems, 0)} items.` : ''),
  ];
}

export function maintenanceTables(
  r: MaintenanceBenchResult | undefined,
  ref: MaintenanceProfile | undefined,
  checks: ModelCheckRow[],
  gibPerMonth?: number,
  maintMonthly = 0,
): string {
  if (!r || r.skipped || !r.merge) return `Not run: ${r?.skipped ?? 'not selected'}.`;
  const w = r.workload;
  const f = replayFigures(r);
  const L: string[] = [
    `${r.note} A ${w.partitions}-partition topic written in ${fmt(w.requestBytes / MiB, 0)} MiB requests of 1 KiB keyed records (${w.requests} requests, ${fmt(w.storedBytes / MiB, 0)} MiB stored, ${fmt(w.storedBytes / w.partitions / MiB, 1)} MiB per partition), ` +
      `then merged with entryDeleteDelayMs 0, segment.bytes ${fmt(w.segmentBytes / MiB, 0)} MiB, segment.ms ${w.segmentMs} ms, chunks of ${fmt(w.indexIntervalBytes / 1024, 0)} KiB. ` +
      'Replay: one reader at a time reads a partition from offset 0 to its end with `GET /v1/topics/{t}/partitions/{p}/records`, 4 MiB per fetch (the SDK consumer\'s default budget), binary. ' +
      'The readers are signed node:http GETs with keep-alive, in a worker thread (bench/lib/replay-readers.ts). ' +
      `Each replay runs ${r.replay.after.mibPerSecRuns?.length ?? 1} times; a row is its median run by throughput, and "each run" lists them all.`,
    '',
    '### Full replay of a partition, before and after merging',
    '',
    ...replayTable('MiB/s per partition', r.replay),
    '',
    `Targets: S3 bytes read per byte returned ${fmt(f.bytesReadPerByte, 3)} (≤ ${REPLAY_GOALS.bytesReadPerByte}: ${f.bytesReadPerByte <= REPLAY_GOALS.bytesReadPerByte ? 'met' : 'missed'}); ` +
      `GETs per MiB ${fmt(f.getsPerMiB, 3)} (≤ ${REPLAY_GOALS.getsPerMiB}: ${f.getsPerMiB <= REPLAY_GOALS.getsPerMiB ? 'met' : 'missed'}); ` +
      `throughput of one reader ${fmt(f.speedup, 2)}× (the fetch handler's own time per byte ${fmt(f.handlerSpeedup, 2)}×; the ≥ ${REPLAY_GOALS.speedup}× goal is judged on the end-to-end benchmark's replay, below).` +
      (r.replay.singleGet
        ? ` One ${fmt(r.replay.singleGet.bytes / MiB, 0)} MiB ranged GET of a segment alone takes ${fmt(r.replay.singleGet.msMedian, 0)} ms here (${fmt(r.replay.singleGet.mibPerSec, 0)} MiB/s): after merging, a fetch waits for one such GET (about ${fmt(r.replay.singleGet.msMedian, 0)} of the handler's ${fmt(r.replay.after.handlerMsMean, 0)} ms per fetch; its Queries and its own work are the rest), ` +
          `where before it waited for ${fmt(r.replay.before.s3Gets / r.replay.before.fetches, 0)} smaller GETs, 32 at a time, in ${fmt(r.replay.before.handlerMsMean, 0)} ms. ` +
          '(The GET column sums the time to each response\'s headers; the body streams after.)'
        : ''),
    '',
    ...(r.readersReplay
      ? [
          '### Per-partition replay as the end-to-end benchmark runs it, before and after merging',
          '',
          `The replay whose GETs per fetch this work set out to remove (bench/e2e.ts): a second ${w.partitions}-partition topic written in ${fmt(r.readersReplay.requestBytes / 1024, 0)} KiB requests ` +
            `(${fmt(r.readersReplay.storedBytes / MiB, 0)} MiB stored), merged the same way; ${r.readersReplay.readers} readers at once, each reading its partition from 0 to its end, 1 MiB per fetch. MiB/s counts all readers together.`,
          '',
          ...replayTable('MiB/s, all readers', r.readersReplay),
          '',
          readersSentence(r),
          '',
        ]
      : []),
    '### The index',
    '',
    '| | items | items per GiB stored | bytes per item | largest item B |',
    '|---|---:|---:|---:|---:|',
    `| before merging | ${r.index.before.items} | ${fmt(f.itemsPerGiBBefore, 0)} | ${fmt(r.index.before.bytes / Math.max(1, r.index.before.items), 0)} | ${r.index.before.largestItemBytes} |`,
    `| after merging | ${r.index.after.items} (${r.index.after.segments} segments) | ${fmt(f.itemsPerGiBAfter, 1)} | ${fmt(r.index.after.bytes / Math.max(1, r.index.after.items), 0)} | ${r.index.after.largestItemBytes} |`,
    '',
    '### What maintenance called',
    '',
    '| step | wall s | CPU ms | report | calls per GiB ingested |',
    '|---|---:|---:|---|---|',
  ];
  const rep = (x: Record<string, unknown>) =>
    Object.entries(x)
      .filter(([k, v]) => (typeof v === 'number' && v !== 0) || (k === 'failures' && Array.isArray(v) && v.length > 0))
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : v}`)
      .join(', ');
  const steps: Array<[string, Metered<object>]> = [
    ['merge pass', r.merge],
    ['steady pass (nothing to merge)', r.idlePass],
    ...r.gc.map((g): [string, Metered<object>] => [`collection: ${g.what}`, g]),
    ['retention pass (retention.ms 1: everything expires)', r.retention],
  ];
  for (const [name, m] of steps) L.push(`| ${name} | ${fmt(m.ms / 1000, 2)} | ${fmt(m.cpuMs, 0)} | ${rep(m.report as Record<string, unknown>)} | ${perGiB(m, w.recordBytesProduced)} |`);
  L.push(
    '',
    `Merge CPU (this process, the pass less a steady pass): ${fmt((r.merge.cpuMs - r.idlePass.cpuMs) / (r.merge.report.bytesMerged / MiB), 1)} ms per MiB merged; a steady pass ${fmt(r.idlePass.cpuMs / w.partitions, 1)} ms per partition. ` +
      'The cost model takes both (bench/cost-maintenance.ts).',
  );
  if (ref) {
    L.push(
      '',
      `At the reference workload the model has segments of ${fmt(ref.segmentBytes / MiB, 1)} MiB (${fmt(ref.entriesPerSegment, 0)} entries, ${ref.chunksPerSegment} chunks, a ${fmt(ref.segmentItemBytes, 0)} B index item) closing every ${fmt(ref.closeSeconds / 60, 1)} min per partition, ` +
        `${fmt(ref.headEntries, 0)} unmerged entries per partition on average, ${ref.getsPerObject} GET per produce object, ${fmt(ref.indexItems, 0)} index items held (segments of 7 days and the head), ` +
        `S3 bytes kept ${fmt(ref.extraStoredSeconds / 3600, 1)} h past the window; per month ${fmt(ref.segmentsPerMonth, 0)} segments, ${fmt(ref.passesPerMonth, 0)} passes, ${fmt(ref.collectionsPerMonth, 0)} collections, ${fmt(ref.lambdaGbs, 0)} GB-s.`,
    );
  }
  if (ref && gibPerMonth) {
    const c = ref.calls;
    const g = gibPerMonth;
    const run = (op: string, service: 'S3' | 'DynamoDB' = 'S3', kind?: 'wru') => {
      const all = [r.merge, r.idlePass, r.retention, ...r.gc];
      const n = all.reduce((acc, m) => acc + (kind ? units(m.aws, op, kind) : calls(m.aws, service, op)), 0);
      return fmt((n * GiB) / w.recordBytesProduced, 0);
    };
    L.push(
      '',
      '### Maintenance per GiB ingested',
      '',
      'The reference workload at its steady state (model), beside this run (every pass and collection above, over the bytes produced). The run is short: its state is small, so its per-pass and per-collection counts weigh more per GiB than at the steady state, and its Scans read a nearly empty table.',
      '',
      '| what | reference, per GiB (model) | this run, per GiB |',
      '|---|---:|---:|',
      `| S3 GET (merge reads; the pending list) | ${fmt(c.s3Gets / g, 0)} | ${run('GetObject')} |`,
      `| S3 PUT (segments; the pending list) | ${fmt(c.s3Puts / g, 1)} | ${run('PutObject')} |`,
      `| S3 LIST | ${fmt(c.s3Lists / g, 2)} | ${run('ListObjectsV2')} |`,
      `| S3 DeleteObjects | ${fmt(c.s3DeleteObjects / g, 2)} | ${run('DeleteObjects')} |`,
      `| DynamoDB Queries (walks, log starts, topics) / their RRU | ${fmt(c.ddbQueries / g, 0)} / ${fmt(c.rru / g, 0)} | ${run('Query', 'DynamoDB')} / - |`,
      `| DynamoDB Scan RRU (collection) | ${fmt(c.scanRru / g, 0)} | - |`,
      `| WRU: swaps (transaction, closing update) | ${fmt(c.swapWru / g, 1)} | ${run('TransactWriteItems', 'DynamoDB', 'wru')} (transactions only) |`,
      `| WRU: merged entries deleted | ${fmt(c.entryDeleteWru / g, 0)} | ${run('BatchWriteItem', 'DynamoDB', 'wru')} (with retention's deletes) |`,
      `| WRU: retention (segment deletes, log starts) | ${fmt(c.retentionWru / g, 1)} | - |`,
      `| WRU: leases (passes, collections) | ${fmt(c.leaseWru / g, 0)} | - |`,
      `| Lambda GB-s (2,048 MB) / requests | ${fmt(ref.lambdaGbs / g, 0)} / ${fmt(ref.lambdaRequests / g, 1)} | - |`,
      `| **$ per GiB** (the maintenance lines) | **${money(maintMonthly / g, 5)}** | |`,
    );
  }
  if (checks.length) {
    L.push('', '### The maintenance model against the meter', '', 'The model\'s pieces (bench/cost-maintenance.ts) composed for this run\'s shape, against the meter.', '', '| what | model | measured |', '|---|---:|---:|');
    for (const c of checks) L.push(`| ${c.what} | ${fmt(c.model)} | ${fmt(c.measured)} |`);
  }
  return L.join('\n');
}

