/**
 * What the engine needs from storage. `shared/storage` implements these on S3 and DynamoDB; the
 * engine never sees an AWS type. Every method either succeeds or throws a SluiceError.
 */
import type { GroupStore } from '../groups/ports.ts';

/** A topic as stored. `id` is new on every create, so a recreated topic never sees old data. */
export interface TopicRecord {
  name: string;
  id: string;
  partitions: number;
  /** Only the configs set explicitly; defaults are applied by shared/api/topic-configs.ts. */
  configs: Record<string, string>;
  createdAt: number;
  /** Bumped by every change; changes are conditional on the version read. */
  version: number;
}

/** One committed range of a partition's log: offsets [baseOffset, baseOffset + count). */
export interface IndexEntry {
  topicId: string;
  partition: number;
  baseOffset: number;
  count: number;
  objectKey: string;
  byteStart: number;
  byteLength: number;
  maxTimestamp: number;
  appendTime: number;
}

export type CommitOutcome =
  | { committed: true }
  /** Another writer holds that base offset; `holder` is its entry when it could be read. */
  | { committed: false; holder?: IndexEntry };

/** An idempotent producer's last batches in one partition, as Kafka keeps them (last 5). */
export interface ProducerBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

export interface ProducerState {
  epoch: number;
  /** The sequence the next batch must start with. */
  nextSeq: number;
  /** Newest last, at most five. */
  recent: ProducerBatch[];
}

/** The producer fields of a batch being committed. */
export interface ProducerStamp {
  producerId: number;
  epoch: number;
  firstSeq: number;
  lastSeq: number;
}

export type ProducerCommitOutcome =
  | { committed: true }
  | {
      committed: false;
      /** The base offset was taken; `holder` is the entry there when it could be read. */
      offsetTaken: boolean;
      holder?: IndexEntry;
      /** The producer state was not what the commit expected; this is what is stored (null: none). */
      producerConflict?: { state: ProducerState | null };
    };

export interface ProducerRegistry {
  /**
   * A producer id and epoch. With a name, the same id comes back with the epoch bumped, which
   * fences the previous instance; without, a new id with epoch 0.
   */
  init(name?: string): Promise<{ producerId: number; producerEpoch: number }>;
  state(producerId: number, topicId: string, partition: number): Promise<ProducerState | undefined>;
}

export interface ObjectStore {
  put(key: string, body: Buffer): Promise<void>;
  /** Bytes [start, start + length) of an object. */
  getRange(key: string, start: number, length: number): Promise<Buffer>;
}

export interface TopicStore {
  /** Throws TOPIC_ALREADY_EXISTS if the name is taken. */
  create(topic: TopicRecord): Promise<void>;
  get(name: string): Promise<TopicRecord | undefined>;
  list(): Promise<TopicRecord[]>;
  /** Replaces the topic if its stored version is still `expectedVersion`; returns false if not. */
  replace(topic: TopicRecord, expectedVersion: number): Promise<boolean>;
  /** Deletes the topic if its id is still `id`; returns false if not. */
  delete(name: string, id: string): Promise<boolean>;
}

/**
 * How a read sees recent writes. `strong` sees every write acknowledged before it (DynamoDB's
 * ConsistentRead). `eventual` may miss the most recent ones, for half the read units; it never
 * sees an uncommitted write. Reads are strong unless the caller asks otherwise: only the fetch
 * path reads eventually, and it never answers an error from such a read (docs/architecture.md,
 * "Read path").
 */
export type ReadConsistency = 'strong' | 'eventual';

export interface BatchIndex {
  /** Conditional put: succeeds only if no entry holds `entry.baseOffset` yet. */
  commit(entry: IndexEntry): Promise<CommitOutcome>;
  /**
   * Commits an idempotent producer's batch: the index entry and the producer's new state in one
   * transaction, conditional on the offset being free and on the state read (`expected`, or no
   * state at all when undefined).
   */
  commitWithProducer(
    entry: IndexEntry,
    producerId: number,
    next: ProducerState,
    expected: ProducerState | undefined,
  ): Promise<ProducerCommitOutcome>;
  /** The entry with the highest base offset. */
  latest(topicId: string, partition: number, consistency?: ReadConsistency): Promise<IndexEntry | undefined>;
  /** The entry with the greatest base offset <= offset. */
  floor(topicId: string, partition: number, offset: number, consistency?: ReadConsistency): Promise<IndexEntry | undefined>;
  /** Entries with base offset > offset, ascending, at most `limit`. */
  after(topicId: string, partition: number, offset: number, limit: number, consistency?: ReadConsistency): Promise<IndexEntry[]>;
  /** The first entry, ascending from `fromOffset`, whose max timestamp is >= timestamp. */
  firstAtOrAfterTime(topicId: string, partition: number, fromOffset: number, timestamp: number): Promise<IndexEntry | undefined>;
}

export interface PartitionStateStore {
  /** Log start offsets of the given partitions (0 where none was ever set). */
  logStartOffsets(topicId: string, partitions: number[]): Promise<Map<number, number>>;
}

export interface Storage {
  objects: ObjectStore;
  topics: TopicStore;
  index: BatchIndex;
  partitions: PartitionStateStore;
  producers: ProducerRegistry;
  /** Consumer groups (shared/groups); optional so that storages built for the log alone still fit. */
  groups?: GroupStore;
}
