/**
 * The cost model: pure functions from a workload and the per-request AWS work of Sluice's
 * produce and fetch paths to a monthly bill by line item, and the same workload priced on the
 * peers from their published prices. Prices come from bench/prices.ts only. docs/cost-model.md
 * explains every assumption; bench/run.ts feeds it measured CPU times and checks the modelled
 * per-request counts against the counts metered on the local stack.
 */
import { AWS_PRICES, SECONDS_PER_MONTH } from './prices.ts';
import { GiB, MiB, result, retainedGib, type CostResult, type LineItem, type Workload } from './cost-basics.ts';

// ---- Sluice -----------------------------------------------------------------------------------

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
  /** Bytes a consumer asks for per fetch request. */
  fetchRequestBytes: number;
  /**
   * A caught-up consumer that long-polls gets each produce request's data as soon as it lands:
   * with this on, a fetch carries at most one produce request's bytes (the API has no minBytes
   * yet). Off, consumers are assumed to wait for `fetchRequestBytes` (a minBytes, or pacing).
   */
  fetchFollowsProduce: boolean;
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
}

/**
 * Measured on this repo (bench/handler-cpu.ts, one x86 core, Node 20, 2026-11-21); bench/run.ts
 * replaces them with the run's own figures.
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
  fetchRequestBytes: MiB,
  fetchFollowsProduce: false,
  commitAttempts: 1,
  // Measured by the append-order replay of 2026-11-21 (bench/run.ts replaces it each run): 0.95, taken as 1.
  getSpread: 1,
  fetchMode: 'multi-partition',
  consumer: 'tailing',
  fetchIndex: 'as-built',
  fetchFill: 'append-order',
  cpu: DEFAULT_CPU,
  latency: { s3PutBaseMs: 30, s3GetBaseMs: 20, s3MiBPerSec: 100, ddbRoundTripMs: 6 },
  lambdaMemoryMb: 1024,
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
};

/**
 * The fetch path before the read-path change of 2026-11-21, for before/after comparisons:
 * strongly consistent index Queries plus a log-start Query per fetch, and a consumer that split
 * its budget into per-partition shares (the engine filled the budget in request order). GET
 * spread as measured then by the replay with per-partition shares (bench/results of that day).
 */
export const PREVIOUS_FETCH_PATH: Partial<SluiceParams> = { fetchIndex: 'previous', fetchFill: 'partition-share', getSpread: 2.48 };

/** What one request costs in AWS work. */
export interface RequestProfile {
  s3Puts: number;
  s3Gets: number;
  ddbWrites: number;
  ddbQueries: number;
  wru: number;
  rru: number;
  /** Billed Lambda duration (ms): CPU, scaled to the function's CPU share, plus AWS waits. */
  lambdaMs: number;
  cpuMs: number;
}

export interface ProduceProfile extends RequestProfile {
  recordsPerRequest: number;
  partitionsPerRequest: number;
  requestsPerSec: number;
  /** Stored bytes per partition per request: the size of one index entry's range. */
  entryBytes: number;
}

export interface FetchProfile extends RequestProfile {
  /** Index entries read per partition per fetch. */
  entriesPerPartition: number;
  partitionsPerFetch: number;
  /** Partitions that get data in one fetch (fewer than asked when entries exceed their share). */
  partitionsServed: number;
  bytesPerFetch: number;
  /** Fetch requests per second, all groups together. */
  requestsPerSec: number;
}

/** Expected distinct partitions hit by n keyed records spread uniformly over p partitions. */
export function expectedPartitions(n: number, p: number): number {
  return p * (1 - Math.pow(1 - 1 / p, n));
}

/** Share of one vCPU a function gets at this memory size (1 at 1,769 MB and above). */
export function cpuShare(memoryMb: number): number {
  return Math.min(1, memoryMb / AWS_PRICES.lambda.fullVcpuMemoryMb);
}

function cpuMs(c: CpuCost, bytes: number, records: number): number {
  return c.fixedMs + (c.msPerMiB * bytes) / MiB + (c.msPerKRecords * records) / 1000;
}

function storedBytesPerRecordByte(w: Workload, p: SluiceParams): number {
  return (1 + p.recordOverheadBytes / w.recordBytes) / p.compressionRatio;
}

export function produceProfile(w: Workload, p: SluiceParams): ProduceProfile {
  const recordsPerRequest = Math.max(1, p.produceRequestBytes / w.recordBytes);
  const partitionsPerRequest = p.keyed ? expectedPartitions(recordsPerRequest, w.partitions) : 1;
  const requestsPerSec = w.ingestBytesPerSec / p.produceRequestBytes;
  const stored = p.produceRequestBytes * storedBytesPerRecordByte(w, p) + partitionsPerRequest * p.batchOverheadBytes;
  const cpu = cpuMs(p.produceMode === 'json' ? p.cpu.produceJson : p.cpu.produceBinary, p.produceRequestBytes, recordsPerRequest);
  const l = p.latency;
  const lambdaMs = cpu / cpuShare(p.lambdaMemoryMb) + l.s3PutBaseMs + (stored / MiB / l.s3MiBPerSec) * 1000 + l.ddbRoundTripMs;
  const wruPerCommit = Math.max(1, Math.ceil(p.indexItemBytes / 1024));
  return {
    recordsPerRequest,
    partitionsPerRequest,
    requestsPerSec,
    entryBytes: stored / partitionsPerRequest,
    s3Puts: 1,
    s3Gets: 0,
    ddbWrites: partitionsPerRequest * p.commitAttempts,
    ddbQueries: 0,
    wru: partitionsPerRequest * wruPerCommit * p.commitAttempts,
    rru: 0,
    lambdaMs,
    cpuMs: cpu,
  };
}

export function fetchProfile(w: Workload, p: SluiceParams): FetchProfile {
  const prod = produceProfile(w, p);
  const q = p.fetchMode === 'multi-partition' ? w.partitions : 1;
  const fetchBytes = p.fetchFollowsProduce ? Math.min(p.fetchRequestBytes, p.produceRequestBytes) : p.fetchRequestBytes;
  const shape = p.fetchMode === 'multi-partition' && p.fetchFill === 'partition-share' ? shareFill(fetchBytes, q, prod, p) : appendOrderFill(fetchBytes, q, w, prod, p);
  const { entries, served, gets } = shape;
  const bytesPerFetch = served * entries * prod.entryBytes;
  const pageItems = 100;
  const pages = Math.ceil(entries / pageItems);
  // A tailing consumer's Query returns what has arrived (about what one fetch takes); a replaying
  // one's returns full pages.
  const itemsRead = p.consumer === 'replay' ? pages * pageItems : Math.ceil(entries);
  const eventual = p.fetchIndex === 'as-built';
  // Forward pages per partition (the first one also locates the offset and the high watermark);
  // the previous engine added the topic's log-start Query to every fetch.
  const queries = q * pages + (eventual ? 0 : 1);
  const rru = q * readUnitsPaged(itemsRead, pageItems, p.indexItemBytes, eventual) + (eventual ? 0 : 1);
  const cpu = cpuMs(p.cpu.fetch, bytesPerFetch, bytesPerFetch / (w.recordBytes + p.recordOverheadBytes));
  const l = p.latency;
  const lambdaMs =
    cpu / cpuShare(p.lambdaMemoryMb) + pages * l.ddbRoundTripMs + l.s3GetBaseMs + (bytesPerFetch / MiB / l.s3MiBPerSec) * 1000;
  const requestsPerSec = (w.consumerGroups * w.ingestBytesPerSec * storedBytesPerRecordByte(w, p)) / bytesPerFetch;
  return {
    entriesPerPartition: entries,
    partitionsPerFetch: q,
    partitionsServed: served,
    bytesPerFetch,
    requestsPerSec,
    s3Puts: 0,
    s3Gets: gets,
    ddbWrites: 0,
    ddbQueries: queries,
    wru: 0,
    rru,
    lambdaMs,
    cpuMs: cpu,
  };
}

/**
 * As built: the budget takes W = F / entry size whole entries in log-append order. A produce
 * request's object holds E of the consumer's entries side by side, so W consecutive entries span
 * 1 + (W - 1) / E objects on average (one ranged GET each); a per-partition fetch reads one entry
 * per object.
 */
function appendOrderFill(fetchBytes: number, q: number, w: Workload, prod: ProduceProfile, p: SluiceParams): { entries: number; served: number; gets: number } {
  const perFetch = Math.max(1, Math.floor(fetchBytes / prod.entryBytes));
  const served = Math.min(q, perFetch);
  if (q === 1) return { entries: perFetch, served, gets: perFetch };
  const perObject = Math.max(1, (prod.partitionsPerRequest * q) / w.partitions);
  const ideal = 1 + (perFetch - 1) / perObject;
  return { entries: perFetch / served, served, gets: Math.max(1, Math.min(perFetch, ideal * p.getSpread)) };
}

/**
 * Previous: each partition gets F/q in whole entries; an entry larger than that is returned whole,
 * but then the budget serves fewer partitions.
 */
function shareFill(fetchBytes: number, q: number, prod: ProduceProfile, p: SluiceParams): { entries: number; served: number; gets: number } {
  const share = fetchBytes / q;
  const entries = Math.max(1, Math.floor(share / prod.entryBytes));
  const served = prod.entryBytes <= share ? q : Math.min(q, Math.max(1, Math.floor(fetchBytes / prod.entryBytes)));
  const ideal = (served * entries) / Math.min(prod.partitionsPerRequest, served);
  return { entries, served, gets: Math.max(1, Math.min(served * entries, ideal * (served > 1 ? p.getSpread : 1))) };
}

/**
 * Read units of reading `items` index items in Query pages of `page` items: DynamoDB adds up the
 * sizes a Query read and rounds up to 4 KB, 1 RRU per 4 KB strongly consistent, 0.5 eventually
 * consistent, at least one such unit per Query even when it finds nothing.
 */
export function readUnitsPaged(items: number, page: number, itemBytes: number, eventual: boolean): number {
  const unit = eventual ? 0.5 : 1;
  let rru = 0;
  for (let left = items; left > 0; left -= page) rru += Math.max(1, Math.ceil((Math.min(left, page) * itemBytes) / 4096)) * unit;
  return Math.max(unit, rru);
}

/** Sluice's monthly bill for a workload. */
export function sluiceCost(w: Workload, params: Partial<SluiceParams> = {}): CostResult & { produce: ProduceProfile; fetch: FetchProfile } {
  const p: SluiceParams = { ...DEFAULT_PARAMS, ...params };
  const prod = produceProfile(w, p);
  const fetch = fetchProfile(w, p);
  const s = SECONDS_PER_MONTH;
  const L = AWS_PRICES.lambda;
  const gbSecond = p.arch === 'arm64' ? L.gbSecondArm64 : L.gbSecondX86;
  const memGb = p.lambdaMemoryMb / 1024;
  const produceReqs = prod.requestsPerSec * s;
  const fetchReqs = fetch.requestsPerSec * s;
  const produceGbs = (produceReqs * prod.lambdaMs * memGb) / 1000;
  const fetchGbs = (fetchReqs * fetch.lambdaMs * memGb) / 1000;
  // Each warm instance re-reads its topic (one consistent GetItem) once per cache period while
  // busy; a fetch instance also its log start offsets (one consistent Query per topic, 1 RRU),
  // which the previous engine read on every fetch instead (in the fetch line).
  const instances = (rps: number, ms: number): number => Math.max(1, (rps * ms) / 1000);
  const fetchCacheReads = p.fetchIndex === 'as-built' ? 2 : 1;
  const topicReadsPerSec =
    Math.min(prod.requestsPerSec, instances(prod.requestsPerSec, prod.lambdaMs) * (1000 / p.topicCacheMs)) +
    fetchCacheReads * Math.min(fetch.requestsPerSec, instances(fetch.requestsPerSec, fetch.lambdaMs) * (1000 / p.topicCacheMs));
  const storedGib = retainedGib(w) * storedBytesPerRecordByte(w, p) + (prod.requestsPerSec * prod.partitionsPerRequest * p.batchOverheadBytes * w.retentionDays * 86400) / GiB;
  const indexItems = prod.requestsPerSec * prod.partitionsPerRequest * w.retentionDays * 86400;
  const indexGib = (indexItems * (p.indexItemBytes + AWS_PRICES.dynamodb.itemOverheadBytes)) / GiB;
  const wru = produceReqs * prod.wru;
  const rru = fetchReqs * fetch.rru;
  const g = p.groups;
  const members = g.enabled ? w.consumerGroups * g.membersPerGroup : 0;
  const groupsOn = g.enabled ? 1 : 0;
  const heartbeats = ((members * 1000) / g.heartbeatIntervalMs) * s;
  const commitCalls = ((members * 1000) / g.commitIntervalMs) * s;
  const groupCalls = heartbeats + commitCalls;
  // Each group's partitions are shared among its members: every partition's lease is renewed once
  // per renewal interval and its offset committed once per commit interval, per group.
  const leaseWru = groupsOn * ((w.consumerGroups * w.partitions * 1000) / g.leaseRenewIntervalMs) * s * g.leaseRenewWru + heartbeats * g.heartbeatWru;
  const commitWru = groupsOn * ((w.consumerGroups * w.partitions * 1000) / g.commitIntervalMs) * s * g.commitWru;
  const groupGbs = (groupCalls * g.lambdaMsPerCall * memGb) / 1000;
  const lines: LineItem[] = [
    { id: 'lambda.produce.requests', label: 'Lambda requests, produce', quantity: produceReqs, unit: 'requests', monthly: (produceReqs / 1e6) * L.requestsPerMillion },
    { id: 'lambda.produce.compute', label: `Lambda compute, produce (${p.lambdaMemoryMb} MB ${p.arch})`, quantity: produceGbs, unit: 'GB-s', monthly: produceGbs * gbSecond },
    { id: 'lambda.fetch.requests', label: 'Lambda requests, fetch', quantity: fetchReqs, unit: 'requests', monthly: (fetchReqs / 1e6) * L.requestsPerMillion },
    { id: 'lambda.fetch.compute', label: `Lambda compute, fetch (${p.lambdaMemoryMb} MB ${p.arch})`, quantity: fetchGbs, unit: 'GB-s', monthly: fetchGbs * gbSecond },
    { id: 's3.put', label: 'S3 PUT (one object per produce request)', quantity: produceReqs, unit: 'requests', monthly: (produceReqs / 1000) * AWS_PRICES.s3.putPer1000 },
    { id: 's3.get', label: 'S3 ranged GET (fetch)', quantity: fetchReqs * fetch.s3Gets, unit: 'requests', monthly: ((fetchReqs * fetch.s3Gets) / 1000) * AWS_PRICES.s3.getPer1000 },
    { id: 'ddb.commit', label: 'DynamoDB writes (one conditional PutItem per partition per produce)', quantity: wru, unit: 'WRU', monthly: (wru / 1e6) * AWS_PRICES.dynamodb.wruPerMillion },
    { id: 'ddb.fetch', label: 'DynamoDB reads (fetch index Queries)', quantity: rru, unit: 'RRU', monthly: (rru / 1e6) * AWS_PRICES.dynamodb.rruPerMillion },
    { id: 'ddb.topic', label: 'DynamoDB reads (topic and log-start cache refresh)', quantity: topicReadsPerSec * s, unit: 'RRU', monthly: ((topicReadsPerSec * s) / 1e6) * AWS_PRICES.dynamodb.rruPerMillion },
    { id: 'lambda.groups.requests', label: 'Lambda requests, consumer groups (heartbeats, commits)', quantity: groupCalls, unit: 'requests', monthly: (groupCalls / 1e6) * L.requestsPerMillion },
    { id: 'lambda.groups.compute', label: 'Lambda compute, consumer groups', quantity: groupGbs, unit: 'GB-s', monthly: groupGbs * gbSecond },
    { id: 'ddb.groups.leases', label: 'DynamoDB writes (member items, lease renewals)', quantity: leaseWru, unit: 'WRU', monthly: (leaseWru / 1e6) * AWS_PRICES.dynamodb.wruPerMillion },
    { id: 'ddb.groups.commits', label: 'DynamoDB writes (offset commits)', quantity: commitWru, unit: 'WRU', monthly: (commitWru / 1e6) * AWS_PRICES.dynamodb.wruPerMillion },
    { id: 'ddb.groups.reads', label: 'DynamoDB reads (group loads)', quantity: heartbeats * g.heartbeatRru, unit: 'RRU', monthly: ((heartbeats * g.heartbeatRru) / 1e6) * AWS_PRICES.dynamodb.rruPerMillion },
    { id: 's3.storage', label: `S3 storage (${w.retentionDays} days retained)`, quantity: storedGib, unit: 'GB-month', monthly: storedGib * AWS_PRICES.s3.storageGbMonth, idle: true },
    { id: 'ddb.storage', label: 'DynamoDB storage (batch index items)', quantity: indexGib, unit: 'GB-month', monthly: indexGib * AWS_PRICES.dynamodb.storageGbMonth, idle: true },
  ];
  const notes = [
    'Function URLs: no charge beyond Lambda. Producers and consumers in the same region: no transfer charges (as for the peers).',
    'Retention drops index items by TTL and objects by lifecycle: both free. Compaction (not built yet) is not priced.',
    'Consumer-group costs follow the coordinator\'s structure (heartbeat: load and member write; leases renewed every half session; commit: one lease update per partition); the commit path is not metered yet.',
  ];
  return { ...result('Sluice', w, lines, notes, 0), produce: prod, fetch };
}
