/** What the end-to-end benchmark measures (bench/e2e.ts) and reports (bench/e2e-report.ts). */
import { type MeterSnapshot } from '../shared/storage/metering.ts';

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

export type TailWait = { mode: 'long-poll'; maxWaitMs: number } | { mode: 'paced'; intervalMs: number };

export interface TailRun {
  consumers: number;
  /** Produce requests start this far apart (or back to back when one takes longer). */
  intervalMs: number;
  recordsPerRequest: number;
  mode: 'binary' | 'json';
  /** How caught-up consumers wait: long-poll in the fetch, or sleep client-side (the SDK default). */
  wait: TailWait;
  /** How long the producer ran: with `produceRequests`, the measured produce interval. */
  produceSeconds: number;
  produceRequests: number;
  recordsProduced: number;
  recordsConsumed: number;
  fetchRequests: number;
  /** Fetches that returned no records (a long-poll that ran out, or a paced fetch that found nothing). */
  emptyFetches: number;
  /** Produce-to-consume latency over every record every consumer received. */
  p50Ms: number;
  p99Ms: number;
  produceP50Ms: number;
  /** Wall time of the fetch handler per invocation: what Lambda would bill, waiting included. */
  fetchHandlerMsMean: number;
  fetchHandlerMsP50: number;
  /** The consumer's view of a fetch: the handler plus the local server and the HTTP round trip. */
  fetchHttpMsMean: number;
  /** Mean wall time of one DynamoDB Query and one S3 GET on the local stack during the run. */
  queryMsMean: number;
  getMsMean: number;
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
  /** Tailing runs: the first with small requests every 50 ms, the second one request a second. */
  tails: TailRun[];
  scaling: ScalingRun[];
}
