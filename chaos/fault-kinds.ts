/** The faults the harness can inject, by name, and a plan of their probabilities. */

/**
 * Faults of maintenance (shared/maintenance): a crash at every step of a merge, of retention and
 * of garbage collection, the compactor lease lost mid-merge, and failures of maintenance's own
 * storage calls. The next maintenance pass, a new instance, must finish what a crash left.
 */
export const MAINTENANCE_FAULTS = [
  /** Killed after a segment object's PUT, before its swap: an orphan segment. */
  'crash-merge-after-put',
  /** Killed after the swap, before any replaced entry is deleted: the cleanup is pending. */
  'crash-merge-after-swap',
  /** Killed after one batch of a swap's deletes of the entries it replaced. */
  'crash-merge-mid-delete',
  /** Killed before the state that says the swap's cleanup is done. */
  'crash-merge-before-state',
  /** Killed after the log start moved forward, before the entries behind it are deleted. */
  'crash-retention-after-advance',
  /** Killed after one batch of retention's deletes. */
  'crash-retention-mid-delete',
  /** Killed before the latest expired entry is hollowed out. */
  'crash-retention-before-hollow',
  /** Killed after garbage collection listed a page of objects. */
  'crash-gc-after-list',
  /** Killed after garbage collection deleted objects, before it saved what is still pending. */
  'crash-gc-after-delete',
  /**
   * The compactor paused past its lease between a segment's PUT and its swap; another maintenance
   * instance took the lease and ran the partition's job. The paused one's swap must be refused.
   */
  'lease-lost',
  /**
   * A read of a maintenance instance fails (index walks, the Scan, listings, the ranged GETs of a
   * merge). Apart from `read-error` because one failed GET fails a whole merge round: at the
   * clients' read-error rate, a backlog of a few hundred objects would never be merged.
   */
  'maintenance-read-error',
  /** A maintenance write (lease, swap, state, hollow, deletes, log start) refused before it happens. */
  'maintenance-write-error',
  /** A maintenance write done, its answer lost (timeout). */
  'maintenance-timeout-after-write',
] as const;

/** Storage faults, named by the produce step boundary or the failure they stand for. */
export const STORAGE_FAULTS = [
  /** Killed before the S3 PUT: nothing written. */
  'crash-before-put',
  /** Killed after the S3 PUT, before any commit: an orphan object. */
  'crash-after-put',
  /** Killed before a partition's commit: between partition commits of a multi-partition produce. */
  'crash-before-commit',
  /** Killed right after a partition's commit: after the commit, before the response. */
  'crash-after-commit',
  /** The S3 PUT refused (503 SlowDown / 500): nothing written. */
  's3-error',
  /** The S3 PUT done, its answer lost (timeout). */
  's3-timeout-after-write',
  /** The commit throttled: nothing written. */
  'ddb-throttle',
  /** The commit refused with a 500: nothing written. */
  'ddb-error',
  /** The commit done, its answer lost (timeout): STORAGE_UNAVAILABLE. */
  'ddb-timeout-after-write',
  /**
   * The commit done, its answer lost, and the storage client's own retry of it throttled, so
   * the caller sees THROTTLED although the write happened (DynamoDB clients retry internally).
   */
  'ddb-throttle-after-write',
  /** A read (index query, ranged GET, topic or partition state) fails. */
  'read-error',
  /** A read of the group store (the group and its members, the leases) fails. */
  'group-read-error',
  /** A group store write (group, member or lease item) refused before it happens: nothing written. */
  'group-write-error',
  /** A group store write done, its answer lost (timeout): STORAGE_UNAVAILABLE. */
  'group-timeout-after-write',
  /** Killed right after a group store write: a heartbeat, commit or leave cut off half way. */
  'crash-group-write',
  ...MAINTENANCE_FAULTS,
] as const;

export type StorageFault = (typeof STORAGE_FAULTS)[number];

/**
 * Faults the harness injects outside storage: on the way between client and function
 * (`lost-response`, `duplicate-delivery`, `lambda-throttle`), to client processes (`kill-consumer`
 * for a partition reader, `kill-member` for a group member, `zombie-commit` for a killed member's
 * owed commit sent late), and to the whole stack (`restart`).
 */
export const CLIENT_FAULTS = [
  'lost-response', 'duplicate-delivery', 'lambda-throttle', 'kill-consumer', 'kill-member', 'zombie-commit', 'restart',
] as const;
export type ClientFault = (typeof CLIENT_FAULTS)[number];

export type FaultKind = StorageFault | ClientFault;

/** Probability of each fault at each opportunity (per storage call, per request, per poll, per group supervisor step). */
export type FaultPlan = Partial<Record<FaultKind, number>>;
