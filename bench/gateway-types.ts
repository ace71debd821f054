/** What the Kafka gateway benchmark measures (bench/gateway.ts) and reports (bench/gateway-report.ts). */
import type { MeterSnapshot } from '../shared/storage/metering.ts';

/** The clients compared: two Kafka clients through the gateway, and the SDK over HTTP. */
export type GatewayClient = 'kafkajs' | 'librdkafka' | 'sdk';

export interface ThroughputRun {
  client: GatewayClient;
  /** `gateway` (Kafka protocol) or `http` (the SDK against the local server). */
  path: 'gateway' | 'http';
  op: 'produce' | 'consume';
  records: number;
  /** Record bytes (keys + values). */
  bytes: number;
  seconds: number;
  mibPerSec: number;
  /** How the client was driven, in a few words (request size, in-flight, defaults changed). */
  how: string;
  /** S3 and DynamoDB calls of the run, on the storage the path uses. */
  aws: MeterSnapshot | null;
  error?: string;
}

export interface LatencyRun {
  client: GatewayClient;
  path: 'gateway' | 'http';
  sends: number;
  recordsPerSend: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  how: string;
  error?: string;
}

/** Calls per minute of idle consumers on one idle partition. */
export interface IdleRun {
  consumers: number;
  seconds: number;
  /** Fetch requests the consumers sent (KafkaJS instrumentation), per minute, all together. */
  fetchesPerMin: number;
  /** The data path (topics, index, log starts, objects): the fetches and the tail watcher. */
  data: { ddbCallsPerMin: number; rruPerMin: number; s3GetsPerMin: number; queriesPerMin: number; getItemsPerMin: number };
  /** High-watermark reads (index `latest`): the watcher's polls and each fetch's first read. */
  latestReadsPerMin: number;
  /** Forward index reads (index `after`/`floor`): each fetch's first read. */
  forwardReadsPerMin: number;
  /** Group coordination (heartbeats and the like): grows with consumers, as with any Kafka broker. */
  groups: { ddbCallsPerMin: number; rruPerMin: number; wruPerMin: number };
  dataAws: MeterSnapshot | null;
  groupsAws: MeterSnapshot | null;
}

export interface GatewayBenchResult {
  skipped?: string;
  note: string;
  /** 1 KiB records (16-byte keys), keyed over this many partitions. */
  partitions: number;
  recordBytes: number;
  volumeBytes: number;
  throughput: ThroughputRun[];
  latency: LatencyRun[];
  idle: IdleRun[];
  /** Why the idle consumers were not measured, when they broke. */
  idleError?: string;
  /** The client's max wait of the idle consumers (KafkaJS's default maxWaitTimeInMs). */
  idleMaxWaitMs: number;
  /** The tail watcher's poll cadence: first interval, doubling to the last. */
  watcher: { minIntervalMs: number; maxIntervalMs: number };
  loadAverage: { start: number[]; end: number[] };
  versions: { kafkajs: string; librdkafka: string | null };
}
