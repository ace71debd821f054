/** What one maintenance job did, summed over its partitions. Reports add up (`addReports`). */
export interface MaintenanceReport {
  /** Partitions whose lease this job held and worked on. */
  partitions: number;
  /** Partitions skipped because another compactor held their lease. */
  leased: number;
  /** Partitions skipped without taking their lease: nothing to merge, expire or compact (two cheap reads). */
  idle: number;
  segmentsWritten: number;
  /** Index entries replaced by segments. */
  entriesMerged: number;
  /** Bytes of batches copied into segments. */
  bytesMerged: number;
  /** Partitions whose log start retention moved forward. */
  logStartsAdvanced: number;
  /** Offsets that went below a log start. */
  recordsExpired: number;
  /** Index entries deleted: replaced ones, and those below the log start. */
  entriesDeleted: number;
  /** Swaps a crashed or interrupted job left half done, finished here. */
  cleanupsFinished: number;
  /** Swaps refused because the lease or the state changed under the job (another compactor took over). */
  swapsRefused: number;
  /** Compacted topics: partitions a compaction pass completed. */
  compactionPasses: number;
  /** Segments compaction rewrote. */
  segmentsCompacted: number;
  /** Records compaction removed (a later record of their key exists, or no key). */
  recordsCompactedAway: number;
  /** Tombstones removed once older than delete.retention.ms. */
  tombstonesRemoved: number;
  bytesBeforeCompaction: number;
  bytesAfterCompaction: number;
  /** Keys in the compaction passes' key maps. */
  keysMapped: number;
  /** Partitions that failed (with a retriable storage error, usually); the next pass retries them. */
  failures: { topic: string; partition: number; error: string }[];
}

export function emptyReport(): MaintenanceReport {
  return {
    partitions: 0,
    leased: 0,
    idle: 0,
    segmentsWritten: 0,
    entriesMerged: 0,
    bytesMerged: 0,
    logStartsAdvanced: 0,
    recordsExpired: 0,
    entriesDeleted: 0,
    cleanupsFinished: 0,
    swapsRefused: 0,
    compactionPasses: 0,
    segmentsCompacted: 0,
    recordsCompactedAway: 0,
    tombstonesRemoved: 0,
    bytesBeforeCompaction: 0,
    bytesAfterCompaction: 0,
    keysMapped: 0,
    failures: [],
  };
}

export function addReports(into: MaintenanceReport, more: MaintenanceReport): MaintenanceReport {
  for (const k of Object.keys(into) as (keyof MaintenanceReport)[]) {
    if (k === 'failures') into.failures.push(...more.failures);
    else into[k] += more[k];
  }
  return into;
}

/** What one garbage collection did. */
export interface GcReport {
  /** False when another collector held the lease, and this one did nothing. */
  ran: boolean;
  objectsListed: number;
  /** Objects no committed entry references, waiting out the grace period. */
  objectsPending: number;
  objectsDeleted: number;
  bytesDeleted: number;
  /** Index entries of deleted topics removed. */
  entriesOfDeletedTopics: number;
  /** Deleted topics whose remaining items were all removed. */
  topicsForgotten: number;
}
