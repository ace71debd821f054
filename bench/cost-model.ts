/**
 * The cost model: pure functions from a workload and the per-request AWS work of Sluice's
 * produce and fetch paths to a monthly bill by line item. Prices come from bench/prices.ts only.
 * The parts: cost-params.ts (parameters and the reference defaults), cost-produce.ts,
 * cost-fetch.ts and cost-consumer-wait.ts (work per request, and what a caught-up consumer's
 * waiting costs); the peers are in cost-peers.ts. docs/cost-model.md explains every assumption;
 * bench/run.ts feeds it measured CPU times and checks its per-request counts against the meter.
 */
import { AWS_PRICES, SECONDS_PER_MONTH } from './prices.ts';
import { GiB, result, retainedGib, type CostResult, type LineItem, type Workload } from './cost-basics.ts';
import { consumerWaitOutcome, fetchProfile, type FetchProfile } from './cost-fetch.ts';
import { DEFAULT_PARAMS, type SluiceParams } from './cost-params.ts';
import { produceProfile, storedBytesPerRecordByte, type ProduceProfile } from './cost-produce.ts';
import { maintenanceLines, maintenanceProfile, type MaintenanceProfile } from './cost-maintenance.ts';

export { DEFAULT_CPU, DEFAULT_PARAMS, FULL_BUDGET_CONSUMERS, LONG_POLL_CONSUMERS, NO_MAINTENANCE, PREVIOUS_FETCH_PATH, type ConsumerWait, type CpuCost, type SluiceParams } from './cost-params.ts';
export { cpuShare, expectedPartitions, produceProfile, type ProduceProfile, type RequestProfile } from './cost-produce.ts';
export { consumerWaitOutcome, fetchProfile, readUnitsPaged, type FetchProfile } from './cost-fetch.ts';

/** Sluice's monthly bill for a workload. */
export function sluiceCost(w: Workload, params: Partial<SluiceParams> = {}): SluiceCost {
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
  const fetchMemGb = p.fetchMemoryMb / 1024;
  const fetchGbs = (fetchReqs * (fetch.lambdaMs - fetch.waitMs) * fetchMemGb) / 1000;
  const waitGbs = (fetchReqs * fetch.waitMs * fetchMemGb) / 1000;
  // Each warm instance re-reads its topic (one consistent GetItem) once per cache period while
  // busy; a fetch instance also its log start offsets (one consistent Query per topic, 1 RRU),
  // which the previous engine read on every fetch instead (in the fetch line).
  const instances = (rps: number, ms: number): number => Math.max(1, (rps * ms) / 1000);
  const fetchCacheReads = p.fetchIndex === 'as-built' ? 2 : 1;
  const topicReadsPerSec =
    Math.min(prod.requestsPerSec, instances(prod.requestsPerSec, prod.lambdaMs) * (1000 / p.topicCacheMs)) +
    fetchCacheReads * Math.min(fetch.requestsPerSec, instances(fetch.requestsPerSec, fetch.lambdaMs) * (1000 / p.topicCacheMs));
  // Maintenance: merged segments, retention and collection as scheduled (bench/cost-maintenance.ts).
  // Without it, objects expire by a lifecycle rule and index items by TTL, exactly at the window.
  const maint = p.maintenance.enabled ? maintenanceProfile(w, p, prod) : undefined;
  const keptSeconds = w.retentionDays * 86400 + (maint?.extraStoredSeconds ?? 0);
  const storedGib = (retainedGib(w) * storedBytesPerRecordByte(w, p) + (prod.requestsPerSec * prod.partitionsPerRequest * p.batchOverheadBytes * w.retentionDays * 86400) / GiB) * (keptSeconds / (w.retentionDays * 86400));
  const indexItems = maint ? maint.indexItems : prod.requestsPerSec * prod.partitionsPerRequest * w.retentionDays * 86400;
  const indexGib = maint ? maint.indexBytes / GiB : (indexItems * (p.indexItemBytes + AWS_PRICES.dynamodb.itemOverheadBytes)) / GiB;
  const wru = produceReqs * prod.wru;
  const rru = fetchReqs * (fetch.rru - fetch.pollRru);
  const pollRru = fetchReqs * fetch.pollRru;
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
  // Streamed fetch responses: every fetch priced as the largest it can send (an upper bound).
  const largestResponse = largestFetchResponseBytes(p, fetch.partitionsPerFetch);
  const streamedGib = p.fetchInvokeMode === 'RESPONSE_STREAM' ? (fetchReqs * Math.max(0, largestResponse - L.streamedFreeBytesPerResponse)) / GiB : 0;
  const lines: LineItem[] = [
    { id: 'lambda.produce.requests', label: 'Lambda requests, produce', quantity: produceReqs, unit: 'requests', monthly: (produceReqs / 1e6) * L.requestsPerMillion },
    { id: 'lambda.produce.compute', label: `Lambda compute, produce (${p.lambdaMemoryMb} MB ${p.arch})`, quantity: produceGbs, unit: 'GB-s', monthly: produceGbs * gbSecond },
    { id: 'lambda.fetch.requests', label: 'Lambda requests, fetch', quantity: fetchReqs, unit: 'requests', monthly: (fetchReqs / 1e6) * L.requestsPerMillion },
    { id: 'lambda.fetch.compute', label: `Lambda compute, fetch: the reads (${p.fetchMemoryMb} MB ${p.arch})`, quantity: fetchGbs, unit: 'GB-s', monthly: fetchGbs * gbSecond },
    { id: 'lambda.fetch.wait', label: 'Lambda compute, fetch: polling (long-poll waits, empty fetches)', quantity: waitGbs, unit: 'GB-s', monthly: waitGbs * gbSecond },
    ...(p.fetchInvokeMode === 'RESPONSE_STREAM'
      ? [{ id: 'lambda.fetch.streamed', label: 'Lambda response streaming, fetch (bytes beyond the first 6 MB of a response)', quantity: streamedGib, unit: 'GB', monthly: streamedGib * L.streamedPerGb }]
      : []),
    { id: 's3.put', label: 'S3 PUT (one object per produce request)', quantity: produceReqs, unit: 'requests', monthly: (produceReqs / 1000) * AWS_PRICES.s3.putPer1000 },
    { id: 's3.get', label: 'S3 ranged GET (fetch)', quantity: fetchReqs * fetch.s3Gets, unit: 'requests', monthly: ((fetchReqs * fetch.s3Gets) / 1000) * AWS_PRICES.s3.getPer1000 },
    { id: 'ddb.commit', label: 'DynamoDB writes (one conditional PutItem per partition per produce)', quantity: wru, unit: 'WRU', monthly: (wru / 1e6) * AWS_PRICES.dynamodb.wruPerMillion },
    { id: 'ddb.fetch', label: 'DynamoDB reads (fetch index Queries that find the data)', quantity: rru, unit: 'RRU', monthly: (rru / 1e6) * AWS_PRICES.dynamodb.rruPerMillion },
    { id: 'ddb.fetch.poll', label: 'DynamoDB reads (polling: long-poll re-reads, empty fetches)', quantity: pollRru, unit: 'RRU', monthly: (pollRru / 1e6) * AWS_PRICES.dynamodb.rruPerMillion },
    { id: 'ddb.topic', label: 'DynamoDB reads (topic and log-start cache refresh)', quantity: topicReadsPerSec * s, unit: 'RRU', monthly: ((topicReadsPerSec * s) / 1e6) * AWS_PRICES.dynamodb.rruPerMillion },
    { id: 'lambda.groups.requests', label: 'Lambda requests, consumer groups (heartbeats, commits)', quantity: groupCalls, unit: 'requests', monthly: (groupCalls / 1e6) * L.requestsPerMillion },
    { id: 'lambda.groups.compute', label: 'Lambda compute, consumer groups', quantity: groupGbs, unit: 'GB-s', monthly: groupGbs * gbSecond },
    { id: 'ddb.groups.leases', label: 'DynamoDB writes (member items, lease renewals)', quantity: leaseWru, unit: 'WRU', monthly: (leaseWru / 1e6) * AWS_PRICES.dynamodb.wruPerMillion },
    { id: 'ddb.groups.commits', label: 'DynamoDB writes (offset commits)', quantity: commitWru, unit: 'WRU', monthly: (commitWru / 1e6) * AWS_PRICES.dynamodb.wruPerMillion },
    { id: 'ddb.groups.reads', label: 'DynamoDB reads (group loads)', quantity: heartbeats * g.heartbeatRru, unit: 'RRU', monthly: ((heartbeats * g.heartbeatRru) / 1e6) * AWS_PRICES.dynamodb.rruPerMillion },
    ...(maint ? maintenanceLines(maint, p) : []),
    { id: 's3.storage', label: maint ? `S3 storage (${w.retentionDays} days retained, + ${(maint.extraStoredSeconds / 3600).toFixed(1)} h: merge lag, collection, whole segments)` : `S3 storage (${w.retentionDays} days retained)`, quantity: storedGib, unit: 'GB-month', monthly: storedGib * AWS_PRICES.s3.storageGbMonth, idle: true },
    { id: 'ddb.storage', label: maint ? 'DynamoDB storage (segment items and the unmerged head)' : 'DynamoDB storage (batch index items)', quantity: indexGib, unit: 'GB-month', monthly: indexGib * AWS_PRICES.dynamodb.storageGbMonth, idle: true },
  ];
  const notes = [
    'Function URLs: no charge beyond Lambda. Producers and consumers in the same region: no transfer charges (as for the peers).',
    p.fetchInvokeMode === 'RESPONSE_STREAM'
      ? `Fetch streams its responses (the construct's default): the first 6 MB of each are free, and a fetch sends at most ${(largestResponse / 1e6).toFixed(2)} MB here.`
      : 'Fetch buffers its responses (fetchInvokeMode BUFFERED): no charge for bytes, a response at most 6 MB.',
    maint
      ? 'Maintenance as scheduled: a pass every 5 min merges entries into segments (every entry deleted once, 1 WRU), retention deletes whole segments, an hourly collection deletes unreferenced objects after a 1 h grace period.'
      : 'Without maintenance: retention by TTL (index items) and a lifecycle rule (objects), both free; nothing merged.',
    'Consumer-group costs follow the coordinator\'s structure (heartbeat: load and member write; leases renewed every half session; commit: one lease update per partition); the commit path is not metered yet.',
  ];
  return { ...result('Sluice', w, lines, notes, 0), produce: prod, fetch, maintenance: maint, idleConsumersMonthly: idleConsumers(w, p) };
}

/**
 * The largest response one fetch can send: its budget, or for a multi-partition fetch (POST
 * /v1/fetch answers JSON) the budget base64-encoded, with up to 512 bytes of JSON per partition.
 */
export function largestFetchResponseBytes(p: Pick<SluiceParams, 'fetchMode' | 'fetchRequestBytes'>, partitions: number): number {
  return p.fetchMode === 'multi-partition' ? Math.ceil(p.fetchRequestBytes / 3) * 4 + partitions * 512 : p.fetchRequestBytes;
}

export type SluiceCost = CostResult & {
  produce: ProduceProfile;
  fetch: FetchProfile;
  /** Maintenance's steady state; undefined when priced without it. */
  maintenance: MaintenanceProfile | undefined;
  /**
   * What the consumers cost while they keep running on a topic with no traffic: their polling
   * (fetch Lambda time and Queries), heartbeats and lease renewals. Offset commits are left out
   * (nothing moved). 0 for consumers that are behind (they are not waiting).
   */
  idleConsumersMonthly: number;
};

function idleConsumers(w: Workload, p: SluiceParams): number {
  if (p.consumerWait.mode === 'behind') return 0;
  const o = consumerWaitOutcome(w, p, 0);
  const s = SECONDS_PER_MONTH * o.consumers;
  const L = AWS_PRICES.lambda;
  const gbSecond = p.arch === 'arm64' ? L.gbSecondArm64 : L.gbSecondX86;
  const polling =
    ((o.fetchesPerSec * s) / 1e6) * L.requestsPerMillion +
    ((o.billedMsPerSec * s) / 1000) * (p.fetchMemoryMb / 1024) * gbSecond +
    ((o.pollRruPerSec * s) / 1e6) * AWS_PRICES.dynamodb.rruPerMillion;
  const g = p.groups;
  if (!g.enabled) return polling;
  const members = w.consumerGroups * g.membersPerGroup;
  const heartbeats = ((members * 1000) / g.heartbeatIntervalMs) * SECONDS_PER_MONTH;
  const leaseWru = ((w.consumerGroups * w.partitions * 1000) / g.leaseRenewIntervalMs) * SECONDS_PER_MONTH * g.leaseRenewWru + heartbeats * g.heartbeatWru;
  return (
    polling +
    (heartbeats / 1e6) * L.requestsPerMillion +
    ((heartbeats * g.lambdaMsPerCall) / 1000) * (p.lambdaMemoryMb / 1024) * gbSecond +
    (leaseWru / 1e6) * AWS_PRICES.dynamodb.wruPerMillion +
    ((heartbeats * g.heartbeatRru) / 1e6) * AWS_PRICES.dynamodb.rruPerMillion
  );
}
