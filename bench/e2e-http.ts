/** Signed HTTP to the local server and the small helpers of the end-to-end benchmark. */
import { performance } from 'node:perf_hooks';
import { encodeFrames } from '../shared/api/frames.ts';
import { encodeBatch, partitionForKey, type RecordInput } from '../shared/codec/index.ts';
import { type MeterSnapshot } from '../shared/storage/metering.ts';
import { createSigner, type RequestSigner } from '../sdk/signer.ts';
import { makeRecords } from './lib/records.ts';
import type { AwsPerRequest } from './e2e-types.ts';

export const MiB = 1024 * 1024;
export const RECORD = 1024;
export const KEY = 16;

// ---- signed HTTP ------------------------------------------------------------------------------

export interface Response {
  status: number;
  headers: Headers;
  body: Buffer;
}

export class Http {
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
    const send = () => fetch(url, { method, headers, ...(opts.body ? { body: opts.body } : {}) });
    // A read that meets a keep-alive socket the server has just closed ("fetch failed" before any
    // response) is sent once more, as HTTP clients do for idempotent requests; a produce never is.
    const reads = method === 'GET' || path === '/v1/fetch';
    const res = await send().catch((e: unknown) => {
      if (reads && e instanceof TypeError && e.message === 'fetch failed') return send();
      throw e;
    });
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

export function perRequest(s: MeterSnapshot, requests: number, filter: (service: string, op: string) => boolean = () => true): AwsPerRequest {
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

export const isProduceOp = (service: string, op: string): boolean => (service === 'S3' ? op === 'PutObject' : op === 'PutItem');
export const isFetchOp = (service: string, op: string): boolean => !isProduceOp(service, op);

export function recordsFor(count: number, seed: number): RecordInput[] {
  return makeRecords(count, RECORD - KEY, seed);
}

export function binaryBody(records: RecordInput[], partitions: number): Buffer {
  const byPartition = new Map<number, RecordInput[]>();
  for (const r of records) {
    const p = partitionForKey(r.key!, partitions);
    let l = byPartition.get(p);
    if (!l) byPartition.set(p, (l = []));
    l.push(r);
  }
  return encodeFrames([...byPartition].map(([partition, rs]) => ({ partition, batches: encodeBatch(rs) })));
}

export function jsonBody(records: RecordInput[], timestamp?: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      records: records.map((r) => ({ key: r.key!.toString('utf8'), value: r.value!.toString('utf8'), ...(timestamp ? { timestamp } : {}) })),
    }),
  );
}

/** Runs `workers` loops of `op` until `ms` elapse or `maxOps` are done; latencies of each op. */
export async function drive(workers: number, ms: number, maxOps: number, op: () => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
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

export async function createTopic(http: Http, name: string, partitions: number): Promise<void> {
  await http.json('POST', '/v1/topics', { name, partitions });
}

export interface FetchPartitionOut {
  partition: number;
  nextOffset: number;
  highWatermark: number;
  batches?: string;
  error?: unknown;
}
