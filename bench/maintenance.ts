/**
 * Maintenance on the local stack: what merging a partition's batches into segments does to a
 * full replay, to the index, and what the maintenance itself calls.
 *
 *   1. A 10-partition topic is written in 1 MiB binary requests (1 KiB records keyed over the
 *      partitions, two writers), through the local server's real produce handler.
 *   2. Replay before merging: one reader at a time reads a partition from offset 0 to its end
 *      with `GET /v1/topics/{t}/partitions/{p}/records` and the SDK consumer's default budget
 *      (4 MiB), binary. The meter on the handlers' engine counts GETs, bytes read from S3,
 *      Queries and read units.
 *   3. A maintenance pass (shared/maintenance, in this process, over the same emulators with its
 *      own metered clients): entryDeleteDelayMs 0, so every entry is old enough at once; the
 *      topic's segment.ms at its minimum (1 s) so the last, smaller run of each partition merges
 *      too; segment.bytes 64 MiB (the default), so each partition's 32 MiB (8 MiB with --quick)
 *      becomes one segment, closed by segment.ms as at the reference rate.
 *   4. Replay after merging, the same way. The index is counted before and after.
 *   5. A second pass with nothing to merge (the steady per-pass cost), garbage collection twice
 *      with a zero grace period (the first marks the replaced produce objects, the second deletes
 *      them), then retention: retention.ms set to 1 ms, a pass (every segment deleted, the last
 *      entry hollowed), and two more collections (the segments go).
 *   6. The end-to-end benchmark's per-partition replay (10 readers at once, 1 MiB fetches) on a
 *      second topic, before and after merging: through the local server, whose fetch is invoked as
 *      the construct deploys it (RESPONSE_STREAM), and through a second server whose fetch is
 *      invoked the other way (BUFFERED).
 *
 * Every pass and collection is metered by operation, with its wall time and this process's CPU
 * time (the emulators run in their own processes; the local server idles meanwhile). The cost
 * model's maintenance line (bench/cost-maintenance.ts) is checked against these counts.
 *
 *   npx tsx bench/maintenance.ts [--quick]
 */
import { performance } from 'node:perf_hooks';
import { BATCHES_CONTENT_TYPE } from '../shared/api/frames.ts';
import type { InvokeMode } from '../local/server.ts';
import type { RunningStack } from '../local/stack.ts';
import { createEngine, type Engine } from '../shared/log/engine.ts';
import type { Storage } from '../shared/log/ports.ts';
import { MaintenanceService, type GcReport, type MaintenanceReport, type MaintenanceSettings } from '../shared/maintenance/index.ts';
import { createClients, createStorage } from '../shared/storage/index.ts';
import { encodeIndexEntry } from '../shared/storage/index-item.ts';
import { attachMeter, itemSize, type Meter, type MeterSnapshot } from '../shared/storage/metering.ts';
import { engineClients } from './e2e.ts';
import { HandlerClock } from './e2e-tail.ts';
import { Http, MiB, RECORD, binaryBody, createTopic, drive, recordsFor } from './e2e-http.ts';
import { replayReaders } from './lib/replay-readers.ts';
import { percentile } from './lib/stats.ts';

const GiB = 1024 * MiB;

/** One partition read from offset 0 to its end, one reader at a time. */
export interface ReplayRun {
  partitionsRead: number;
  fetchBytes: number;
  fetches: number;
  records: number;
  /** Bytes of batches returned. */
  bytes: number;
  seconds: number;
  /** Per-partition throughput: bytes returned over the time spent reading them, one reader at a time. */
  mibPerSec: number;
  fetchP50Ms: number;
  fetchP99Ms: number;
  /** Mean wall time of the fetch handler per fetch (what Lambda would bill). */
  handlerMsMean: number;
  /** Summed wall time of the fetch's GETs (they run in parallel) and Queries, per fetch. */
  getMsPerFetch: number;
  queryMsPerFetch: number;
  s3Gets: number;
  /** Body bytes of the ranged GETs. */
  s3BytesRead: number;
  queries: number;
  rru: number;
  /** S3 bytes read per byte returned (read amplification). */
  bytesReadPerByte: number;
  getsPerMiB: number;
  aws: MeterSnapshot | null;
  /** The replay is run REPLAY_RUNS times; this run is the median by throughput, these are all of them (MiB/s; absent in results from before it was). */
  mibPerSecRuns?: number[];
}

export interface IndexCount {
  items: number;
  /** DynamoDB item bytes (its size rules, without the 100 B storage overhead). */
  bytes: number;
  segments: number;
  largestItemBytes: number;
}

export interface Metered<R> {
  ms: number;
  cpuMs: number;
  report: R;
  aws: MeterSnapshot;
}

export interface MaintenanceBenchResult {
  skipped?: string;
  note: string;
  workload: {
    partitions: number;
    recordBytes: number;
    requestBytes: number;
    requests: number;
    /** Record bytes produced (keys + values), what "per GiB ingested" counts. */
    recordBytesProduced: number;
    /** Bytes of stored batches (RecordBatch framing included), from the index. */
    storedBytes: number;
    segmentBytes: number;
    segmentMs: number;
    indexIntervalBytes: number;
    memoryBudgetBytes: number;
    produceSeconds: number;
  };
  index: { before: IndexCount; after: IndexCount };
  /** `singleGet`: one 4 MiB ranged GET of a segment, alone, as the emulator serves it (what bounds a fetch after merging). */
  replay: { before: ReplayRun; after: ReplayRun; singleGet?: { bytes: number; msMedian: number; mibPerSec: number } };
  /**
   * The per-partition replay as the end-to-end benchmark runs it (bench/e2e.ts), whose 37 GETs per
   * 1 MiB fetch the maintenance work set out to remove: a topic written in 256 KiB requests, each
   * partition read from 0 to its end by its own reader, all 10 at once, 1 MiB per fetch.
   */
  readersReplay?: {
    requestBytes: number;
    storedBytes: number;
    readers: number;
    /**
     * How the local server's fetch was invoked for `before` and `after`: its default, the
     * construct's. Absent in results from before RESPONSE_STREAM became the default, when it was BUFFERED.
     */
    fetchInvokeMode?: InvokeMode;
    before: ReplayRun;
    after: ReplayRun;
    /** The same two replays through a second local server whose fetch is invoked the other way (BUFFERED). */
    otherMode?: { fetchInvokeMode: InvokeMode; before: ReplayRun; after: ReplayRun };
    /** In results from when BUFFERED was the default: after merging, with fetch streamed. */
    afterStreamed?: ReplayRun;
  };
  merge: Metered<MaintenanceReport>;
  idlePass: Metered<MaintenanceReport>;
  gc: Array<Metered<GcReport> & { what: string }>;
  retention: Metered<MaintenanceReport>;
}

const PARTITIONS = 10;
const FETCH_BYTES = 4 * MiB;
/** The end-to-end benchmark's per-partition replay: its request size and fetch size. */
const READERS_REQUEST_RECORDS = 256;
const READERS_FETCH_BYTES = MiB;
/**
 * Each replay runs this many times and reports its median run: the machine is shared and a short
 * run (after merging, a few seconds) moves with whatever else runs; the first run is also the
 * emulators' coldest.
 */
const REPLAY_RUNS = 5;

export async function runMaintenanceBench({ quick = false }: { quick?: boolean } = {}): Promise<MaintenanceBenchResult> {
  const note =
    'Local stack: DynamoDB Local + s3rver + the local server on this shared 2-core machine. Throughput is emulator-bound (compare before and after, not with AWS); ' +
    'calls, bytes and units are exact.';
  const perPartition = quick ? 8 * MiB : 32 * MiB;
  // segment.bytes at its default: each partition's data becomes one segment, closed by segment.ms,
  // as at the reference rate (10 minutes of a partition's 0.1 MiB/s are about 60 MiB).
  const segmentBytes = 64 * MiB;
  const settings: Partial<MaintenanceSettings> = { entryDeleteDelayMs: 0, gcGraceMs: 0 };
  const requestRecords = 1024;
  const requests = Math.ceil((perPartition * PARTITIONS) / (requestRecords * RECORD));
  const { startLocalStackServices } = await import('../local/stack.ts');
  const { DEFAULT_LOCAL_CREDENTIALS } = await import('../local/credentials.ts');
  const { DEFAULT_FETCH_INVOKE_MODE, importHandler, startLocalServer } = await import('../local/server.ts');
  const otherMode: InvokeMode = DEFAULT_FETCH_INVOKE_MODE === 'BUFFERED' ? 'RESPONSE_STREAM' : 'BUFFERED';
  const suffix = Date.now().toString(36);
  const clock = new HandlerClock();
  let stack: RunningStack;
  const empty = (skipped: string): MaintenanceBenchResult => ({ skipped, note } as MaintenanceBenchResult);
  try {
    stack = await startLocalStackServices({
      names: { bucket: `sluice-mbench-${suffix}`, metadataTable: `sluice-mbench-meta-${suffix}`, logTable: `sluice-mbench-log-${suffix}` },
      region: 'us-east-1',
      credentials: { ...DEFAULT_LOCAL_CREDENTIALS },
      port: 0,
      // The fetch handler is timed: its wall time is what Lambda would bill.
      loadHandler: async (fn) => (fn === 'fetch' ? clock.wrap(await importHandler(fn)) : importHandler(fn)),
      log: () => undefined,
    });
  } catch (e) {
    return empty(`local stack not available: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const http = new Http(stack.url, stack.credentials);
    await http.json('GET', '/v1/topics');
    const handlerClients = await engineClients();
    const fetchMeter = handlerClients ? attachMeter(handlerClients) : null;

    // Maintenance's own storage and meter; an engine over unmetered clients inspects the index.
    const clients = createClients(stack.storage);
    const storage = createStorage(stack.storage, clients);
    const meter = attachMeter(clients);
    const inspect = createEngine(createStorage(stack.storage), { guessTrustMs: 0 });
    const service = new MaintenanceService({ storage, settings });

    // 1. Produce.
    const topic = 'bench-maintenance';
    const produceSeconds = await filledTopic(http, inspect, topic, { segmentBytes, requestRecords, requests, seed: 11 });

    const before = await countIndex(inspect.storage, (await inspect.topics.get(topic)).id);
    const replayPartitions = quick ? 3 : PARTITIONS;
    const replayBefore = await replay(stack, fetchMeter, clock, topic, { partitions: replayPartitions, fetchBytes: FETCH_BYTES, together: false });

    // 3. Merge.
    const merge = await metered(meter, async () => (await service.runAll({ topics: [topic], gc: false })).report);
    const after = await countIndex(inspect.storage, (await inspect.topics.get(topic)).id);
    const replayAfter = await replay(stack, fetchMeter, clock, topic, { partitions: replayPartitions, fetchBytes: FETCH_BYTES, together: false });
    const singleGet = await timeSingleGet(inspect.storage, (await inspect.topics.get(topic)).id);

    // 5. The steady pass, collections, retention.
    const idlePass = await metered(meter, async () => (await service.runAll({ topics: [topic], gc: false })).report);
    const gc: MaintenanceBenchResult['gc'] = [];
    const collect = async (what: string): Promise<void> => {
      const r = await metered(meter, async () => (await service.runJob({ kind: 'gc' })).gc!);
      gc.push({ what, ...r });
    };
    await collect('after the merge: marks the replaced produce objects');
    await collect('again: deletes them');
    await inspect.topics.alterConfigs(topic, { 'retention.ms': 1 });
    const retention = await metered(meter, async () => (await service.runAll({ topics: [topic], gc: false })).report);
    await collect('after retention: marks the expired segments');
    await collect('again: deletes them');

    // 6. The end-to-end benchmark's per-partition replay, before and after merging, on a topic of
    // its own (written after the figures above were taken, so that they count one topic only).
    const small = 'bench-maintenance-readers';
    const smallRequests = Math.ceil(((quick ? 4 : 12.8) * MiB * PARTITIONS) / (READERS_REQUEST_RECORDS * RECORD));
    await filledTopic(http, inspect, small, { segmentBytes, requestRecords: READERS_REQUEST_RECORDS, requests: smallRequests, seed: 12 });
    const smallStored = (await countIndex(inspect.storage, (await inspect.topics.get(small)).id)).storedBytes;
    const together = { partitions: PARTITIONS, fetchBytes: READERS_FETCH_BYTES, together: true };
    // Each layout is read through the stack's server (fetch invoked the default way) and through a
    // second local server whose fetch is invoked the other way (the same engine and meter).
    const other = await startLocalServer({
      port: 0, credentials: stack.credentials, region: 'us-east-1', log: () => undefined,
      loadHandler: async (fn) => (fn === 'fetch' ? clock.wrap(await importHandler(fn, otherMode)) : importHandler(fn)),
    });
    const otherServer = { url: other.url, credentials: stack.credentials };
    let readers: { before: ReplayRun; after: ReplayRun; otherBefore: ReplayRun; otherAfter: ReplayRun };
    try {
      const readersBefore = await replay(stack, fetchMeter, clock, small, together);
      const otherBefore = await replay(otherServer, fetchMeter, clock, small, together);
      await service.runAll({ topics: [small], gc: false });
      const readersAfter = await replay(stack, fetchMeter, clock, small, together);
      const otherAfter = await replay(otherServer, fetchMeter, clock, small, together);
      readers = { before: readersBefore, after: readersAfter, otherBefore, otherAfter };
    } finally {
      await other.close();
    }

    return {
      note,
      workload: {
        partitions: PARTITIONS,
        recordBytes: RECORD,
        requestBytes: requestRecords * RECORD,
        requests,
        recordBytesProduced: requests * requestRecords * RECORD,
        storedBytes: before.storedBytes,
        segmentBytes,
        segmentMs: 1000,
        indexIntervalBytes: service.settings.indexIntervalBytes,
        memoryBudgetBytes: service.settings.memoryBudgetBytes,
        produceSeconds,
      },
      index: { before: before.count, after: after.count },
      replay: { before: replayBefore, after: replayAfter, singleGet },
      readersReplay: {
        requestBytes: READERS_REQUEST_RECORDS * RECORD, storedBytes: smallStored, readers: PARTITIONS,
        fetchInvokeMode: DEFAULT_FETCH_INVOKE_MODE, before: readers.before, after: readers.after,
        otherMode: { fetchInvokeMode: otherMode, before: readers.otherBefore, after: readers.otherAfter },
      },
      merge,
      idlePass,
      gc,
      retention,
    };
  } finally {
    await stack.stop();
  }
}

/**
 * A new PARTITIONS-partition topic, its segments closed by segment.ms at its minimum (1 s), written
 * through the produce handler in binary requests of `requestRecords` 1 KiB keyed records (two
 * writers). Returns the seconds the writing took; the last entries are then left to age past
 * segment.ms.
 */
async function filledTopic(
  http: Http,
  inspect: Engine,
  topic: string,
  o: { segmentBytes: number; requestRecords: number; requests: number; seed: number },
): Promise<number> {
  await createTopic(http, topic, PARTITIONS);
  await inspect.topics.alterConfigs(topic, { 'segment.bytes': o.segmentBytes, 'segment.ms': 1000 });
  // Timestamps of now (the generator's are fixed in the past, which the default 7-day retention would expire).
  const stamp = Date.now();
  const body = binaryBody(recordsFor(o.requestRecords, o.seed).map((r, i) => ({ ...r, timestamp: stamp + i })), PARTITIONS);
  const t0 = performance.now();
  await drive(2, 900_000, o.requests, async () => {
    await http.request('POST', `/v1/topics/${topic}/records`, { body, headers: { 'content-type': BATCHES_CONTENT_TYPE } });
  });
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 1500));
  return seconds;
}

/** Times a few ranged GETs of FETCH_BYTES from partition 0's segment, one at a time. */
async function timeSingleGet(storage: Storage, topicId: string): Promise<{ bytes: number; msMedian: number; mibPerSec: number } | undefined> {
  const [segment] = (await storage.index.after(topicId, 0, -1, 1, 'strong')).filter((e) => e.chunks);
  if (!segment) return undefined;
  const bytes = Math.min(FETCH_BYTES, segment.byteLength);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await storage.objects.getRange(segment.objectKey, 0, bytes);
    times.push(performance.now() - t0);
  }
  const ms = percentile(times, 50);
  return { bytes, msMedian: ms, mibPerSec: bytes / MiB / (ms / 1000) };
}

async function metered<R>(meter: Meter, run: () => Promise<R>): Promise<Metered<R>> {
  meter.reset();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await run();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, report, aws: meter.snapshot() };
}

async function countIndex(storage: Storage, topicId: string): Promise<{ count: IndexCount; storedBytes: number }> {
  const count: IndexCount = { items: 0, bytes: 0, segments: 0, largestItemBytes: 0 };
  let storedBytes = 0;
  for (let p = 0; p < PARTITIONS; p++) {
    let after = -1;
    for (;;) {
      const page = await storage.index.after(topicId, p, after, 100, 'strong');
      if (page.length === 0) break;
      for (const e of page) {
        const size = itemSize(encodeIndexEntry(e));
        count.items++;
        count.bytes += size;
        count.largestItemBytes = Math.max(count.largestItemBytes, size);
        if (e.chunks) count.segments++;
        storedBytes += e.byteLength;
      }
      after = page[page.length - 1]!.baseOffset;
    }
  }
  return { count, storedBytes };
}

/**
 * Reads each of the first `partitions` partitions from 0 to its end: one reader after another, or
 * (`together`) one reader per partition, all at once. The readers run in a worker thread
 * (lib/replay-readers.ts). `mibPerSec` is bytes returned over the time spent: per partition when
 * one at a time, for all readers together when at once. The replay runs REPLAY_RUNS times, each
 * metered on its own; the median run by throughput is returned, with every run's throughput.
 */
async function replay(stack: Pick<RunningStack, 'url' | 'credentials'>, meter: Meter | null, clock: HandlerClock, topic: string, how: { partitions: number; fetchBytes: number; together: boolean }): Promise<ReplayRun> {
  const runs: ReplayRun[] = [];
  for (let i = 0; i < REPLAY_RUNS; i++) runs.push(await replayOnce(stack, meter, clock, topic, how));
  const mibPerSecRuns = runs.map((r) => r.mibPerSec);
  const median = [...runs].sort((a, b) => a.mibPerSec - b.mibPerSec)[Math.floor(runs.length / 2)]!;
  return { ...median, mibPerSecRuns };
}

async function replayOnce(stack: Pick<RunningStack, 'url' | 'credentials'>, meter: Meter | null, clock: HandlerClock, topic: string, how: { partitions: number; fetchBytes: number; together: boolean }): Promise<ReplayRun> {
  clock.reset();
  meter?.reset();
  const { lat, records, bytes, seconds } = await replayReaders({
    url: stack.url, credentials: stack.credentials, topic,
    partitions: Array.from({ length: how.partitions }, (_, p) => p), fetchBytes: how.fetchBytes, together: how.together,
  });
  const aws = meter?.snapshot() ?? null;
  const op = (name: string) => aws?.operations.find((o) => o.operation === name);
  const gets = op('GetObject');
  const queries = aws?.operations.filter((o) => o.service === 'DynamoDB' && o.operation === 'Query').reduce((n, o) => n + o.calls, 0) ?? NaN;
  const s3Gets = gets?.calls ?? NaN;
  const handler = clock.take();
  const queryOps = aws?.operations.filter((o) => o.service === 'DynamoDB' && o.operation === 'Query') ?? [];
  const s3BytesRead = gets?.responseBytes ?? NaN;
  return {
    partitionsRead: how.partitions,
    fetchBytes: how.fetchBytes,
    fetches: lat.length,
    records,
    bytes,
    seconds,
    mibPerSec: bytes / MiB / seconds,
    fetchP50Ms: percentile(lat, 50),
    fetchP99Ms: percentile(lat, 99),
    handlerMsMean: handler.reduce((a, b) => a + b, 0) / Math.max(1, handler.length),
    getMsPerFetch: (gets?.totalMs ?? NaN) / Math.max(1, lat.length),
    queryMsPerFetch: queryOps.reduce((n, o) => n + o.totalMs, 0) / Math.max(1, lat.length),
    s3Gets,
    s3BytesRead,
    queries,
    rru: aws?.dynamodb.rru ?? NaN,
    bytesReadPerByte: s3BytesRead / bytes,
    getsPerMiB: s3Gets / (bytes / MiB),
    aws,
  };
}

/** Calls of an operation per GiB of record bytes produced. */
export function perGib(s: MeterSnapshot, service: 'S3' | 'DynamoDB', operation: string, recordBytes: number): number {
  const o = s.operations.find((x) => x.service === service && x.operation === operation);
  return ((o?.calls ?? 0) * GiB) / recordBytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runMaintenanceBench({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(result, (k, v) => (k === 'aws' ? summary(v as MeterSnapshot | null) : v), 2));
  process.exit(0);
}

function summary(s: MeterSnapshot | null): unknown {
  return s?.operations.map((o) => `${o.service} ${o.operation}: ${o.calls} calls, ${o.wru} WRU, ${o.rru} RRU, ${o.responseBytes} B down, ${o.requestBytes} B up`);
}
