/**
 * The fetch path's work per fetch request, averaged over a consumer's fetches: index Queries,
 * ranged GETs, billed Lambda time, and how many fetches a second the consumers make. A consumer
 * that is behind fills its budget on every fetch; a caught-up one waits for data, long-polling or
 * paced, and bench/cost-consumer-wait.ts works out what that waiting costs.
 */
import type { Workload } from './cost-basics.ts';
import { MiB } from './cost-basics.ts';
import { simulateWait, type WaitOutcome } from './cost-consumer-wait.ts';
import type { SluiceParams } from './cost-params.ts';
import { cpuMs, cpuShare, produceProfile, storedBytesPerRecordByte, type ProduceProfile, type RequestProfile } from './cost-produce.ts';

export interface FetchProfile extends RequestProfile {
  /** Index entries read per partition per fetch with data. */
  entriesPerPartition: number;
  partitionsPerFetch: number;
  /** Partitions that get data in one fetch with data. */
  partitionsServed: number;
  /** Bytes per fetch, averaged over every fetch (empty ones included). */
  bytesPerFetch: number;
  /** Fetch requests per second, all consumers together. */
  requestsPerSec: number;
  /** Consumers fetching at once: one per group, or one per partition per group. */
  consumers: number;
  /** Share of fetches that return data. */
  dataShare: number;
  /** Of `lambdaMs`: billed while polling (rounds that found nothing, their sleeps, empty fetches). */
  waitMs: number;
  /** Of `ddbQueries` and `rru`: the Queries of those polling rounds. */
  pollQueries: number;
  pollRru: number;
  /** Mean time from a produce request's commit to the fetch carrying it returning (NaN when behind). */
  deliveryMs: number;
}

/** Index entries read per Query while filling a fetch (shared/log/fetch.ts). */
const PAGE = 100;

export function fetchProfile(w: Workload, p: SluiceParams): FetchProfile {
  const prod = produceProfile(w, p);
  return p.consumerWait.mode === 'behind' ? fullBudgetProfile(w, p, prod) : waitingProfile(w, p, prod);
}

/** One caught-up consumer's waiting, as the simulation plays it out with these parameters. */
export function consumerWaitOutcome(w: Workload, p: SluiceParams, produceRequestsPerSec?: number): WaitOutcome & { consumers: number; partitions: number } {
  const prod = produceProfile(w, p);
  const wait = p.consumerWait;
  if (wait.mode === 'behind') throw new Error('a consumer that is behind does not wait');
  const perPartition = p.fetchMode === 'per-partition';
  const perGroup = perPartition ? w.partitions : p.groups.enabled ? p.groups.membersPerGroup : 1;
  const q = perPartition ? 1 : w.partitions / perGroup;
  // Entries a produce request carries for this consumer; when it is less than one, fewer
  // requests concern the consumer, each with one entry.
  const share = (prod.partitionsPerRequest * q) / w.partitions;
  const rps = produceRequestsPerSec ?? prod.requestsPerSec;
  const share1 = Math.min(1, share);
  const memShare = cpuShare(p.fetchMemoryMb);
  const l = p.latency;
  const eventual = p.fetchIndex === 'as-built';
  const recordBytes = w.recordBytes + p.recordOverheadBytes;
  const outcome = simulateWait({
    wait,
    arrivals: p.produceArrivals,
    intervalMs: rps > 0 ? 1000 / (rps * share1) : Infinity,
    partitions: q,
    entriesPerRequest: Math.max(1, share),
    entryBytes: prod.entryBytes,
    fetchBytes: p.fetchRequestBytes,
    ddbRoundTripMs: l.ddbRoundTripMs,
    pollQueriesPerPartition: p.pollQueriesPerPartition,
    clientGapMs: p.clientGapMs,
    fixedMs: p.cpu.fetch.fixedMs / memShare,
    readMs: (bytes) => (cpuMs(p.cpu.fetch, bytes, bytes / recordBytes) - p.cpu.fetch.fixedMs) / memShare + l.s3GetBaseMs + (bytes / MiB / l.s3MiBPerSec) * 1000,
    queryRru: (items) => readUnitsPaged(items, PAGE, p.indexItemBytes, eventual),
  });
  return { ...outcome, consumers: w.consumerGroups * perGroup, partitions: q };
}

function waitingProfile(w: Workload, p: SluiceParams, prod: ProduceProfile): FetchProfile {
  const o = consumerWaitOutcome(w, p);
  const f = o.fetchesPerSec;
  const per = (x: number): number => x / f;
  // The engine before 2026-11-21 read the topic's log starts with a strong Query on every fetch.
  const logStart = p.fetchIndex === 'as-built' ? 0 : 1;
  const bytesPerFetch = per(o.entriesPerSec * prod.entryBytes);
  const served = Math.min(o.partitions, o.dataFetchesPerSec > 0 ? o.entriesPerSec / o.dataFetchesPerSec : 0);
  return {
    entriesPerPartition: o.dataFetchesPerSec > 0 ? o.entriesPerSec / o.dataFetchesPerSec / Math.max(1, served) : 0,
    partitionsPerFetch: o.partitions,
    partitionsServed: served,
    bytesPerFetch,
    requestsPerSec: o.consumers * f,
    consumers: o.consumers,
    dataShare: o.dataFetchesPerSec / f,
    s3Puts: 0,
    s3Gets: per(o.getsPerSec),
    ddbWrites: 0,
    ddbQueries: per(o.dataQueriesPerSec + o.pollQueriesPerSec) + logStart,
    wru: 0,
    rru: per(o.dataRruPerSec + o.pollRruPerSec) + logStart,
    lambdaMs: per(o.billedMsPerSec),
    cpuMs: cpuMs(p.cpu.fetch, bytesPerFetch, bytesPerFetch / (w.recordBytes + p.recordOverheadBytes)),
    waitMs: per(o.pollMsPerSec),
    pollQueries: per(o.pollQueriesPerSec),
    pollRru: per(o.pollRruPerSec),
    deliveryMs: o.deliveryMs,
  };
}

/** A consumer that is behind: every fetch fills its budget at once and nothing waits. */
function fullBudgetProfile(w: Workload, p: SluiceParams, prod: ProduceProfile): FetchProfile {
  const q = p.fetchMode === 'multi-partition' ? w.partitions : 1;
  const shape = p.fetchMode === 'multi-partition' && p.fetchFill === 'partition-share' ? shareFill(p.fetchRequestBytes, q, prod, p) : appendOrderFill(p.fetchRequestBytes, q, w, prod, p);
  const { entries, served, gets } = shape;
  const bytesPerFetch = served * entries * prod.entryBytes;
  const pages = Math.ceil(entries / PAGE);
  // A tailing consumer's Query returns what has arrived (about what one fetch takes); a replaying
  // one's returns full pages.
  const itemsRead = p.consumer === 'replay' ? pages * PAGE : Math.ceil(entries);
  const eventual = p.fetchIndex === 'as-built';
  // Forward pages per partition (the first one also locates the offset and the high watermark);
  // the previous engine added the topic's log-start Query to every fetch.
  const queries = q * pages + (eventual ? 0 : 1);
  const rru = q * readUnitsPaged(itemsRead, PAGE, p.indexItemBytes, eventual) + (eventual ? 0 : 1);
  const cpu = cpuMs(p.cpu.fetch, bytesPerFetch, bytesPerFetch / (w.recordBytes + p.recordOverheadBytes));
  const l = p.latency;
  const lambdaMs = cpu / cpuShare(p.fetchMemoryMb) + pages * l.ddbRoundTripMs + l.s3GetBaseMs + (bytesPerFetch / MiB / l.s3MiBPerSec) * 1000;
  const perGroup = q === 1 ? w.partitions : 1;
  const requestsPerSec = (w.consumerGroups * w.ingestBytesPerSec * storedBytesPerRecordByte(w, p)) / bytesPerFetch;
  return {
    entriesPerPartition: entries,
    partitionsPerFetch: q,
    partitionsServed: served,
    bytesPerFetch,
    requestsPerSec,
    consumers: w.consumerGroups * perGroup,
    dataShare: 1,
    s3Puts: 0,
    s3Gets: gets,
    ddbWrites: 0,
    ddbQueries: queries,
    wru: 0,
    rru,
    lambdaMs,
    cpuMs: cpu,
    waitMs: 0,
    pollQueries: 0,
    pollRru: 0,
    deliveryMs: NaN,
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
