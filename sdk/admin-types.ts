/** Shapes of the admin API, as the service returns them (docs/architecture.md, "Admin function"). */

export interface PartitionInfo {
  partition: number;
  logStartOffset: number;
  highWatermark: number;
}

export interface TopicDescription {
  name: string;
  id: string;
  partitions: number;
  configs: Record<string, string>;
  createdAt: number;
  partitionInfo: PartitionInfo[];
}

export interface TopicSummary {
  name: string;
  id: string;
  partitions: number;
}

/** KafkaJS's `configEntries` form. */
export interface ConfigEntry {
  name: string;
  value: string | null;
}

export interface NewTopic {
  topic: string;
  /** Default 1. */
  numPartitions?: number;
  /** Topic configs, e.g. `{ 'retention.ms': '86400000' }`. */
  configs?: Record<string, string>;
  /** KafkaJS form of `configs`; both may be given. */
  configEntries?: ConfigEntry[];
}

/** Per-partition offsets, as KafkaJS's `fetchTopicOffsets` (numbers rather than strings). */
export interface PartitionOffsets {
  partition: number;
  /** The high watermark (KafkaJS's `offset`). */
  offset: number;
  high: number;
  low: number;
}

export interface PartitionOffset {
  partition: number;
  offset: number;
  timestamp?: number;
}

export interface ConfigResource {
  /** Only topics have configs; KafkaJS's `ConfigResourceTypes.TOPIC` (2) is accepted and ignored. */
  type?: number | 'topic';
  name: string;
  configEntries: ConfigEntry[];
}

export interface TopicPartitionsSpec {
  topic: string;
  /** The new total number of partitions. */
  count: number;
}

/** One partition of a DeleteRecords call (KafkaJS's `deleteTopicRecords` shape, offsets as numbers). */
export interface SeekEntry {
  partition: number;
  /** Records below this offset are deleted; -1 deletes every record (up to the high watermark). */
  offset: number;
}

/** A partition's log start offset after DeleteRecords (Kafka's low watermark). */
export interface DeletedRecords {
  partition: number;
  lowWatermark: number;
}

/** What one maintenance pass did (`POST /v1/maintenance/run`; shared/maintenance/report.ts). */
export interface MaintenanceReport {
  partitions: number;
  leased: number;
  /** Partitions skipped without taking their lease: nothing to merge, expire or compact. */
  idle: number;
  segmentsWritten: number;
  entriesMerged: number;
  bytesMerged: number;
  logStartsAdvanced: number;
  recordsExpired: number;
  entriesDeleted: number;
  cleanupsFinished: number;
  swapsRefused: number;
  /** Compacted topics: partitions a compaction pass completed. */
  compactionPasses: number;
  segmentsCompacted: number;
  recordsCompactedAway: number;
  tombstonesRemoved: number;
  bytesBeforeCompaction: number;
  bytesAfterCompaction: number;
  keysMapped: number;
  failures: { topic: string; partition: number; error: string }[];
}

export interface GcReport {
  ran: boolean;
  objectsListed: number;
  objectsPending: number;
  objectsDeleted: number;
  bytesDeleted: number;
  entriesOfDeletedTopics: number;
  topicsForgotten: number;
}

export interface MaintenancePass {
  jobs: number;
  report: MaintenanceReport;
  gc?: GcReport;
  ms: number;
}
