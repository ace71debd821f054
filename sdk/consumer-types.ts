/** The consumer's public shapes, after KafkaJS's (offsets and timestamps are numbers). */
import type { TopicPartitions } from './group-types.ts';
import type { RecordHeader } from './message.ts';
import type { RetryOptions } from './retry.ts';

export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

export interface ConsumerOptions {
  groupId: string;
  /** Shown in `describe` output. Default 'sluice-consumer'. */
  clientId?: string;
  /** Used when this consumer creates the group (group config session.timeout.ms). Default: the service's, 45000. */
  sessionTimeout?: number;
  /** Group config heartbeat.interval.ms, when this consumer creates the group. Default: the service's, 5000. */
  heartbeatInterval?: number;
  /** Group config rebalance.timeout.ms, when this consumer creates the group. Default: the service's, 300000. */
  rebalanceTimeout?: number;
  /** Group config assignor, when this consumer creates the group: 'uniform' (default) or 'range'. */
  assignor?: 'uniform' | 'range';
  /**
   * Where to start a partition the group has no committed offset for (Kafka's auto.offset.reset).
   * Default: `earliest` for topics subscribed with `fromBeginning`, else `latest`. With `none` the
   * consumer crashes on such a partition.
   */
  autoOffsetReset?: AutoOffsetReset;
  /**
   * Long-poll: the longest a fetch waits in the service for records (KafkaJS's maxWaitTimeInMs).
   * Default 1000. Setting it (with `pollIntervalMs` unset) asks for long-polling instead of the
   * default pacing: records arrive ~0.1 s after commit, but Lambda bills the wait, so a caught-up
   * consumer keeps a fetch function running nearly all the time: about $44/month per consumer at
   * 1,024 MB, Lambda time plus the index re-reads (docs/cost-model.md). Unused while pacing.
   */
  maxWaitTimeInMs?: number;
  /**
   * Client-side pacing: fetches ask the service not to wait, and once a fetch finds every
   * partition caught up the consumer sleeps this long before the next (woken early by a
   * rebalance, a seek or a resume). Records then arrive about half an interval after commit on
   * average (~0.6 s at 1000), as with the Kinesis Client Library's 1 s polling, and the sleep costs
   * nothing, where Lambda bills a long-poll's wait (docs/cost-model.md).
   *
   * Default: 1000 (`DEFAULT_POLL_INTERVAL_MS`), unless `maxWaitTimeInMs` is set, which selects
   * long-polling. `0` long-polls (with `maxWaitTimeInMs`, default 1000).
   */
  pollIntervalMs?: number;
  /** Bytes per fetch. Default 4 MiB, the service's limit (KafkaJS: 10 MiB). */
  maxBytes?: number;
  /** Bytes per partition per fetch. Default 1 MiB. */
  maxBytesPerPartition?: number;
  /** Backoff for a failing eachMessage / eachBatch before the record is tried again. Defaults: the client's. */
  retry?: RetryOptions;
}

export interface SubscribeOptions {
  /** Names, or RegExps tested against topic names as KafkaJS does (matched by the service, so new topics join). */
  topics?: (string | RegExp)[];
  topic?: string | RegExp;
  /** Start from the earliest offset where the group has none. Default false (latest). */
  fromBeginning?: boolean;
}

/** A record as eachMessage sees it. */
export interface KafkaMessage {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: KafkaMessage;
  /** For KafkaJS compatibility: heartbeats run on their own, so this resolves at once. */
  heartbeat(): Promise<void>;
  /** Pauses this partition; returns the function that resumes it. */
  pause(): () => void;
}

export interface Batch {
  topic: string;
  partition: number;
  highWatermark: number;
  messages: KafkaMessage[];
  isEmpty(): boolean;
  firstOffset(): number | null;
  lastOffset(): number;
  /** highWatermark - 1 - lastOffset. */
  offsetLag(): number;
  /** highWatermark - 1 - firstOffset. */
  offsetLagLow(): number;
}

export interface EachBatchPayload {
  batch: Batch;
  /** Marks `offset` as processed: the next commit is `offset + 1`. */
  resolveOffset(offset: number): void;
  heartbeat(): Promise<void>;
  pause(): () => void;
  /** Commits processed offsets if the interval or threshold says so. */
  commitOffsetsIfNecessary(): Promise<void>;
  /** Processed but not yet committed, per partition of this batch. */
  uncommittedOffsets(): { topics: { topic: string; partitions: { partition: number; offset: number }[] }[] };
  isRunning(): boolean;
  /** True once the partition was revoked, lost, paused or sought: stop processing the batch. */
  isStale(): boolean;
}

export interface RunOptions {
  eachMessage?: (payload: EachMessagePayload) => Promise<void>;
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
  /** Default true. */
  autoCommit?: boolean;
  /** Commit processed offsets at least this often (ms). Default 5000. */
  autoCommitInterval?: number | null;
  /** Commit once this many records are processed and uncommitted. Default none. */
  autoCommitThreshold?: number | null;
  /** Resolve the batch's last offset when eachBatch returns. Default true. */
  eachBatchAutoResolve?: boolean;
  /** Partitions processed at once. Default 1. */
  partitionsConsumedConcurrently?: number;
}

/** KafkaJS's instrumentation event names, plus the rebalance listener events of Kafka's Java client. */
export const CONSUMER_EVENTS = {
  GROUP_JOIN: 'consumer.group_join',
  HEARTBEAT: 'consumer.heartbeat',
  COMMIT_OFFSETS: 'consumer.commit_offsets',
  FETCH: 'consumer.fetch',
  START_BATCH_PROCESS: 'consumer.start_batch_process',
  END_BATCH_PROCESS: 'consumer.end_batch_process',
  REBALANCING: 'consumer.rebalancing',
  PARTITIONS_ASSIGNED: 'consumer.partitions_assigned',
  PARTITIONS_REVOKED: 'consumer.partitions_revoked',
  PARTITIONS_LOST: 'consumer.partitions_lost',
  CRASH: 'consumer.crash',
  STOP: 'consumer.stop',
} as const;

export type ConsumerEventName = (typeof CONSUMER_EVENTS)[keyof typeof CONSUMER_EVENTS];

export interface ConsumerEvent<P = Record<string, unknown>> {
  id: number;
  type: ConsumerEventName;
  timestamp: number;
  payload: P;
}

export type { TopicPartitions };
