/**
 * The tailing workload of the end-to-end benchmark: consumers (one per group) read all partitions
 * while a producer sends on a fixed interval. Caught up, they either long-poll (the fetch waits in
 * the handler) or pace as the SDK consumer does by default (fetch with maxWaitMs 0, then sleep the
 * interval once every partition is at its high watermark). It measures produce-to-consume latency
 * and what caught-up consumers cost: fetches per produce request, and per fetch the fetch
 * handler's wall time (what Lambda would bill), index Queries and read units.
 */
import { performance } from 'node:perf_hooks';
import type { LambdaHandler } from '../local/server.ts';
import { isStreamingHandler, STREAMING_HANDLER } from '../functions/http/streaming.ts';
import { BATCHES_CONTENT_TYPE } from '../shared/api/frames.ts';
import { decodeBatches } from '../shared/codec/index.ts';
import type { Meter, MeterSnapshot } from '../shared/storage/metering.ts';
import { mean, percentile } from './lib/stats.ts';
import { Http, MiB, binaryBody, createTopic, isFetchOp, isProduceOp, jsonBody, perRequest, recordsFor, type FetchPartitionOut } from './e2e-http.ts';
import type { AwsPerRequest, TailRun, TailWait } from './e2e-types.ts';

/** Wall times of the fetch handler's invocations, as the local server makes them. */
export class HandlerClock {
  private times: number[] = [];

  /** Wraps a handler so that each invocation's wall time is recorded; a streaming handler stays one. */
  wrap(handler: LambdaHandler): LambdaHandler {
    const timed = async (...args: unknown[]): Promise<unknown> => {
      const t0 = performance.now();
      try {
        return await (handler as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        this.times.push(performance.now() - t0);
      }
    };
    return (isStreamingHandler(handler) ? Object.assign(timed, { [STREAMING_HANDLER]: 'response' }) : timed) as LambdaHandler;
  }

  reset(): void {
    this.times = [];
  }

  take(): number[] {
    const out = this.times;
    this.times = [];
    return out;
  }
}

export interface TailShape {
  /** Time between the starts of produce requests. */
  intervalMs: number;
  recordsPerRequest: number;
  mode: 'json' | 'binary';
  produceMs: number;
  wait: TailWait;
}

const PARTS = 10;
const CONSUMERS = 3;

export async function tail(http: Http, meter: Meter | null, clock: HandlerClock | null, shape: TailShape, topic: string): Promise<TailRun> {
  await createTopic(http, topic, PARTS);
  const latencies: number[] = [];
  const httpMs: number[] = [];
  let consumed = 0;
  let fetches = 0;
  let empty = 0;
  let produced = 0;
  let produceRequests = 0;
  let producing = true;
  const produceLat: number[] = [];
  meter?.reset();
  clock?.reset();

  const maxWaitMs = shape.wait.mode === 'long-poll' ? shape.wait.maxWaitMs : 0;
  const sleepMs = shape.wait.mode === 'paced' ? shape.wait.intervalMs : 0;
  const consumer = async (): Promise<void> => {
    const offsets = new Array<number>(PARTS).fill(0);
    const done = () => !producing && consumed >= produced * CONSUMERS;
    const hardStop = performance.now() + shape.produceMs + 10_000;
    while (!done() && performance.now() < hardStop) {
      const t0 = performance.now();
      const out = await http.json<{ partitions: FetchPartitionOut[] }>('POST', '/v1/fetch', {
        partitions: offsets.map((offset, partition) => ({ topic, partition, offset })),
        maxBytes: MiB,
        maxWaitMs,
        format: 'binary',
      });
      httpMs.push(performance.now() - t0);
      fetches++;
      const now = Date.now();
      let records = 0;
      for (const p of out.partitions) {
        if (p.batches) {
          for (const b of decodeBatches(Buffer.from(p.batches, 'base64'))) {
            for (const r of b.records) {
              latencies.push(now - r.timestamp);
              records++;
            }
          }
        }
        offsets[p.partition] = p.nextOffset;
      }
      consumed += records;
      if (records === 0) empty++;
      if (sleepMs > 0 && out.partitions.every((p) => p.nextOffset >= p.highWatermark) && !done()) {
        await new Promise((r) => setTimeout(r, sleepMs));
      }
    }
  };

  const consumers = Array.from({ length: CONSUMERS }, () => consumer());
  const started = performance.now();
  const end = started + shape.produceMs;
  let seed = 1000;
  while (performance.now() < end) {
    const next = performance.now() + shape.intervalMs;
    const records = recordsFor(shape.recordsPerRequest, seed++);
    const timestamp = Date.now();
    const body = shape.mode === 'json' ? jsonBody(records, timestamp) : binaryBody(records.map((r) => ({ ...r, timestamp })), PARTS);
    const t0 = performance.now();
    await http.request('POST', `/v1/topics/${topic}/records`, { body, headers: { 'content-type': shape.mode === 'json' ? 'application/json' : BATCHES_CONTENT_TYPE } });
    produceLat.push(performance.now() - t0);
    produced += shape.recordsPerRequest;
    produceRequests++;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const produceSeconds = (performance.now() - started) / 1000;
  producing = false;
  await Promise.all(consumers);
  const snap = meter?.snapshot();
  const handlerMs = clock?.take() ?? [];
  return {
    consumers: CONSUMERS,
    intervalMs: shape.intervalMs,
    recordsPerRequest: shape.recordsPerRequest,
    mode: shape.mode,
    wait: shape.wait,
    produceSeconds,
    produceRequests,
    recordsProduced: produced,
    recordsConsumed: consumed,
    fetchRequests: fetches,
    emptyFetches: empty,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    produceP50Ms: percentile(produceLat, 50),
    fetchHandlerMsMean: mean(handlerMs),
    fetchHandlerMsP50: percentile(handlerMs, 50),
    fetchHttpMsMean: mean(httpMs),
    queryMsMean: snap ? meanMs(snap, 'Query') : NaN,
    getMsMean: snap ? meanMs(snap, 'GetObject') : NaN,
    perProduce: snap ? perRequest(snap, produceRequests, isProduceOp) : emptyPer(),
    perFetch: snap ? perRequest(snap, fetches, isFetchOp) : emptyPer(),
    aws: snap ?? null,
  };
}

/** Mean wall time of one kind of AWS call over the run (the meter times each attempt). */
function meanMs(s: MeterSnapshot, operation: string): number {
  const ops = s.operations.filter((o) => o.operation === operation);
  const calls = ops.reduce((n, o) => n + o.calls, 0);
  return calls ? ops.reduce((n, o) => n + o.totalMs, 0) / calls : NaN;
}

function emptyPer(): AwsPerRequest {
  return { s3Puts: NaN, s3Gets: NaN, ddbWrites: NaN, ddbReads: NaN, wru: NaN, rru: NaN, s3BytesUp: NaN, s3BytesDown: NaN };
}
