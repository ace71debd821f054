/**
 * Handler CPU: CPU time per request, per MiB and per record of the produce handler (JSON and
 * binary mode) and the fetch handler, measured with process.cpuUsage() around the real Lambda
 * handlers (functions/produce, functions/fetch): Function URL event in, result out, including
 * base64, JSON parsing, schema validation, partitioning, encoding or CRC validation, index
 * planning, offset patching and response encoding. The fetch handler is the one the construct
 * deploys by default (DEFAULT_FETCH_INVOKE_MODE: the streaming handler, its response collected as
 * the local server collects it); the buffered one is measured beside it for comparison.
 *
 * Storage is an in-memory fake (bench/lib/memory-storage.ts), swapped into the functions' warm
 * engine, so the figures are the CPU of OUR code only: no AWS SDK, no network. The SDK's own
 * CPU per call (serialization, signing) is not included; the end-to-end benchmark sees it.
 *
 *   npx tsx bench/handler-cpu.ts [--quick] [--out file.json]
 *
 * Runs in its own process (bench/run.ts spawns it): it replaces the functions' engine.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { BATCHES_CONTENT_TYPE, encodeFrames } from '../shared/api/frames.ts';
import { encodeBatch, partitionForKey, type RecordInput } from '../shared/codec/index.ts';
import { setWideCrc32c } from '../shared/codec/crc32c.ts';
import { createEngine } from '../shared/log/engine.ts';
import { toFunctionUrlEvent, type HttpResponseParts } from '../local/function-url-event.ts';
import { lambdaContext } from '../local/lambda-context.ts';
import { DEFAULT_FETCH_INVOKE_MODE, importHandler, invokeFunctionUrl, type InvokeMode } from '../local/server.ts';
import type { CpuCost } from './cost-model.ts';
import { memoryStorage } from './lib/memory-storage.ts';
import { makeRecords } from './lib/records.ts';

const MiB = 1024 * 1024;

export interface CpuCase {
  path: 'produce' | 'fetch';
  /** produce: json | binary; fetch: json | binary (single partition GET) | binary-multi (POST /v1/fetch, 10 partitions). */
  mode: 'json' | 'binary' | 'binary-multi';
  /** For fetch: how the handler was invoked (absent in results from before it was recorded, when fetch was BUFFERED). */
  invokeMode?: InvokeMode;
  recordBytes: number;
  recordsPerRequest: number;
  /** Record bytes (keys + values) per request. */
  payloadBytes: number;
  /** HTTP body bytes (request for produce, response for fetch), before base64. */
  bodyBytes: number;
  iterations: number;
  cpuMsPerRequest: number;
  wallMsPerRequest: number;
  cpuMsPerMiB: number;
  cpuUsPerRecord: number;
}

export interface HandlerCpuResult {
  cases: CpuCase[];
  /** Least-squares fits cpu = fixed + perMiB * MiB + perKRecords * records/1000, for the cost model. */
  fit: { produceJson: CpuCost; produceBinary: CpuCost; fetch: CpuCost; fetchJson: CpuCost };
  note: string;
}

type Handler = ((event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>);

/** A fetch handler invoked one way or the other, answering with the HTTP response its Function URL would send. */
type FetchCall = (event: APIGatewayProxyEventV2) => Promise<HttpResponseParts>;

interface Setup {
  produce: Handler;
  /** Fetch invoked as deployed by default, and the other way. */
  fetch: FetchCall;
  fetchOther: FetchCall;
  admin: Handler;
}

const OTHER_FETCH_MODE: InvokeMode = DEFAULT_FETCH_INVOKE_MODE === 'BUFFERED' ? 'RESPONSE_STREAM' : 'BUFFERED';

async function fetchCall(mode: InvokeMode): Promise<FetchCall> {
  const handler = await importHandler('fetch', mode);
  const context = lambdaContext('sluice-fetch', 'bench', 'us-east-1');
  return async (event) => {
    const res = await invokeFunctionUrl(handler, event, context);
    if (res.statusCode >= 300) throw new Error(`fetch answered ${res.statusCode}: ${res.body.toString('utf8').slice(0, 300)}`);
    return res;
  };
}

async function setup(): Promise<Setup> {
  // The functions read their configuration at first use; these names are never contacted.
  Object.assign(process.env, {
    SLUICE_BUCKET: 'bench', SLUICE_METADATA_TABLE: 'bench-meta', SLUICE_LOG_TABLE: 'bench-log', AWS_REGION: 'us-east-1',
    SLUICE_S3_ENDPOINT: 'http://127.0.0.1:9', SLUICE_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    SLUICE_STORAGE_ACCESS_KEY_ID: 'bench', SLUICE_STORAGE_SECRET_ACCESS_KEY: 'bench',
  });
  const { currentEngine } = await import('../functions/engine.ts');
  // Swap the warm engine's services for ones over in-memory storage (same object, so every
  // handler sees them).
  Object.assign(currentEngine(), createEngine(memoryStorage({ keepObjects: true })));
  const load = async (fn: string): Promise<Handler> =>
    ((await import(`../functions/${fn}/index.ts`)) as { handler: Handler }).handler;
  return { produce: await load('produce'), fetch: await fetchCall(DEFAULT_FETCH_INVOKE_MODE), fetchOther: await fetchCall(OTHER_FETCH_MODE), admin: await load('admin') };
}

function event(method: string, path: string, opts: { body?: Buffer; headers?: Record<string, string>; query?: string } = {}): APIGatewayProxyEventV2 {
  return toFunctionUrlEvent({
    method, rawPath: path, rawQueryString: opts.query ?? '',
    headers: { host: 'bench.lambda-url.us-east-1.on.aws', ...(opts.headers ?? {}) },
    body: opts.body ?? Buffer.alloc(0), sourceIp: '127.0.0.1', requestId: randomUUID(), timeEpoch: Date.now(),
  });
}

async function call(h: Handler, e: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const r = await h(e);
  if ((r.statusCode ?? 0) >= 300) throw new Error(`handler answered ${r.statusCode}: ${String(r.body).slice(0, 300)}`);
  return r;
}

async function createTopic(s: Setup, name: string, partitions: number): Promise<void> {
  await call(s.admin, event('POST', '/v1/topics', { body: Buffer.from(JSON.stringify({ name, partitions })), headers: { 'content-type': 'application/json' } }));
}

function payloadBytes(records: RecordInput[]): number {
  return records.reduce((n, r) => n + (r.key?.length ?? 0) + (r.value?.length ?? 0), 0);
}

function jsonBody(records: RecordInput[]): Buffer {
  return Buffer.from(JSON.stringify({ records: records.map((r) => ({ key: r.key!.toString('utf8'), value: r.value!.toString('utf8') })) }));
}

function binaryBody(records: RecordInput[], partitions: number): Buffer {
  const byPartition = new Map<number, RecordInput[]>();
  for (const r of records) {
    const p = partitionForKey(r.key!, partitions);
    byPartition.set(p, [...(byPartition.get(p) ?? []), r]);
  }
  return encodeFrames([...byPartition].map(([partition, rs]) => ({ partition, batches: encodeBatch(rs) })));
}

/** Runs `op` until it has used `budgetMs` of CPU (after `warm` untimed runs); per-iteration figures. */
async function measure(op: () => Promise<unknown>, budgetMs: number, warm = 3): Promise<{ iterations: number; cpuMs: number; wallMs: number }> {
  for (let i = 0; i < warm; i++) await op();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let iterations = 0;
  let cpuMs = 0;
  do {
    await op();
    iterations++;
    const c = process.cpuUsage(c0);
    cpuMs = (c.user + c.system) / 1000;
  } while (cpuMs < budgetMs || iterations < 3);
  return { iterations, cpuMs: cpuMs / iterations, wallMs: (performance.now() - t0) / iterations };
}

function row(path: CpuCase['path'], mode: CpuCase['mode'], recordBytes: number, records: number, payload: number, body: number, m: { iterations: number; cpuMs: number; wallMs: number }): CpuCase {
  return {
    path, mode, recordBytes, recordsPerRequest: records, payloadBytes: payload, bodyBytes: body, iterations: m.iterations,
    cpuMsPerRequest: m.cpuMs, wallMsPerRequest: m.wallMs, cpuMsPerMiB: (m.cpuMs * MiB) / payload, cpuUsPerRecord: (m.cpuMs * 1000) / records,
  };
}

function fetchRow(invokeMode: InvokeMode, mode: CpuCase['mode'], recordBytes: number, records: number, payload: number, body: number, m: { iterations: number; cpuMs: number; wallMs: number }): CpuCase {
  return { ...row('fetch', mode, recordBytes, records, payload, body, m), invokeMode };
}

/** Record counts per request: ~1 MiB of records (at most the API's 10,000), plus small requests for the fixed cost. */
function produceShapes(quick: boolean): Array<{ recordBytes: number; count: number }> {
  const big = [100, 1024, 10240].map((recordBytes) => ({ recordBytes, count: Math.min(10_000, Math.floor(MiB / recordBytes)) }));
  return [...big, { recordBytes: 1024, count: 1 }, ...(quick ? [] : [{ recordBytes: 1024, count: 64 }])];
}

export async function runHandlerCpu({ quick = false }: { quick?: boolean } = {}): Promise<HandlerCpuResult> {
  // The Lambda bundles leave the optional aws-crt out: measure the CRC-32C they run.
  setWideCrc32c(false);
  const s = await setup();
  const budget = quick ? 250 : 1500;
  const cases: CpuCase[] = [];
  const PARTS = 10;

  // ---- produce ----
  await createTopic(s, 'cpu-produce', PARTS);
  for (const { recordBytes, count } of produceShapes(quick)) {
    // Key of 16 B: the value takes the rest of the record's bytes.
    const records = makeRecords(count, Math.max(8, recordBytes - 16), recordBytes);
    const payload = payloadBytes(records);
    const json = jsonBody(records);
    const bin = binaryBody(records, PARTS);
    const path = '/v1/topics/cpu-produce/records';
    const jm = await measure(() => call(s.produce, event('POST', path, { body: json, headers: { 'content-type': 'application/json' } })), budget);
    cases.push(row('produce', 'json', recordBytes, count, payload, json.length, jm));
    const bm = await measure(() => call(s.produce, event('POST', path, { body: bin, headers: { 'content-type': BATCHES_CONTENT_TYPE } })), budget);
    cases.push(row('produce', 'binary', recordBytes, count, payload, bin.length, bm));
  }

  // ---- fetch ----
  // One topic per record size, one partition, filled with 256 KiB requests: a 1 MiB fetch
  // reads four index entries from four objects.
  const fetchSizes = quick ? [100, 1024, 10240] : [100, 1024, 10240];
  for (const recordBytes of fetchSizes) {
    const topic = `cpu-fetch-${recordBytes}`;
    await createTopic(s, topic, 1);
    const per = Math.max(1, Math.floor((256 * 1024) / recordBytes));
    let total = 0;
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const records = makeRecords(per, Math.max(8, recordBytes - 16), i + 1);
      bytes += payloadBytes(records);
      total += per;
      await call(s.produce, event('POST', `/v1/topics/${topic}/records`, { body: encodeFrames([{ partition: 0, batches: encodeBatch(records) }]), headers: { 'content-type': BATCHES_CONTENT_TYPE } }));
    }
    const perRecord = bytes / total;
    const get = (accept: string, f = s.fetch) => () => f(event('GET', `/v1/topics/${topic}/partitions/0/records`, { query: `offset=0&maxBytes=${MiB}`, headers: { accept } }));
    const bodyBytes = (await get(BATCHES_CONTENT_TYPE)()).body.length;
    const records = Math.round(bodyBytes / (perRecord + 12));
    const m = await measure(get(BATCHES_CONTENT_TYPE), budget);
    cases.push(fetchRow(DEFAULT_FETCH_INVOKE_MODE, 'binary', recordBytes, records, records * perRecord, bodyBytes, m));
    const om = await measure(get(BATCHES_CONTENT_TYPE, s.fetchOther), budget);
    cases.push(fetchRow(OTHER_FETCH_MODE, 'binary', recordBytes, records, records * perRecord, bodyBytes, om));
    if (recordBytes === 1024 || !quick) {
      const jprobe = await get('application/json')();
      const jm = await measure(get('application/json'), budget);
      cases.push(fetchRow(DEFAULT_FETCH_INVOKE_MODE, 'json', recordBytes, records, records * perRecord, jprobe.body.length, jm));
    }
  }
  // A one-record fetch: the fixed cost of a request.
  {
    await createTopic(s, 'cpu-fetch-tiny', 1);
    const records = makeRecords(1, 1024 - 16, 7);
    await call(s.produce, event('POST', '/v1/topics/cpu-fetch-tiny/records', { body: encodeFrames([{ partition: 0, batches: encodeBatch(records) }]), headers: { 'content-type': BATCHES_CONTENT_TYPE } }));
    for (const [mode, accept] of [['binary', BATCHES_CONTENT_TYPE], ['json', 'application/json']] as const) {
      const op = () => s.fetch(event('GET', '/v1/topics/cpu-fetch-tiny/partitions/0/records', { query: 'offset=0', headers: { accept } }));
      const body = (await op()).body.length;
      const m = await measure(op, budget / 2);
      cases.push(fetchRow(DEFAULT_FETCH_INVOKE_MODE, mode, 1024, 1, payloadBytes(records), body, m));
    }
  }
  // Multi-partition fetch over the produce topic (10 partitions, 1 KiB records).
  {
    const body = Buffer.from(JSON.stringify({ partitions: Array.from({ length: PARTS }, (_, p) => ({ topic: 'cpu-produce', partition: p, offset: 0 })), maxBytes: MiB, format: 'binary' }));
    const op = () => s.fetch(event('POST', '/v1/fetch', { body, headers: { 'content-type': 'application/json' } }));
    const probe = await op();
    const parsed = JSON.parse(probe.body.toString('utf8')) as { partitions: Array<{ batches?: string }> };
    const bytes = parsed.partitions.reduce((n, p) => n + Buffer.from(p.batches ?? '', 'base64').length, 0);
    const records = Math.round(bytes / (1024 + 12));
    const m = await measure(op, budget);
    cases.push(fetchRow(DEFAULT_FETCH_INVOKE_MODE, 'binary-multi', 1024, records, records * 1024, probe.body.length, m));
  }

  // Fetch's fits are of the handler as deployed by default.
  const pick = (path: CpuCase['path'], mode: CpuCase['mode']) => cases.filter((c) => c.path === path && c.mode === mode && (c.invokeMode ?? DEFAULT_FETCH_INVOKE_MODE) === DEFAULT_FETCH_INVOKE_MODE);
  return {
    cases,
    fit: {
      produceJson: fitCpu(pick('produce', 'json')),
      produceBinary: fitCpu(pick('produce', 'binary')),
      fetch: fitCpu(pick('fetch', 'binary')),
      fetchJson: fitCpu(pick('fetch', 'json')),
    },
    note:
      'CPU of our code only (real handlers, in-memory storage, no AWS SDK); process.cpuUsage() user+system per request, on one core of this machine, Node ' +
      process.versions.node + '. Lambda at 1,024 MB gets ~0.58 vCPU: the cost model scales by that. ' +
      `Fetch is invoked as deployed by default (${DEFAULT_FETCH_INVOKE_MODE}; a streamed response is collected as the local server collects it), the binary GET also ${OTHER_FETCH_MODE} for comparison; the fits are of the default.`,
  };
}

/**
 * Least squares for cpu = a + b * MiB + c * krecords, coefficients kept >= 0 (a negative one
 * is dropped and the rest refitted). With fewer than 3 points, fixed = 0.
 */
export function fitCpu(cases: CpuCase[]): CpuCost {
  if (cases.length < 3) {
    // Too few shapes to separate bytes from records: all of it per MiB.
    const big = cases.filter((c) => c.payloadBytes >= 64 * 1024);
    const perMiB = big.length ? big.reduce((n, c) => n + c.cpuMsPerMiB, 0) / big.length : 0;
    const small = cases.find((c) => c.recordsPerRequest === 1);
    return { fixedMs: small ? small.cpuMsPerRequest : 0, msPerMiB: perMiB, msPerKRecords: 0 };
  }
  const pts = cases.map((c) => ({ y: c.cpuMsPerRequest, x: [1, c.payloadBytes / MiB, c.recordsPerRequest / 1000] }));
  let active = pts.length >= 3 ? [0, 1, 2] : [1, 2];
  for (let round = 0; round < 3; round++) {
    const coef = solve(pts, active);
    const negative = active.filter((_, i) => coef[i]! < 0);
    if (negative.length === 0 || active.length === 1) {
      const full = [0, 0, 0];
      active.forEach((k, i) => (full[k] = Math.max(0, coef[i]!)));
      return { fixedMs: full[0]!, msPerMiB: full[1]!, msPerKRecords: full[2]! };
    }
    active = active.filter((k) => !negative.includes(k));
  }
  return { fixedMs: 0, msPerMiB: 0, msPerKRecords: 0 };
}

function solve(pts: Array<{ y: number; x: number[] }>, cols: number[]): number[] {
  const n = cols.length;
  const A = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (const p of pts) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) A[i]![j]! += p.x[cols[i]!]! * p.x[cols[j]!]!;
      A[i]![n]! += p.x[cols[i]!]! * p.y;
    }
  }
  // Gauss-Jordan with partial pivoting.
  for (let c = 0; c < n; c++) {
    let best = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[best]![c]!)) best = r;
    [A[c], A[best]] = [A[best]!, A[c]!];
    const piv = A[c]![c]!;
    if (Math.abs(piv) < 1e-12) return new Array<number>(n).fill(0);
    for (let j = c; j <= n; j++) A[c]![j]! /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r]![c]!;
      for (let j = c; j <= n; j++) A[r]![j]! -= f * A[c]![j]!;
    }
  }
  return A.map((row) => row[n]!);
}

const fmt = (n: number, d = 2): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** A case's mode, with how fetch was invoked when that was recorded. */
export function modeLabel(c: CpuCase): string {
  return c.invokeMode ? `${c.mode}, ${c.invokeMode === 'RESPONSE_STREAM' ? 'streamed' : 'buffered'}` : c.mode;
}

export function handlerCpuMarkdown(r: HandlerCpuResult): string {
  const lines = [
    '| path | mode | record B | records/req | payload KiB | body KiB | CPU ms/req | CPU ms/MiB | CPU µs/record |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of r.cases) {
    lines.push(`| ${c.path} | ${modeLabel(c)} | ${c.recordBytes} | ${c.recordsPerRequest} | ${fmt(c.payloadBytes / 1024, 0)} | ${fmt(c.bodyBytes / 1024, 0)} | ${fmt(c.cpuMsPerRequest)} | ${fmt(c.cpuMsPerMiB, 1)} | ${fmt(c.cpuUsPerRecord, 2)} |`);
  }
  lines.push('', '| fit (ms = fixed + per MiB + per 1k records) | fixed ms | ms/MiB | ms/1k records |', '|---|---:|---:|---:|');
  for (const [k, f] of Object.entries(r.fit)) lines.push(`| ${k} | ${fmt(f.fixedMs, 3)} | ${fmt(f.msPerMiB)} | ${fmt(f.msPerKRecords)} |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const outAt = process.argv.indexOf('--out');
  const result = await runHandlerCpu({ quick });
  if (outAt > 0) writeFileSync(process.argv[outAt + 1]!, JSON.stringify(result, null, 2));
  else console.log(handlerCpuMarkdown(result));
}
