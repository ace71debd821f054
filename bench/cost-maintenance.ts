/**
 * What maintenance costs (shared/maintenance): merging each partition's committed batches into
 * segments, retention, and garbage collection, as the schedule runs them (a pass every 5 minutes,
 * one Lambda invocation per 64 partitions plus the planner; a collection every hour).
 *
 * The work is counted from the engine's structure, in pieces the benchmark checks against the
 * meter (bench/maintenance.ts, "The model against the meter"):
 * - per segment: one PUT; one TransactWriteItems (the state update and the segment's index item);
 *   one UpdateItem closing the swap; the N - 1 other entries deleted (1 WRU each, BatchWriteItem of
 *   25 in order, the last alone); later one retention delete (WRU by the segment item's size) and
 *   one log-start UpdateItem;
 * - per merge job round: one ranged GET per produce object the round's partitions have batches in;
 * - per partition per pass: the lease taken and released (2 UpdateItems), the head walked from
 *   where merging stopped (strongly consistent Queries of 8, 32, 128, 512, then 1,000 items, and
 *   an empty one that ends it), the retention walk's first page (from offset 0: the 8 oldest
 *   items), the log start (one Query);
 * - per collection: LIST of `objects/` and `segments/` (1,000 keys a page), a strongly consistent
 *   Scan of the log table, the pending list read and written, DeleteObjects (1,000 keys a call),
 *   the lease.
 */
import { MiB, type LineItem, type Workload } from './cost-basics.ts';
import type { SluiceParams } from './cost-params.ts';
import { cpuShare, type ProduceProfile } from './cost-produce.ts';
import { AWS_PRICES, SECONDS_PER_MONTH } from './prices.ts';

export interface MaintenanceParams {
  /** Off: the model as before maintenance existed (objects and index items expire for free). */
  enabled: boolean;
  /**
   * What becomes of the entries a segment replaces. `deleted` (as built): the swap deletes them,
   * 1 WRU each. `ttl` (not built; a lever): the commit writes each entry with a TTL one retention
   * window out and the merge leaves replaced entries beside their segment until DynamoDB's free
   * TTL deletes them; they are stored for the window, as before maintenance.
   */
  replacedEntries: 'deleted' | 'ttl';
  passIntervalMs: number;
  gcIntervalMs: number;
  gcGraceMs: number;
  /** Entries are merged (and deleted) only once this old (shared/log/append.ts). */
  entryDeleteDelayMs: number;
  /** Topic configs segment.bytes and segment.ms. */
  segmentBytes: number;
  segmentMs: number;
  /** Bytes of whole entries per chunk of a segment's sparse index. */
  indexIntervalBytes: number;
  memoryMb: number;
  /** Bytes of batches one merge round holds: a round takes whole segments up to this. */
  memoryBudgetBytes: number;
  partitionsPerJob: number;
  /** DynamoDB size of a segment's index item: fixed part, and bytes per chunk of its index. */
  segmentItemBaseBytes: number;
  chunkIndexBytes: number;
  /** The maintenance state item (lease, mergedTo, mergedBytes, cleanup). */
  stateItemBytes: number;
  /** CPU of merging, per MiB merged (GETs, building, PUT, its signing), on one full core. */
  cpuMsPerMiB: number;
  /** CPU per partition of a pass with nothing to merge (leases, walks). */
  cpuMsPerPartitionPass: number;
  /** CPU per object listed or index item scanned by a collection. */
  gcCpuMsPerItem: number;
  /** S3 bytes one maintenance invocation moves per second (reads and writes), billed as wall time. */
  s3MiBPerSec: number;
}

/**
 * The schedule and settings as built (shared/maintenance/settings.ts, topic config defaults), and
 * CPU figures from the benchmark (bench/run.ts replaces them with the run's own).
 */
export const DEFAULT_MAINTENANCE: MaintenanceParams = {
  enabled: true,
  replacedEntries: 'deleted',
  passIntervalMs: 5 * 60_000,
  gcIntervalMs: 60 * 60_000,
  gcGraceMs: 60 * 60_000,
  entryDeleteDelayMs: 5 * 60_000,
  segmentBytes: 64 * MiB,
  segmentMs: 10 * 60_000,
  indexIntervalBytes: 256 * 1024,
  memoryMb: 2048,
  memoryBudgetBytes: 512 * MiB,
  partitionsPerJob: 64,
  segmentItemBaseBytes: 130,
  chunkIndexBytes: 8,
  stateItemBytes: 200,
  cpuMsPerMiB: 25,
  cpuMsPerPartitionPass: 27,
  gcCpuMsPerItem: 0.15,
  s3MiBPerSec: 100,
};

// ---- the pieces the benchmark checks --------------------------------------------------------

export interface Calls {
  s3Gets: number;
  s3Puts: number;
  s3Lists: number;
  s3DeleteObjects: number;
  ddbQueries: number;
  ddbScans: number;
  ddbTransacts: number;
  ddbBatchWrites: number;
  ddbUpdates: number;
  ddbGets: number;
  /** Strongly consistent read units: walks, log starts, topics. */
  rru: number;
  scanRru: number;
  /** Write units: swaps (transaction, closing update), merged entries deleted, retention, leases. */
  swapWru: number;
  entryDeleteWru: number;
  retentionWru: number;
  leaseWru: number;
}

export function noCalls(): Calls {
  return { s3Gets: 0, s3Puts: 0, s3Lists: 0, s3DeleteObjects: 0, ddbQueries: 0, ddbScans: 0, ddbTransacts: 0, ddbBatchWrites: 0, ddbUpdates: 0, ddbGets: 0, rru: 0, scanRru: 0, swapWru: 0, entryDeleteWru: 0, retentionWru: 0, leaseWru: 0 };
}

export function addCalls(into: Calls, more: Calls, times = 1): Calls {
  for (const k of Object.keys(into) as (keyof Calls)[]) into[k] += more[k] * times;
  return into;
}

const wruOf = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
const strongRru = (bytes: number): number => Math.max(1, Math.ceil(bytes / 4096));
/** Eventually consistent read units of one read returning `bytes`: half the strong ones. */
const eventualRru = (bytes: number): number => strongRru(bytes) / 2;

/** DynamoDB size of a segment's index item with `chunks` chunks. */
export function segmentItemBytes(m: MaintenanceParams, chunks: number): number {
  return m.segmentItemBaseBytes + m.chunkIndexBytes * chunks;
}

/** Chunks of a segment of `bytes` made of entries of `entryBytes`: each closes at the interval. */
export function chunksOf(m: MaintenanceParams, bytes: number, entryBytes: number): number {
  const perChunk = Math.max(1, Math.ceil(m.indexIntervalBytes / entryBytes)) * entryBytes;
  return Math.max(1, Math.ceil(bytes / perChunk));
}

/** BatchWriteItem calls deleting `n` entries in order: 25 a call, the highest alone and last. */
export function deleteCalls(n: number): number {
  return n <= 0 ? 0 : Math.ceil((n - 1) / 25) + 1;
}

/** Writing and swapping in one segment of `entries` entries, and deleting the entries it replaced. */
export function segmentSwap(m: MaintenanceParams, entries: number, itemBytes: number, entryItemBytes: number): Calls {
  const c = noCalls();
  c.s3Puts = 1;
  c.ddbTransacts = 1;
  c.swapWru = 2 * (wruOf(m.stateItemBytes) + wruOf(itemBytes)) + wruOf(m.stateItemBytes);
  c.ddbUpdates = 1;
  c.ddbBatchWrites = deleteCalls(entries - 1);
  c.entryDeleteWru = (entries - 1) * wruOf(entryItemBytes);
  return c;
}

/** Retention deleting one segment (its index item) and moving the log start past it. */
export function segmentExpiry(itemBytes: number): Calls {
  const c = noCalls();
  c.ddbBatchWrites = 1;
  c.ddbUpdates = 1;
  c.retentionWru = wruOf(itemBytes) + 1;
  return c;
}

/** A walk's pages (shared/maintenance/entries.ts): 8 items, then four times more each, up to 1,000. */
export const WALK_FIRST_PAGE = 8;
const WALK_MAX_PAGE = 1000;

/** Reading `items` items in a walk's growing pages, strongly consistent, until a page comes back empty. */
export function walkReads(items: number, itemBytes: number): { queries: number; rru: number } {
  let rru = 0;
  let queries = 0;
  let size = WALK_FIRST_PAGE;
  for (let left = items; left > 0; left -= size, size = Math.min(size * 4, WALK_MAX_PAGE)) {
    queries++;
    rru += strongRru(Math.min(size, left) * itemBytes);
  }
  return { queries: queries + 1, rru: rru + 1 };
}

/**
 * One partition's share of a pass: lease taken and released, the head walked (`headItems` entries
 * from where merging stopped), the retention walk's first page (`firstPageBytes`: up to 8 of the
 * oldest items), the log start.
 */
export function partitionPass(headItems: number, entryItemBytes: number, firstPageBytes: number): Calls {
  const c = noCalls();
  const head = walkReads(headItems, entryItemBytes);
  c.ddbUpdates = 2;
  c.leaseWru = 2;
  c.ddbQueries = head.queries + 1 + 1;
  c.rru = head.rru + strongRru(firstPageBytes) + 1;
  return c;
}

/**
 * A pass's fixed part: the planner's topic list (one Query), and per job the topic read and its
 * partitions' log starts (one strongly consistent Query).
 */
export function passOverhead(jobs: number): Calls {
  const c = noCalls();
  c.ddbQueries = 1 + jobs;
  c.ddbGets = jobs;
  c.rru = 1 + 2 * jobs;
  return c;
}

/**
 * A partition's idle check, before any lease (shared/maintenance/partition-job.ts): its state
 * (GetItem), its latest entry and its oldest (a Query each), all eventually consistent. A partition
 * found idle costs this alone; a busy one this and `partitionPass`.
 */
export function idleCheck(latestItemBytes: number, firstItemBytes: number): Calls {
  const c = noCalls();
  c.ddbGets = 1;
  c.ddbQueries = 2;
  c.rru = 0.5 + eventualRru(latestItemBytes) + eventualRru(firstItemBytes);
  return c;
}

/** One collection: `objects` keys under objects/, `segments` under segments/, the log table's bytes. */
export function collection(objects: number, segments: number, tableBytes: number, deleted: number): Calls {
  const c = noCalls();
  c.s3Lists = Math.max(1, Math.ceil(objects / 1000)) + Math.max(1, Math.ceil(segments / 1000));
  c.s3Gets = 1;
  c.s3Puts = 1;
  c.s3DeleteObjects = Math.ceil(deleted / 1000);
  c.ddbScans = Math.max(1, Math.ceil(tableBytes / MiB));
  // A Scan rounds each 1 MB page up to 4 KB units; strongly consistent.
  c.scanRru = Math.max(1, Math.ceil(tableBytes / 4096));
  c.ddbQueries = 2;
  c.rru = 2;
  c.ddbUpdates = 2;
  c.leaseWru = 2;
  return c;
}

// ---- the steady state of a workload ---------------------------------------------------------

export interface MaintenanceProfile {
  /** A partition's segments: bytes, entries, chunks, item size, and how often one closes (s). */
  segmentBytes: number;
  entriesPerSegment: number;
  chunksPerSegment: number;
  segmentItemBytes: number;
  closeSeconds: number;
  /** Mean unmerged head per partition (s of entries), and entries in it. */
  headSeconds: number;
  headEntries: number;
  /** GETs per produce object: one per job round that reads it. */
  getsPerObject: number;
  /** Seconds a byte is kept in S3 beyond the retention window (merge lag, GC, whole segments). */
  extraStoredSeconds: number;
  /** Index items held at steady state (segments and unmerged entries), and their bytes. */
  indexItems: number;
  indexBytes: number;
  /** Per month. */
  calls: Calls;
  segmentsPerMonth: number;
  passesPerMonth: number;
  collectionsPerMonth: number;
  lambdaRequests: number;
  lambdaGbs: number;
  bytesMergedPerMonth: number;
}

/**
 * The steady state for a workload: every byte ingested is merged once, every entry deleted once
 * (by the merge; a segment by retention), every produce object and expired segment collected.
 */
export function maintenanceProfile(w: Workload, p: SluiceParams, prod: ProduceProfile): MaintenanceProfile {
  const m = p.maintenance;
  const P = w.partitions;
  const I = m.passIntervalMs / 1000;
  const D = m.entryDeleteDelayMs / 1000;
  const entriesPerPartitionPerSec = (prod.requestsPerSec * prod.partitionsPerRequest) / P;
  const bytesPerPartitionPerSec = entriesPerPartitionPerSec * prod.entryBytes;
  // A run is merged at the first pass that finds its oldest entry older than segment.ms, and takes
  // the entries older than the delete delay: a multiple of the pass interval past segment.ms - D.
  const span = I * (Math.floor(Math.max(0, m.segmentMs / 1000 - D) / I) + 1);
  const segBytes = Math.min(m.segmentBytes, bytesPerPartitionPerSec * span);
  const closeSeconds = segBytes / bytesPerPartitionPerSec;
  const entriesPerSegment = Math.max(1, segBytes / prod.entryBytes);
  const chunks = chunksOf(m, segBytes, prod.entryBytes);
  const segItem = segmentItemBytes(m, chunks);
  const s = SECONDS_PER_MONTH;
  const segmentsPerMonth = (P * s) / closeSeconds;
  const passesPerMonth = s / I;
  const collectionsPerMonth = s / (m.gcIntervalMs / 1000);
  const jobs = Math.ceil(P / m.partitionsPerJob);
  const partitionsInJob = Math.min(P, m.partitionsPerJob);
  const rounds = Math.ceil(partitionsInJob / Math.max(1, Math.floor(m.memoryBudgetBytes / segBytes)));
  const getsPerObject = Math.min(prod.partitionsPerRequest, jobs * rounds);
  const headSeconds = D + (closeSeconds + I) / 2;
  const headEntries = entriesPerPartitionPerSec * headSeconds;
  const segmentsRetained = (w.retentionDays * 86400) / closeSeconds;
  const entryItem = p.indexItemBytes;

  const calls = noCalls();
  const swap = segmentSwap(m, entriesPerSegment, segItem, entryItem);
  if (m.replacedEntries === 'ttl') {
    swap.entryDeleteWru = 0;
    swap.ddbBatchWrites = 0;
  }
  addCalls(calls, swap, segmentsPerMonth);
  addCalls(calls, segmentExpiry(segItem), segmentsPerMonth);
  calls.s3Gets += prod.requestsPerSec * s * getsPerObject;
  // Every partition has new entries at every pass: never idle, so its check and then its pass.
  addCalls(calls, idleCheck(entryItem, segItem), passesPerMonth * P);
  addCalls(calls, partitionPass(headEntries, entryItem, Math.min(WALK_FIRST_PAGE, segmentsRetained) * segItem), passesPerMonth * P);
  addCalls(calls, passOverhead(jobs), passesPerMonth);
  // Collections: produce objects live until merged, then until the second collection a grace
  // period after the first that found them unreferenced; expired segments the same after retention.
  const G = m.gcIntervalMs / 1000;
  const gcLag = G / 2 + Math.ceil(m.gcGraceMs / 1000 / G) * G;
  const produceObjects = prod.requestsPerSec * (headSeconds + gcLag);
  const segmentObjects = P * (segmentsRetained + gcLag / closeSeconds);
  const tableBytes = P * (headEntries * entryItem + segmentsRetained * segItem);
  addCalls(calls, collection(produceObjects, segmentObjects, tableBytes, (prod.requestsPerSec + segmentsPerMonth / s) * G), collectionsPerMonth);

  const bytesMergedPerMonth = bytesPerPartitionPerSec * P * s;
  const share = cpuShare(m.memoryMb);
  const mergeSeconds = ((m.cpuMsPerMiB * bytesMergedPerMonth) / MiB / share + ((2 * bytesMergedPerMonth) / MiB / m.s3MiBPerSec) * 1000) / 1000;
  const passSeconds = (passesPerMonth * P * m.cpuMsPerPartitionPass) / share / 1000;
  const gcSeconds = (collectionsPerMonth * m.gcCpuMsPerItem * (produceObjects + segmentObjects + P * (headEntries + segmentsRetained))) / share / 1000;
  const lambdaRequests = passesPerMonth * (1 + jobs) + collectionsPerMonth;
  const lambdaGbs = (mergeSeconds + passSeconds + gcSeconds) * (m.memoryMb / 1024);
  // A byte stays in S3 twice for a while (its produce object until collected, its segment from the
  // merge on), and its segment outlives the window by the wait for its newest record and the GC.
  const extraStoredSeconds = headSeconds + gcLag + closeSeconds / 2 + I / 2 + gcLag;
  // Replaced entries left to TTL are held for the window too.
  const heldEntries = m.replacedEntries === 'ttl' ? entriesPerPartitionPerSec * w.retentionDays * 86400 : headEntries;
  const indexItems = P * (heldEntries + segmentsRetained);
  const indexBytes = P * (heldEntries * (entryItem + AWS_PRICES.dynamodb.itemOverheadBytes) + segmentsRetained * (segItem + AWS_PRICES.dynamodb.itemOverheadBytes));
  return {
    segmentBytes: segBytes,
    entriesPerSegment,
    chunksPerSegment: chunks,
    segmentItemBytes: segItem,
    closeSeconds,
    headSeconds,
    headEntries,
    getsPerObject,
    extraStoredSeconds,
    indexItems,
    indexBytes,
    calls,
    segmentsPerMonth,
    passesPerMonth,
    collectionsPerMonth,
    lambdaRequests,
    lambdaGbs,
    bytesMergedPerMonth,
  };
}

/** The bill's maintenance lines. */
export function maintenanceLines(m: MaintenanceProfile, p: SluiceParams): LineItem[] {
  const c = m.calls;
  const S3 = AWS_PRICES.s3;
  const DDB = AWS_PRICES.dynamodb;
  const L = AWS_PRICES.lambda;
  const gbSecond = p.arch === 'arm64' ? L.gbSecondArm64 : L.gbSecondX86;
  const wru = (n: number): number => (n / 1e6) * DDB.wruPerMillion;
  const rru = (n: number): number => (n / 1e6) * DDB.rruPerMillion;
  // DeleteObjects is a POST: priced with PUT/COPY/POST/LIST, the dearer reading (DELETE itself is free).
  const s3Requests = c.s3Puts + c.s3Lists + c.s3DeleteObjects;
  const otherWru = c.swapWru + c.retentionWru + c.leaseWru;
  return [
    { id: 'maint.lambda.requests', label: 'Maintenance: Lambda requests (passes every 5 min, collections hourly)', quantity: m.lambdaRequests, unit: 'requests', monthly: (m.lambdaRequests / 1e6) * L.requestsPerMillion },
    { id: 'maint.lambda.compute', label: `Maintenance: Lambda compute (${p.maintenance.memoryMb} MB ${p.arch}; merge, passes, collections)`, quantity: m.lambdaGbs, unit: 'GB-s', monthly: m.lambdaGbs * gbSecond },
    { id: 'maint.s3.get', label: 'Maintenance: S3 GET (merge reads, one per produce object per job round; the collection\'s pending list)', quantity: c.s3Gets, unit: 'requests', monthly: (c.s3Gets / 1000) * S3.getPer1000 },
    { id: 'maint.s3.requests', label: 'Maintenance: S3 PUT, LIST, DeleteObjects (segments, collections)', quantity: s3Requests, unit: 'requests', monthly: (s3Requests / 1000) * S3.putPer1000 },
    { id: 'maint.ddb.entry-deletes', label: 'Maintenance: DynamoDB writes, merged entries deleted (1 WRU each)', quantity: c.entryDeleteWru, unit: 'WRU', monthly: wru(c.entryDeleteWru) },
    { id: 'maint.ddb.writes', label: 'Maintenance: DynamoDB writes, swaps, retention deletes, log starts, leases', quantity: otherWru, unit: 'WRU', monthly: wru(otherWru) },
    { id: 'maint.ddb.reads', label: 'Maintenance: DynamoDB reads (idle checks, walks, log starts; the GC\'s Scan)', quantity: c.rru + c.scanRru, unit: 'RRU', monthly: rru(c.rru + c.scanRru) },
  ];
}
