/**
 * The cost model's parameters: what Sluice does per request, how clients use it, and the defaults
 * of the reference scenario (the SDK's defaults). docs/cost-model.md explains each.
 */
import { MiB } from './cost-basics.ts';
import { DEFAULT_MAINTENANCE, type MaintenanceParams } from './cost-maintenance.ts';

/** How a caught-up consumer waits for data (SluiceParams.consumerWait). */
export type ConsumerWait =
  | { mode: 'long-poll'; maxWaitMs: number; /** A server-side minimum (Kafka's fetch.min.bytes): not built. */ minBytes?: number }
  | { mode: 'paced'; intervalMs: number }
  | { mode: 'behind' };

/** CPU time of one handler invocation: fixed + per MiB + per record, on one full core. */
export interface CpuCost {
  fixedMs: number;
  msPerMiB: number;
  msPerKRecords: number;
}

export interface SluiceParams {
  /** Record bytes per produce request: how much the producer batches. */
  produceRequestBytes: number;
  /** Wire mode of the producer: JSON records or client-encoded RecordBatches. */
  produceMode: 'binary' | 'json';
  /** Keyed records spread over partitions (murmur2); unkeyed ones stick to one partition per request. */
  keyed: boolean;
  /** Bytes a consumer asks for per fetch request (its budget, `maxBytes`). */
  fetchRequestBytes: number;
  /**
   * How a caught-up consumer waits for new data (bench/cost-consumer-wait.ts). `paced` (the SDK
   * consumer's default, every 1 s): the consumer sleeps `intervalMs` client-side after each fetch
   * that did not fill its budget and fetches with maxWaitMs 0. `long-poll` (the SDK consumer with
   * `pollIntervalMs: 0` or `maxWaitTimeInMs` set): a fetch waits in the Lambda, re-reading the
   * index on the engine's cadence, until data lands or maxWaitMs runs out; it returns as soon as
   * any data is there (no minBytes is built; `minBytes` prices one). `behind`: every fetch fills
   * its budget at once (a consumer catching up or replaying); the model assumed this of caught-up
   * consumers until 2026-11-21.
   */
  consumerWait: ConsumerWait;
  /**
   * When produce requests land: `periodic` (one producer lingering, or producers in step: one
   * every R / ingest rate) or `random` (many independent producers: a Poisson process of that rate).
   */
  produceArrivals: 'periodic' | 'random';
  /**
   * Index Queries per caught-up partition in each long-poll round after the first: 1 as built (the
   * engine keeps the first round's high watermark and re-runs only the forward Query); 2 before
   * 2026-11-21 (the forward Query found nothing, then a latest Query re-read the watermark).
   */
  pollQueriesPerPartition: number;
  /** Between a fetch's answer and the consumer's next fetch: transfer, decoding, the handler's work. */
  clientGapMs: number;
  /**
   * GETs per fetch over the ideal (see `fetchFill`). bench/run.ts sets it from the end-to-end
   * replay: a fetch's entries never line up with objects perfectly (keyed batches differ in size,
   * concurrent producers commit out of append order).
   */
  getSpread: number;
  /** Conditional PutItem attempts per partition commit: 1 uncontended; more when writers race. */
  commitAttempts: number;
  /** One request for all of a consumer's partitions (POST /v1/fetch), or one per partition. */
  fetchMode: 'multi-partition' | 'per-partition';
  /**
   * The fetch Function URL's invoke mode (the construct's `fetchInvokeMode`). RESPONSE_STREAM (the
   * default) pays per GB streamed beyond the first 6 MB of each response, which no fetch within
   * the API's 4 MiB budget reaches; BUFFERED pays nothing for bytes but caps a response at 6 MB.
   * The handler's CPU (`cpu.fetch`) is measured in the same mode (bench/handler-cpu.ts).
   */
  fetchInvokeMode: 'RESPONSE_STREAM' | 'BUFFERED';
  /** Tailing consumers read entries as they arrive; replaying ones read full index pages. */
  consumer: 'tailing' | 'replay';
  /**
   * The fetch path's index reads. `as-built`: per partition one eventually consistent forward
   * Query from the requested offset (pages of 100; a consumer's next offset is a batch boundary,
   * and a page that is not full also gives the high watermark): 0.5 RRU per 4 KB, rounded up per
   * Query, at least 0.5; log start offsets cached per warm function (priced with the topic cache).
   * `previous`: the engine before the read-path change of 2026-11-21: the same Queries strongly
   * consistent (1 RRU per 4 KB), plus one log-start Query per topic per fetch.
   */
  fetchIndex: 'as-built' | 'previous';
  /**
   * How a multi-partition fetch fills its byte budget. `append-order` (as built): entries in
   * log-append order across partitions, so a fetch reads consecutive whole objects: ideally
   * 1 + (W - 1) / E GETs for W entries per fetch and E of the consumer's entries per object.
   * `partition-share` (previous): each partition a 1/q share of the budget, ideally W / min(E, served)
   * GETs (partitions in step), which the consumer had to ask for with per-partition maxBytes.
   */
  fetchFill: 'append-order' | 'partition-share';
  cpu: { produceJson: CpuCost; produceBinary: CpuCost; fetch: CpuCost };
  /** AWS-side latencies billed as Lambda wall time (assumptions, not measurements). */
  latency: { s3PutBaseMs: number; s3GetBaseMs: number; s3MiBPerSec: number; ddbRoundTripMs: number };
  lambdaMemoryMb: number;
  /** The fetch function's memory: billed GB-s of its waiting scale with it, its CPU share too. */
  fetchMemoryMb: number;
  arch: 'arm64' | 'x86';
  /** DynamoDB size of one batch index item. */
  indexItemBytes: number;
  /** RecordBatch v2 framing per record and per batch. */
  recordOverheadBytes: number;
  batchOverheadBytes: number;
  /** Stored bytes = encoded bytes / compressionRatio. */
  compressionRatio: number;
  /** How long a warm function trusts a topic (and, on the fetch path, a log start offset) it read. */
  topicCacheMs: number;
  /**
   * Consumer-group coordination (shared/groups): each member heartbeats (one Lambda call: load
   * the group, write the member item: 2 DynamoDB requests when steady, as bench/groups-scale.ts
   * meters), renews its partitions' leases together when less than half a session is left (one
   * conditional write per partition), and commits offsets (one Lambda call per commit interval,
   * a conditional lease update per partition).
   */
  groups: {
    /** Off: consumers keep their own offsets (no group calls at all). */
    enabled: boolean;
    membersPerGroup: number;
    heartbeatIntervalMs: number;
    commitIntervalMs: number;
    /** Per heartbeat: the group load Query (RRU) and the member item write (WRU). */
    heartbeatRru: number;
    heartbeatWru: number;
    /** Per owned partition per renewal; renewals every half session (45 s / 2). */
    leaseRenewWru: number;
    leaseRenewIntervalMs: number;
    /** Per partition per commit. */
    commitWru: number;
    lambdaMsPerCall: number;
  };
  /**
   * Maintenance (shared/maintenance; bench/cost-maintenance.ts): segments, retention, garbage
   * collection, on their schedule. Off prices the service as before it existed: index items
   * expiring by TTL and objects by a lifecycle rule, both free, and nothing merged.
   */
  maintenance: MaintenanceParams;
}

/**
 * Measured on this repo (bench/handler-cpu.ts, one x86 core, Node 20, 2026-11-21; fetch's
 * buffered handler, the default then, which costs more per MiB than the streaming one);
 * bench/run.ts replaces them with the run's own figures.
 */
export const DEFAULT_CPU: SluiceParams['cpu'] = {
  produceJson: { fixedMs: 0.2, msPerMiB: 7.5, msPerKRecords: 1.8 },
  produceBinary: { fixedMs: 0.1, msPerMiB: 2.8, msPerKRecords: 0.2 },
  fetch: { fixedMs: 0.24, msPerMiB: 2.0, msPerKRecords: 0 },
};

export const DEFAULT_PARAMS: SluiceParams = {
  produceRequestBytes: MiB,
  produceMode: 'binary',
  keyed: true,
  // The SDK consumer's defaults: maxBytes 4 MiB (the API's limit; maxBytesPerPartition 1 MiB,
  // which a caught-up fetch never reaches), paced every 1 s (pollIntervalMs; long-poll until
  // 2026-11-21: see LONG_POLL_CONSUMERS).
  fetchRequestBytes: 4 * MiB,
  consumerWait: { mode: 'paced', intervalMs: 1000 },
  produceArrivals: 'periodic',
  pollQueriesPerPartition: 1,
  clientGapMs: 20,
  commitAttempts: 1,
  // Measured by the append-order replay of 2026-11-21 (bench/run.ts replaces it each run): 0.95, taken as 1.
  getSpread: 1,
  fetchMode: 'multi-partition',
  fetchInvokeMode: 'RESPONSE_STREAM',
  consumer: 'tailing',
  fetchIndex: 'as-built',
  fetchFill: 'append-order',
  cpu: DEFAULT_CPU,
  latency: { s3PutBaseMs: 30, s3GetBaseMs: 20, s3MiBPerSec: 100, ddbRoundTripMs: 6 },
  lambdaMemoryMb: 1024,
  fetchMemoryMb: 1024,
  arch: 'arm64',
  indexItemBytes: 140,
  recordOverheadBytes: 10,
  batchOverheadBytes: 61,
  compressionRatio: 1,
  topicCacheMs: 2000,
  groups: {
    enabled: true,
    membersPerGroup: 1,
    heartbeatIntervalMs: 5000,
    commitIntervalMs: 5000,
    heartbeatRru: 1,
    heartbeatWru: 1,
    leaseRenewWru: 1,
    leaseRenewIntervalMs: 22_500,
    commitWru: 1,
    lambdaMsPerCall: 25,
  },
  maintenance: DEFAULT_MAINTENANCE,
};

/** Priced as before maintenance existed: nothing merged, retention by TTL and lifecycle (free). */
export const NO_MAINTENANCE: Partial<SluiceParams> = { maintenance: { ...DEFAULT_MAINTENANCE, enabled: false } };

/**
 * The fetch path before the read-path change of 2026-11-21, for before/after comparisons:
 * strongly consistent index Queries plus a log-start Query per fetch, and a consumer that split
 * its budget into per-partition shares (the engine filled the budget in request order). GET
 * spread as measured then by the replay with per-partition shares (bench/results of that day).
 */
export const PREVIOUS_FETCH_PATH: Partial<SluiceParams> = { fetchIndex: 'previous', fetchFill: 'partition-share', getSpread: 2.48 };

/**
 * The assumption the model made of caught-up consumers until 2026-11-21: every fetch returns a
 * full 1 MiB budget and nothing is spent waiting. Kept to show what changed.
 */
export const FULL_BUDGET_CONSUMERS: Partial<SluiceParams> = { consumerWait: { mode: 'behind' }, fetchRequestBytes: MiB };

/** The SDK consumer's default until 2026-11-21, and its opt-in now: long-poll up to 1 s. */
export const LONG_POLL_CONSUMERS: Partial<SluiceParams> = { consumerWait: { mode: 'long-poll', maxWaitMs: 1000 } };
