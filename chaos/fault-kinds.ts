/** The faults the harness can inject, by name, and a plan of their probabilities. */

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
