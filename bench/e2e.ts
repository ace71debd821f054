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
 *     (POST /v1/fetch, 1 MiB per fetch) and per partition (GET, 1 MiB, 10 readers);
 *   - tail: 3 consumers (one per group) long-polling all 10 partitions while a producer sends 10
 *     records every 50 ms; produce-to-consume latency from the record timestamp;
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
import { decodeBatches, encodeBatch, partitionForKey, type RecordInput } from '../shared/codec/index.ts';
import type { AwsClients } from '../shared/storage/clients.ts';
import { attachMeter, type Meter, type MeterSnapshot } from '../shared/storage/metering.ts';
import { createSigner, type RequestSigner } from '../sdk/signer.ts';
import { makeRecords } from './lib/records.ts';
import { fmt, percentile } from './lib/stats.ts';

const MiB = 1024 * 1024;
const RECORD = 1024;
const KEY = 16;

export interface AwsPerRequest {
  s3Puts: number;
  s3Gets: number;
  ddbWrites: number;
  ddbReads: number;
  wru: number;
  rru: number;
  s3BytesUp: number;
  s3BytesDown: number;
}

export interface ProduceRun {
  mode: 'binary' | 'json';
  recordsPerRequest: number;
  concurrency: number;
  requests: number;
  seconds: number;
  mibPerSec: number;
  recordsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  perRequest: AwsPerRequest;
  /** Every S3 and DynamoDB call of the run, by operation: calls, bytes, units. */
  aws: MeterSnapshot | null;
}

export interface ConsumeRun {
  name: string;
  fetchRequests: number;
  records: number;
  bytes: number;
  seconds: number;
  mibPerSec: number;
  recordsPerSec: number;
  fetchP50Ms: number;
  fetchP99Ms: number;
  perFetch: AwsPerRequest;
  aws: MeterSnapshot | null;
  /** How the topic was written, for the cost model's comparison. */
  produceRequestBytes: number;
  partitions: number;
}

export interface TailRun {
  consumers: number;
  produceRequests: number;
  recordsProduced: number;
  recordsConsumed: number;
  fetchRequests: number;
  /** Produce-to-consume latency over every record every consumer received. */
  p50Ms: number;
  p99Ms: number;
  produceP50Ms: number;
  perProduce: AwsPerRequest;
  perFetch: AwsPerRequest;
  aws: MeterSnapshot | null;
}

export interface ScalingRun {
  partitions: number;
  produce: { requests: number; p50Ms: number; p99Ms: number; perRequest: AwsPerRequest; aws: MeterSnapshot | null };
  fetch: { requests: number; p50Ms: number; p99Ms: number; perRequest: AwsPerRequest; aws: MeterSnapshot | null };
}

export interface E2eResult {
  skipped?: string;
  note: string;
  emulatorStartMs: number;
  meterAttached: boolean;
  produce: ProduceRun[];
  replay: ConsumeRun[];
  tail: TailRun | null;
  scaling: ScalingRun[];
}

// ---- signed HTTP ------------------------------------------------------------------------------

interface Response {
  status: number;
  headers: Headers;
  body: Buffer;
}

class Http {
  private readonly sign: RequestSigner;
  constructor(
    private readonly base: string,
    credentials: { accessKeyId: string; secretAccessKey: string },
  ) {
    this.sign = createSigner({ region: 'us-east-1', credentials });
  }

  async request(method: string, path: string, opts: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = new URL(path, this.base);
    const headers = await this.sign({ method, url, headers: { ...(opts.headers ?? {}) }, ...(opts.body ? { body: opts.body } : {}) });
    delete headers.host;
    const res = await fetch(url, { method, headers, ...(opts.body ? { body: opts.body } : {}) });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${body.toString('utf8').slice(0, 300)}`);
    return { status: res.status, headers: res.headers, body };
  }

  async json<T>(method: string, path: string, value?: unknown): Promise<T> {
    const r = await this.request(method, path, value === undefined ? {} : { body: Buffer.from(JSON.stringify(value)), headers: { 'content-type': 'application/json' } });
    return JSON.parse(r.body.toString('utf8')) as T;
  }
}

// ---- helpers ----------------------------------------------------------------------------------

function perRequest(s: MeterSnapshot, requests: number, filter: (service: string, op: string) => boolean = () => true): AwsPerRequest {
  const out: AwsPerRequest = { s3Puts: 0, s3Gets: 0, ddbWrites: 0, ddbReads: 0, wru: 0, rru: 0, s3BytesUp: 0, s3BytesDown: 0 };
  for (const o of s.operations) {
    if (!filter(o.service, o.operation)) continue;
    if (o.service === 'S3') {
      if (o.operation === 'PutObject') out.s3Puts += o.calls;
      if (o.operation === 'GetObject') out.s3Gets += o.calls;
      out.s3BytesUp += o.requestBytes;
      out.s3BytesDown += o.responseBytes;
    } else {
      if (['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'].includes(o.operation)) out.ddbWrites += o.calls;
      else out.ddbReads += o.calls;
      out.wru += o.wru;
      out.rru += o.rru;
    }
  }
  const n = Math.max(1, requests);
  for (const k of Object.keys(out) as Array<keyof AwsPerRequest>) out[k] /= n;
  return out;
}

const isProduceOp = (service: string, op: string): boolean => (service === 'S3' ? op === 'PutObject' : op === 'PutItem');
const isFetchOp = (service: string, op: string): boolean => !isProduceOp(service, op);

function recordsFor(count: number, seed: number): RecordInput[] {
  return makeRecords(count, RECORD - KEY, seed);
}

function binaryBody(records: RecordInput[], partitions: number): Buffer {
  const byPartition = new Map<number, RecordInput[]>();
  for (const r of records) {
    const p = partitionForKey(r.key!, partitions);
    let l = byPartition.get(p);
    if (!l) byPartition.set(p, (l = []));
    l.push(r);
  }
  return encodeFrames([...byPartition].map(([partition, rs]) => ({ partition, batches: encodeBatch(rs) })));
}

function jsonBody(records: RecordInput[], timestamp?: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      records: records.map((r) => ({ key: r.key!.toString('utf8'), value: r.value!.toString('utf8'), ...(timestamp ? { timestamp } : {}) })),
    }),
  );
}

/** Runs `workers` loops of `op` until `ms` elapse or `maxOps` are done; latencies of each op. */
async function drive(workers: number, ms: number, maxOps: number, op: () => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + ms;
  let started = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end && started < maxOps) {
        started++;
        const t0 = performance.now();
        await op();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - start) / 1000 };
}

async function createTopic(http: Http, name: string, partitions: number): Promise<void> {
  await http.json('POST', '/v1/topics', { name, partitions });
}

interface FetchPartitionOut {
  partition: number;
  nextOffset: number;
  highWatermark: number;
  batches?: string;
  error?: unknown;
}

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

async function replay(http: Http, meter: Meter | null, quick: boolean): Promise<ConsumeRun[]> {
  const topic = 'bench-replay';
  const PARTS = 10;
  const requestRecords = 256;
  await createTopic(http, topic, PARTS);
  await fillTopic(http, topic, PARTS, requestRecords, quick ? 8 * MiB : 128 * MiB);
  const runs: ConsumeRun[] = [];

  // Multi-partition: one consumer, all partitions per fetch, 1 MiB per fetch. As built, a fetch
  // fills partitions in request order (as Kafka does), so without a per-partition budget one
  // fetch reads mostly one partition; with maxBytes/partitions each, it reads all of them evenly.
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
    const name = split ? 'replay, multi-partition fetch (1 MiB, 1/10 per partition)' : 'replay, multi-partition fetch (1 MiB, filled in order)';
    runs.push(consumeRun(name, lat, records, bytes, seconds, meter, requestRecords * RECORD, PARTS));
  }

  // Per partition: 10 readers, each GET 1 MiB at a time, binary.
  {
    const lat: number[] = [];
    let bytes = 0;
    let records = 0;
    meter?.reset();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: PARTS }, async (_, partition) => {
        let offset = 0;
        let hw = Infinity;
        while (offset < hw) {
          const f0 = performance.now();
          const r = await http.request('GET', `/v1/topics/${topic}/partitions/${partition}/records?offset=${offset}&maxBytes=${MiB}`, {
            headers: { accept: BATCHES_CONTENT_TYPE },
          });
          lat.push(performance.now() - f0);
          hw = Number(r.headers.get('x-sluice-high-watermark'));
          const next = Number(r.headers.get('x-sluice-next-offset'));
          records += next - offset;
          bytes += r.body.length;
          offset = next;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
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

async function tail(http: Http, meter: Meter | null, quick: boolean): Promise<TailRun> {
  const topic = 'bench-tail';
  const PARTS = 10;
  const CONSUMERS = 3;
  await createTopic(http, topic, PARTS);
  const produceMs = quick ? 2000 : 15_000;
  const intervalMs = 50;
  const perRequestRecords = 10;
  const latencies: number[] = [];
  let consumed = 0;
  let fetches = 0;
  let produced = 0;
  let produceRequests = 0;
  let producing = true;
  const produceLat: number[] = [];
  meter?.reset();

  const consumer = async (): Promise<void> => {
    const offsets = new Array<number>(PARTS).fill(0);
    const deadline = () => !producing && consumed >= produced * CONSUMERS;
    const hardStop = performance.now() + produceMs + 10_000;
    while (!deadline() && performance.now() < hardStop) {
      const out = await http.json<{ partitions: FetchPartitionOut[] }>('POST', '/v1/fetch', {
        partitions: offsets.map((offset, partition) => ({ topic, partition, offset })),
        maxBytes: MiB,
        maxWaitMs: 1000,
        format: 'binary',
      });
      fetches++;
      const now = Date.now();
      for (const p of out.partitions) {
        if (p.batches) {
          for (const b of decodeBatches(Buffer.from(p.batches, 'base64'))) {
            for (const r of b.records) {
              latencies.push(now - r.timestamp);
              consumed++;
            }
          }
        }
        offsets[p.partition] = p.nextOffset;
      }
    }
  };

  const consumers = Array.from({ length: CONSUMERS }, () => consumer());
  const end = performance.now() + produceMs;
  let seed = 1000;
  while (performance.now() < end) {
    const next = performance.now() + intervalMs;
    const records = recordsFor(perRequestRecords, seed++);
    const t0 = performance.now();
    await http.request('POST', `/v1/topics/${topic}/records`, { body: jsonBody(records, Date.now()), headers: { 'content-type': 'application/json' } });
    produceLat.push(performance.now() - t0);
    produced += perRequestRecords;
    produceRequests++;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  producing = false;
  await Promise.all(consumers);
  const snap = meter?.snapshot();
  return {
    consumers: CONSUMERS,
    produceRequests,
    recordsProduced: produced,
    recordsConsumed: consumed,
    fetchRequests: fetches,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    produceP50Ms: percentile(produceLat, 50),
    perProduce: snap ? perRequest(snap, produceRequests, isProduceOp) : emptyPer(),
    perFetch: snap ? perRequest(snap, fetches, isFetchOp) : emptyPer(),
    aws: snap ?? null,
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
async function engineClients(): Promise<AwsClients | null> {
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
  const empty: E2eResult = { note, emulatorStartMs: 0, meterAttached: false, produce: [], replay: [], tail: null, scaling: [] };
  let stack: { url: string; credentials: { accessKeyId: string; secretAccessKey: string }; emulatorStartMs: number; stop(): Promise<void> };
  try {
    const { startLocalStackServices } = await import('../local/stack.ts');
    const { DEFAULT_LOCAL_CREDENTIALS } = await import('../local/credentials.ts');
    const suffix = Date.now().toString(36);
    stack = await startLocalStackServices({
      names: { bucket: `sluice-bench-${suffix}`, metadataTable: `sluice-bench-meta-${suffix}`, logTable: `sluice-bench-log-${suffix}` },
      region: 'us-east-1',
      credentials: { ...DEFAULT_LOCAL_CREDENTIALS },
      port: 0,
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
    const replayRuns = await replay(http, meter, quick);
    const tailRun = await tail(http, meter, quick);
    const scale = await scaling(http, meter, quick);
    return {
      note,
      emulatorStartMs: stack.emulatorStartMs,
      meterAttached: meter !== null,
      produce,
      replay: replayRuns,
      tail: tailRun,
      scaling: scale,
    };
  } finally {
    await stack.stop();
  }
}

// ---- report -----------------------------------------------------------------------------------

export function e2eMarkdown(r: E2eResult): string {
  if (r.skipped) return `Skipped: ${r.skipped}.`;
  const out: string[] = [r.note, ''];
  out.push('### Produce (1 KiB records)', '');
  out.push('| mode | records/req | concurrency | requests | MiB/s | records/s | p50 ms | p99 ms | S3 PUT/req | DDB writes/req | WRU/req |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of r.produce) {
    out.push(
      `| ${p.mode} | ${p.recordsPerRequest} | ${p.concurrency} | ${p.requests} | ${fmt(p.mibPerSec)} | ${fmt(p.recordsPerSec, 0)} | ${fmt(p.p50Ms, 1)} | ${fmt(p.p99Ms, 1)} | ${fmt(p.perRequest.s3Puts)} | ${fmt(p.perRequest.ddbWrites)} | ${fmt(p.perRequest.wru)} |`,
    );
  }
  out.push('', '### Consume: full replay', '');
  out.push('| how | fetches | records | MiB | MiB/s | records/s | fetch p50 ms | p99 ms | GET/fetch | Queries/fetch | RRU/fetch |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of r.replay) {
    out.push(
      `| ${c.name} | ${c.fetchRequests} | ${c.records} | ${fmt(c.bytes / MiB, 1)} | ${fmt(c.mibPerSec)} | ${fmt(c.recordsPerSec, 0)} | ${fmt(c.fetchP50Ms, 1)} | ${fmt(c.fetchP99Ms, 1)} | ${fmt(c.perFetch.s3Gets)} | ${fmt(c.perFetch.ddbReads)} | ${fmt(c.perFetch.rru)} |`,
    );
  }
  if (r.tail) {
    const t = r.tail;
    out.push('', '### Tailing and produce-to-consume latency', '');
    out.push(
      `${t.consumers} consumers long-polling 10 partitions (maxWaitMs 1000) while one producer sends 10 × 1 KiB records every 50 ms (JSON): ` +
        `${t.produceRequests} produce requests, ${t.recordsConsumed} of ${t.recordsProduced * t.consumers} records received, ${t.fetchRequests} fetches.`,
      '',
      '| produce-to-consume p50 ms | p99 ms | produce p50 ms | fetches per produce request | Queries/fetch | RRU/fetch | GET/fetch |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      `| ${fmt(t.p50Ms, 1)} | ${fmt(t.p99Ms, 1)} | ${fmt(t.produceP50Ms, 1)} | ${fmt(t.fetchRequests / Math.max(1, t.produceRequests))} | ${fmt(t.perFetch.ddbReads)} | ${fmt(t.perFetch.rru)} | ${fmt(t.perFetch.s3Gets)} |`,
    );
  }
  if (r.scaling.length) {
    out.push('', '### Scaling with partitions per topic (one 1 KiB record per partition per request)', '');
    out.push('| partitions | produce p50 ms | p99 ms | DDB writes/req | WRU/req | fetch p50 ms | p99 ms | Queries/fetch | RRU/fetch | GET/fetch |');
    out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of r.scaling) {
      out.push(
        `| ${s.partitions} | ${fmt(s.produce.p50Ms, 1)} | ${fmt(s.produce.p99Ms, 1)} | ${fmt(s.produce.perRequest.ddbWrites)} | ${fmt(s.produce.perRequest.wru)} | ${fmt(s.fetch.p50Ms, 1)} | ${fmt(s.fetch.p99Ms, 1)} | ${fmt(s.fetch.perRequest.ddbReads)} | ${fmt(s.fetch.perRequest.rru)} | ${fmt(s.fetch.perRequest.s3Gets)} |`,
      );
    }
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const outAt = process.argv.indexOf('--out');
  const result = await runE2e({ quick });
  if (outAt > 0) writeFileSync(process.argv[outAt + 1]!, JSON.stringify(result, null, 2));
  else console.log(e2eMarkdown(result));
  process.exit(0);
}
