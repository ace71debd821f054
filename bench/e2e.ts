/**
 * End to end on the local stack: DynamoDB Local + s3rver + the local HTTP server running the
 * real handlers, driven with SigV4-signed HTTP (the same requests the SDK sends), with every S3
 * and DynamoDB call counted by the metering middleware (shared/storage/metering.ts) attached to
 * the clients the handlers' engine uses.
 *
 * Workloads:
 *   - produce: 1 KiB records, 1/10/100/1000 (and ~3.9k at concurrency 1) records per request,
 *     binary mode (client-encoded RecordBatches, keyed over 10 partitions), concurrency 1/4/16;
 *     plus JSON mode at 100 records;
 *   - replay: a topic filled with 256 KiB requests read from offset 0 to the end, multi-partition
 *     (POST /v1/fetch, 1 MiB per fetch, with and without per-partition caps) and per partition
 *     (GET, 1 MiB, 10 readers in a worker thread, over node:http);
 *   - tail (bench/e2e-tail.ts): 3 consumers (one per group) long-polling all 10 partitions while a
 *     producer sends 10 records every 50 ms, then 100 records once a second; produce-to-consume
 *     latency, and per fetch the fetch handler's wall time, Queries and read units;
 *   - scaling: topics of 1, 10, 100, 1000 partitions; a produce touching every partition and a
 *     fetch of every partition: calls, units and latency per request.
 *
 * Absolute figures are emulator-bound (DynamoDB Local, s3rver and the load generator share this
 * machine's 2 cores); the AWS call counts per request are not, and they are what the cost
 * model uses.
 *
 *   npx tsx bench/e2e.ts [--quick] [--out file.json]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { BATCHES_CONTENT_TYPE, encodeFrames } from '../shared/api/frames.ts';
import { encodeBatch } from '../shared/codec/index.ts';
import type { AwsClients } from '../shared/storage/clients.ts';
import { attachMeter, type Meter } from '../shared/storage/metering.ts';
import { percentile } from './lib/stats.ts';
import { Http, MiB, RECORD, binaryBody, createTopic, drive, jsonBody, perRequest, recordsFor, type FetchPartitionOut } from './e2e-http.ts';
import { replayReaders } from './lib/replay-readers.ts';
import { HandlerClock, tail } from './e2e-tail.ts';
import type { AwsPerRequest, ConsumeRun, E2eResult, ProduceRun, ScalingRun, TailRun } from './e2e-types.ts';

export type { E2eResult } from './e2e-types.ts';
import { e2eMarkdown } from './e2e-report.ts';

// ---- workloads --------------------------------------------------------------------------------

async function produceSweep(http: Http, meter: Meter | null, quick: boolean): Promise<ProduceRun[]> {
  const topic = 'bench-produce';
  const PARTS = 10;
  await createTopic(http, topic, PARTS);
  const path = `/v1/topics/${topic}/records`;
  const runs: ProduceRun[] = [];
  const ms = quick ? 500 : 5000;
  const shapes: Array<{ mode: 'binary' | 'json'; records: number; concurrency: number }> = [];
  for (const records of [1, 10, 100, 1000]) {
    for (const concurrency of [1, 4, 16]) {
      // Quick runs keep one concurrency-16 point: on the emulators it is slow, and it says the same.
      if (quick && concurrency === 16 && records !== 10) continue;
      shapes.push({ mode: 'binary', records, concurrency });
    }
  }
  shapes.push({ mode: 'binary', records: 3900, concurrency: 1 });
  shapes.push({ mode: 'json', records: 100, concurrency: 1 });
  shapes.push({ mode: 'json', records: 1000, concurrency: 1 });
  // Warm the appender's offsets cache (a cold function reads each partition's high watermark once).
  await http.request('POST', path, { body: binaryBody(recordsFor(100, 99), PARTS), headers: { 'content-type': BATCHES_CONTENT_TYPE } });
  for (const shape of shapes) {
    const records = recordsFor(shape.records, shape.records);
    const body = shape.mode === 'binary' ? binaryBody(records, PARTS) : jsonBody(records);
    const contentType = shape.mode === 'binary' ? BATCHES_CONTENT_TYPE : 'application/json';
    meter?.reset();
    const maxOps = shape.records >= 1000 ? (quick ? 12 : 200) : quick ? 200 : 5000;
    const { latencies, seconds } = await drive(shape.concurrency, ms, maxOps, async () => {
      await http.request('POST', path, { body, headers: { 'content-type': contentType } });
    });
    const n = latencies.length;
    runs.push({
      mode: shape.mode,
      recordsPerRequest: shape.records,
      concurrency: shape.concurrency,
      requests: n,
      seconds,
      mibPerSec: (n * shape.records * RECORD) / MiB / seconds,
      recordsPerSec: (n * shape.records) / seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      perRequest: meter ? perRequest(meter.snapshot(), n) : emptyPer(),
      aws: meter?.snapshot() ?? null,
    });
  }
  return runs;
}

function emptyPer(): AwsPerRequest {
  return { s3Puts: NaN, s3Gets: NaN, ddbWrites: NaN, ddbReads: NaN, wru: NaN, rru: NaN, s3BytesUp: NaN, s3BytesDown: NaN };
}

async function fillTopic(http: Http, topic: string, partitions: number, requestRecords: number, totalBytes: number): Promise<void> {
  const body = binaryBody(recordsFor(requestRecords, 5), partitions);
  const requests = Math.ceil(totalBytes / (requestRecords * RECORD));
  // Two writers: enough to fill quickly, few enough not to contend much on the partitions.
  await drive(2, 600_000, requests, async () => {
    await http.request('POST', `/v1/topics/${topic}/records`, { body, headers: { 'content-type': BATCHES_CONTENT_TYPE } });
  });
}

async function replay(http: Http, stack: { url: string; credentials: { accessKeyId: string; secretAccessKey: string } }, meter: Meter | null, quick: boolean): Promise<ConsumeRun[]> {
  const topic = 'bench-replay';
  const PARTS = 10;
  const requestRecords = 256;
  await createTopic(http, topic, PARTS);
  await fillTopic(http, topic, PARTS, requestRecords, quick ? 8 * MiB : 128 * MiB);
  const runs: ConsumeRun[] = [];

  // Multi-partition: one consumer, all partitions per fetch, 1 MiB per fetch. The engine fills
  // the budget in log-append order (shared/log/fill.ts), so a fetch reads whole objects one after
  // another; the second run also caps each partition at 1/10 of the budget, as a consumer had to
  // before (when the budget was filled in request order) to read partitions evenly.
  for (const split of [false, true]) {
    const offsets = new Array<number>(PARTS).fill(0);
    const hws = new Array<number>(PARTS).fill(Infinity);
    const lat: number[] = [];
    let bytes = 0;
    let records = 0;
    meter?.reset();
    const t0 = performance.now();
    while (offsets.some((o, p) => o < hws[p]!)) {
      const f0 = performance.now();
      const out = await http.json<{ partitions: FetchPartitionOut[] }>('POST', '/v1/fetch', {
        partitions: offsets.map((offset, partition) => ({ topic, partition, offset, ...(split ? { maxBytes: Math.floor(MiB / PARTS) } : {}) })),
        maxBytes: MiB,
        format: 'binary',
      });
      lat.push(performance.now() - f0);
      for (const p of out.partitions) {
        hws[p.partition] = p.highWatermark;
        records += p.nextOffset - offsets[p.partition]!;
        bytes += Buffer.byteLength(p.batches ?? '', 'base64');
        offsets[p.partition] = p.nextOffset;
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const name = split ? 'replay, multi-partition fetch (1 MiB, 1/10 per partition)' : 'replay, multi-partition fetch (1 MiB, append order)';
    runs.push(consumeRun(name, lat, records, bytes, seconds, meter, requestRecords * RECORD, PARTS));
  }

  // Per partition: 10 readers at once, each GETs 1 MiB at a time, binary, from a worker thread
  // (lib/replay-readers.ts, as the maintenance benchmark's replay of the same shape).
  {
    meter?.reset();
    const { lat, records, bytes, seconds } = await replayReaders({
      url: stack.url, credentials: stack.credentials, topic, partitions: Array.from({ length: PARTS }, (_, p) => p), fetchBytes: MiB, together: true,
    });
    runs.push(consumeRun('replay, per-partition fetch (1 MiB, 10 readers)', lat, records, bytes, seconds, meter, requestRecords * RECORD, PARTS));
  }
  return runs;
}

function consumeRun(name: string, lat: number[], records: number, bytes: number, seconds: number, meter: Meter | null, produceRequestBytes: number, partitions: number): ConsumeRun {
  return {
    name,
    fetchRequests: lat.length,
    records,
    bytes,
    seconds,
    mibPerSec: bytes / MiB / seconds,
    recordsPerSec: records / seconds,
    fetchP50Ms: percentile(lat, 50),
    fetchP99Ms: percentile(lat, 99),
    perFetch: meter ? perRequest(meter.snapshot(), lat.length) : emptyPer(),
    aws: meter?.snapshot() ?? null,
    produceRequestBytes,
    partitions,
  };
}

async function scaling(http: Http, meter: Meter | null, quick: boolean): Promise<ScalingRun[]> {
  const runs: ScalingRun[] = [];
  const n = quick ? 2 : 10;
  for (const partitions of [1, 10, 100, 1000]) {
    const topic = `bench-scale-${partitions}`;
    await createTopic(http, topic, partitions);
    // One 1 KiB record per partition, client-encoded, one frame each.
    const record = recordsFor(1, 77);
    const body = encodeFrames(Array.from({ length: partitions }, (_, partition) => ({ partition, batches: encodeBatch(record) })));
    const produce = () => http.request('POST', `/v1/topics/${topic}/records`, { body, headers: { 'content-type': BATCHES_CONTENT_TYPE } });
    await produce(); // cold: reads every partition's high watermark once
    meter?.reset();
    const p = await drive(1, 600_000, n, async () => void (await produce()));
    const pSnap = meter?.snapshot();
    const fetchBody = { partitions: Array.from({ length: partitions }, (_, partition) => ({ topic, partition, offset: 0 })), maxBytes: MiB, format: 'binary' };
    meter?.reset();
    const f = await drive(1, 600_000, n, async () => void (await http.json('POST', '/v1/fetch', fetchBody)));
    const fSnap = meter?.snapshot();
    runs.push({
      partitions,
      produce: { requests: n, p50Ms: percentile(p.latencies, 50), p99Ms: percentile(p.latencies, 99), perRequest: pSnap ? perRequest(pSnap, n) : emptyPer(), aws: pSnap ?? null },
      fetch: { requests: n, p50Ms: percentile(f.latencies, 50), p99Ms: percentile(f.latencies, 99), perRequest: fSnap ? perRequest(fSnap, n) : emptyPer(), aws: fSnap ?? null },
    });
  }
  return runs;
}

// ---- the stack --------------------------------------------------------------------------------

/**
 * The AWS clients of the functions' warm engine: the local server runs the handlers in this
 * process, so `currentEngine()` is the very engine they use. The clients are private fields of
 * the storage adapters; reading them here is the benchmark's only reach into internals (see
 * docs/benchmarks.md for the seam that would replace it).
 */
export async function engineClients(): Promise<AwsClients | null> {
  const { currentEngine } = await import('../functions/engine.ts');
  const storage = currentEngine().storage as unknown as { objects: { s3?: AwsClients['s3'] }; index: { ddb?: AwsClients['ddb'] } };
  const s3 = storage.objects.s3;
  const ddb = storage.index.ddb;
  return s3 && ddb ? { s3, ddb } : null;
}

export async function runE2e({ quick = false }: { quick?: boolean } = {}): Promise<E2eResult> {
  const note =
    'Local stack: DynamoDB Local + s3rver + the local server, all on this 2-core machine with the load generator. ' +
    'Latency and throughput are emulator-bound, not AWS figures; the AWS call counts per request are exact.';
  const empty: E2eResult = { note, emulatorStartMs: 0, meterAttached: false, produce: [], replay: [], tails: [], scaling: [] };
  const clock = new HandlerClock();
  let stack: { url: string; credentials: { accessKeyId: string; secretAccessKey: string }; emulatorStartMs: number; stop(): Promise<void> };
  try {
    const { startLocalStackServices } = await import('../local/stack.ts');
    const { DEFAULT_LOCAL_CREDENTIALS } = await import('../local/credentials.ts');
    const { importHandler } = await import('../local/server.ts');
    const suffix = Date.now().toString(36);
    stack = await startLocalStackServices({
      names: { bucket: `sluice-bench-${suffix}`, metadataTable: `sluice-bench-meta-${suffix}`, logTable: `sluice-bench-log-${suffix}` },
      region: 'us-east-1',
      credentials: { ...DEFAULT_LOCAL_CREDENTIALS },
      port: 0,
      // The fetch handler is timed: its wall time is what Lambda bills, long-poll waits included.
      loadHandler: async (fn) => (fn === 'fetch' ? clock.wrap(await importHandler(fn)) : importHandler(fn)),
      log: () => undefined,
    });
  } catch (e) {
    return { ...empty, skipped: `local stack not available: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    const http = new Http(stack.url, stack.credentials);
    await http.json('GET', '/v1/topics');
    const clients = await engineClients();
    const meter = clients ? attachMeter(clients) : null;
    const produce = await produceSweep(http, meter, quick);
    const replayRuns = await replay(http, stack, meter, quick);
    const tails: TailRun[] = [];
    const longPoll = { mode: 'long-poll', maxWaitMs: 1000 } as const;
    tails.push(await tail(http, meter, clock, { intervalMs: 50, recordsPerRequest: 10, mode: 'json', produceMs: quick ? 2000 : 15_000, wait: longPoll }, 'bench-tail'));
    // One request a second of records keyed over every partition: the reference workload's
    // request rate, so each consumer waits as it would there: long-polling, then paced as the SDK
    // consumer is by default.
    tails.push(await tail(http, meter, clock, { intervalMs: 1000, recordsPerRequest: 100, mode: 'binary', produceMs: quick ? 6000 : 30_000, wait: longPoll }, 'bench-tail-1s'));
    const paced = { mode: 'paced', intervalMs: 1000 } as const;
    tails.push(await tail(http, meter, clock, { intervalMs: 1000, recordsPerRequest: 100, mode: 'binary', produceMs: quick ? 6000 : 30_000, wait: paced }, 'bench-tail-paced'));
    const scale = await scaling(http, meter, quick);
    return {
      note,
      emulatorStartMs: stack.emulatorStartMs,
      meterAttached: meter !== null,
      produce,
      replay: replayRuns,
      tails,
      scaling: scale,
    };
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const outAt = process.argv.indexOf('--out');
  const result = await runE2e({ quick });
  if (outAt > 0) writeFileSync(process.argv[outAt + 1]!, JSON.stringify(result, null, 2));
  else console.log(e2eMarkdown(result));
  process.exit(0);
}
