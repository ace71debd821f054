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
  /**
   * Present on a segment's entry only (shared/maintenance): the segment's sparse index, chunks of
   * whole original entries in offset order. The fetch path reads a segment chunk by chunk.
   */
  chunks?: SegmentChunk[];
  /** A segment's only: bytes of the partition's log up to its end, counted since offset 0 (retention.bytes). */
  cumulativeBytes?: number;
  /** A segment's only: when compaction first rewrote it (ms); its tombstones go delete.retention.ms later. */
  cleanedAt?: number;
  /** A compacted segment's only: how many tombstones (null values) it still holds. */
  tombstones?: number;
  /**
   * A chunk of a segment, as the read path sees it: its batches already carry their real base
   * offsets, and on a compacted topic offsets may be missing between and inside them.
   */
  inSegment?: boolean;
}

/** One chunk of a segment: offsets [baseOffset, baseOffset + count) at bytes [byteStart, byteStart + byteLength) of the segment object. */
export interface SegmentChunk {
  baseOffset: number;
  count: number;
  byteStart: number;
  byteLength: number;
  maxTimestamp: number;
}

/** The key of an index entry. */
export interface EntryKey {
  topicId: string;
  partition: number;
  baseOffset: number;
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

export interface StoredObject {
  key: string;
  size: number;
  /** Last-modified time (ms since epoch). */
  lastModified: number;
}

export interface ObjectStore {
  put(key: string, body: Buffer): Promise<void>;
  /** Bytes [start, start + length) of an object. */
  getRange(key: string, start: number, length: number): Promise<Buffer>;
  /** The whole object, or undefined when there is none. */
  get?(key: string): Promise<Buffer | undefined>;
  /** Pages of the objects under a prefix, in key order. Used by garbage collection only. */
  list?(prefix: string): AsyncIterable<StoredObject[]>;
  /** Deletes objects (at most 1,000 per call). Only garbage collection deletes data. */
  deleteMany?(keys: string[]): Promise<void>;
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
  /**
   * Entries with base offset <= offset, descending, at most `limit`. Finds the entry covering an
   * offset while a merge's swap leaves old entries beside the new segment (docs/architecture.md).
   */
  before?(topicId: string, partition: number, offset: number, limit: number, consistency?: ReadConsistency): Promise<IndexEntry[]>;
}

export interface PartitionStateStore {
  /** Log start offsets of the given partitions (0 where none was ever set). */
  logStartOffsets(topicId: string, partitions: number[]): Promise<Map<number, number>>;
  /**
   * Moves a partition's log start offset forward to `offset`, with a conditional write that never
   * moves it back. Returns the log start after the call (>= offset).
   */
  advanceLogStart?(topicId: string, partition: number, offset: number): Promise<number>;
}

export interface Storage {
  objects: ObjectStore;
  topics: TopicStore;
  index: BatchIndex;
  partitions: PartitionStateStore;
  producers: ProducerRegistry;
  /** Consumer groups (shared/groups); optional so that storages built for the log alone still fit. */
  groups?: GroupStore;
  /** Segments, retention and garbage collection (shared/maintenance); optional like groups. */
  maintenance?: MaintenanceStore;
}

/** A partition's maintenance record: its compactor lease and how far its log is merged. */
export interface MaintenanceState {
  /** Every offset below this is in segments (or below the log start). */
  mergedTo: number;
  /** Cumulative bytes of the partition's log up to `mergedTo`, for retention.bytes. */
  mergedBytes: number;
  /** A swap whose replaced entries are not all deleted yet: entries inside (from, to) go. */
  cleanup?: { from: number; to: number };
  /** Compacted topics: offsets below this are compacted (Kafka's cleaner checkpoint); 0 when never. */
  cleanedTo?: number;
}

/** Whoever holds a lease, and until when. */
export interface LeaseHold {
  owner: string;
  expiresAt: number;
}

export interface MaintenanceStore {
  /**
   * Takes the maintenance lease of a partition (or of `gc` when partition is -1) if it is free,
   * expired or already ours, with a conditional write. Returns the state, or undefined when
   * another holder's lease is live.
   */
  acquire(topicId: string, partition: number, hold: LeaseHold, now: number): Promise<MaintenanceState | undefined>;
  /** Gives the lease up if still ours. */
  release(topicId: string, partition: number, owner: string): Promise<void>;
  /** The state as last written, read without taking the lease (eventually consistent); undefined when none. */
  peek?(topicId: string, partition: number): Promise<MaintenanceState | undefined>;
  /**
   * The swap: in one transaction, fenced on the lease (owner) and on the state read (`mergedTo`),
   * writes the segment's entry over the first replaced entry (conditional on it being unchanged)
   * and records the new state with the cleanup still to do. False when a condition failed.
   */
  swapInSegment(segment: IndexEntry, first: IndexEntry, owner: string, from: MaintenanceState, to: MaintenanceState): Promise<boolean>;
  /** Records a state (cleanup done, mergedTo moved over a dropped range), fenced on the lease. */
  setState(topicId: string, partition: number, owner: string, from: MaintenanceState, to: MaintenanceState): Promise<boolean>;
  /**
   * Replaces an entry below the log start by a hollow one (same offsets, no object; objectKey '')
   * if it is still the entry read. It keeps the log's end when everything else expired.
   */
  hollowOut(entry: IndexEntry): Promise<boolean>;
  /** Deletes index entries. Only for entries no reader needs: replaced by a segment, or below the log start. */
  deleteEntries(keys: EntryKey[]): Promise<void>;
  /** Pages of every index entry of every partition (garbage collection's mark phase). */
  scanEntries(): AsyncIterable<IndexEntry[]>;
  /** Removes every per-partition item a deleted topic left: log starts, maintenance records, producer states. */
  forgetTopic(topicId: string): Promise<void>;
}
