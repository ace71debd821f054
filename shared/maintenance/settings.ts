import { ENTRY_DELETE_DELAY_MS } from '../log/append.ts';

/**
 * How maintenance runs. Per-topic targets come from the topic's configs (`segment.bytes`,
 * `segment.ms`, `retention.ms`, `retention.bytes`); these are the service-wide settings.
 */
export interface MaintenanceSettings {
  /** Bytes of original entries per segment chunk: the granularity of a fetch inside a segment. */
  indexIntervalBytes: number;
  /**
   * The earliest an index entry may be deleted after its commit (ms). Must be the appender's
   * (shared/log/append.ts): lowering it without lowering that breaks the offset proof.
   */
  entryDeleteDelayMs: number;
  /** How long an unreferenced object stays before garbage collection deletes it (ms). */
  gcGraceMs: number;
  /** A partition's compactor lease (ms). Longer than one job can run, so that a crash frees it. */
  leaseMs: number;
  /** Partitions per job: one invocation handles one job. */
  partitionsPerJob: number;
  /** Bytes of batches one merge round holds in memory (segments are built in memory). */
  memoryBudgetBytes: number;
  /** Storage calls in flight within a job. */
  concurrency: number;
  /** A job stops starting merge rounds after this long (ms), so that it ends well inside its lease. */
  jobBudgetMs: number;
  /** Memory of one compaction's key map (bytes): about 27 bytes a key (offset-map.ts). */
  compactionMapBytes: number;
}

export const DEFAULT_SETTINGS: MaintenanceSettings = {
  indexIntervalBytes: 256 * 1024,
  entryDeleteDelayMs: ENTRY_DELETE_DELAY_MS,
  gcGraceMs: 60 * 60_000,
  leaseMs: 15 * 60_000,
  partitionsPerJob: 64,
  memoryBudgetBytes: 512 * 1024 * 1024,
  concurrency: 16,
  jobBudgetMs: 10 * 60_000,
  compactionMapBytes: 64 * 1024 * 1024,
};
