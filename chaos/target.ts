/**
 * What the runner drives: a system under test with producer and consumer clients. A target hides
 * how requests reach Sluice (in-process engines over faulty storage, or the SDK over HTTP) and
 * which faults it can inject there; the runner only sees operations and their outcomes.
 */
import type { Outcome, ReadRecord, Recorder, SentValue } from './history.ts';
import type { MaintenanceHost } from './maintenance-workload.ts';
import type { Rng } from './rng.ts';

/**
 * How producers retry: `idempotent` (Kafka's idempotent producer), `plain` (no idempotence,
 * every retriable failure retried: at least once), `safe` (no idempotence, only failures that
 * provably wrote nothing retried: the SDK's default without idempotence).
 */
export type ProducerMode = 'idempotent' | 'plain' | 'safe';
export const PRODUCER_MODES: readonly ProducerMode[] = ['idempotent', 'plain', 'safe'];

/** Who consumes: partition readers (by offset), members of a consumer group, or both. */
export type ConsumeKind = 'readers' | 'group' | 'both';
export const CONSUME_KINDS: readonly ConsumeKind[] = ['readers', 'group', 'both'];

export interface SendResult {
  outcome: Outcome;
  /** Offsets of the acknowledged values. */
  offsets: Record<string, number>;
  /** Values definitely not written, when the outcome is `info` (a partial commit). */
  failed: string[];
  attempts: number;
  error?: string;
  /** The records' timestamp, when the client chose it (chaos/record-bytes.ts). */
  timestamp?: number;
}

export interface ProducerClient {
  /** Sends the values (partitions given) as one request, retrying as the mode allows. Never rejects. */
  send(values: SentValue[]): Promise<SendResult>;
}

export interface PollResult {
  /** [offset, value, fingerprint?] in log order, none below the offset asked for. */
  records: ReadRecord[];
  /** Where the next poll of the partition starts. */
  nextOffset: number;
  /** Set when the offset asked for was below the log start: the log start, where the next poll starts (Kafka's auto.offset.reset=earliest). */
  reset?: number;
}

export interface ConsumerClient {
  /** One fetch of a partition from an offset. Rejects on failure (a poll has no side effects). */
  poll(partition: number, from: number, maxBytes: number): Promise<PollResult>;
}

/**
 * A run's consumer group: short sessions, so that a killed member's partitions move within
 * seconds, and small fetches, so that members advance a few batches at a time.
 */
export interface GroupSettings {
  groupId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  /** Bytes per partition per fetch. */
  pollBytes: number;
}

export interface MemberContext {
  settings: GroupSettings;
  recorder: Recorder;
  /** The member's own stream: its commit cadence, and its requests' faults. */
  rng: Rng;
}

/** Where a killed member had got to in each partition it owned: the commit a paused process would send on waking. */
export interface OwedCommit {
  member: string;
  memberEpoch: number;
  /** Partition (as a string) to next offset. */
  offsets: Record<string, number>;
}

/**
 * A consumer-group member: once started it heartbeats, polls the partitions it owns, commits
 * what it processed, and records every heartbeat, poll and commit itself (it runs on its own, as
 * a consumer does, rather than one operation at a time).
 */
export interface GroupMember {
  readonly process: string;
  /** Joins and consumes in the background. */
  start(): void;
  /** Commits what it processed, leaves the group, and stops. */
  leave(): Promise<void>;
  /** Dies where it stands: no more heartbeats, polls or commits, and no leave. Answers what it owed. */
  kill(): OwedCommit | undefined;
  /** Sends a killed member's owed commit late, under its old member id and epoch. */
  zombieCommit(owed: OwedCommit): Promise<void>;
  /** Settles once its background work has ended (after a leave or a kill). */
  stopped(): Promise<void>;
}

/** Told of each fault a target injects: its kind, which process, and where. */
export type FaultSink = (kind: string, process: string, detail: string) => void;

export interface Target {
  readonly name: string;
  /** Creates the topic the run writes to, with topic configs (segment and retention sizes). */
  setup(topic: string, partitions: number, configs?: Record<string, string>): Promise<void>;
  producer(process: string, mode: ProducerMode): Promise<ProducerClient>;
  consumer(process: string): ConsumerClient;
  /** Stops injecting faults, and waits for every request still in flight (duplicated deliveries). */
  quiesce(): Promise<void>;
  /** High watermarks of every partition, read without faults. */
  highWatermarks(): Promise<number[]>;
  /** Log start offsets of every partition, read without faults (before the catch-up read). */
  logStartOffsets?(): Promise<number[]>;
  /** A consumer that sees no faults: the final catch-up read. */
  reader(): ConsumerClient;
  /** A new member of the run's consumer group, if the target has groups. */
  groupMember?(process: string, context: MemberContext): GroupMember;
  /** The group's committed offsets (partition as a string to offset), read without faults. */
  committedOffsets?(groupId: string): Promise<Record<string, number>>;
  /** Where maintenance runs in process, if the target lets it (chaos/maintenance-workload.ts). */
  maintenanceHost?(): MaintenanceHost;
  /** Restarts the whole stack (storage emulators and all), if the target can. */
  restart?(): Promise<void>;
  close(): Promise<void>;
}
