/**
 * What the runner drives: a system under test with producer and consumer clients. A target hides
 * how requests reach Sluice (in-process engines over faulty storage, or the SDK over HTTP) and
 * which faults it can inject there; the runner only sees operations and their outcomes.
 */
import type { Outcome, SentValue } from './history.ts';

/**
 * How producers retry: `idempotent` (Kafka's idempotent producer), `plain` (no idempotence,
 * every retriable failure retried: at least once), `safe` (no idempotence, only failures that
 * provably wrote nothing retried: the SDK's default without idempotence).
 */
export type ProducerMode = 'idempotent' | 'plain' | 'safe';
export const PRODUCER_MODES: readonly ProducerMode[] = ['idempotent', 'plain', 'safe'];

export interface SendResult {
  outcome: Outcome;
  /** Offsets of the acknowledged values. */
  offsets: Record<string, number>;
  /** Values definitely not written, when the outcome is `info` (a partial commit). */
  failed: string[];
  attempts: number;
  error?: string;
}

export interface ProducerClient {
  /** Sends the values (partitions given) as one request, retrying as the mode allows. Never rejects. */
  send(values: SentValue[]): Promise<SendResult>;
}

export interface PollResult {
  /** [offset, value] in log order, none below the offset asked for. */
  records: Array<[number, string]>;
  /** Where the next poll of the partition starts. */
  nextOffset: number;
}

export interface ConsumerClient {
  /** One fetch of a partition from an offset. Rejects on failure (a poll has no side effects). */
  poll(partition: number, from: number, maxBytes: number): Promise<PollResult>;
}

/** Told of each fault a target injects: its kind, which process, and where. */
export type FaultSink = (kind: string, process: string, detail: string) => void;

export interface Target {
  readonly name: string;
  /** Creates the topic the run writes to. */
  setup(topic: string, partitions: number): Promise<void>;
  producer(process: string, mode: ProducerMode): Promise<ProducerClient>;
  consumer(process: string): ConsumerClient;
  /** Stops injecting faults, and waits for every request still in flight (duplicated deliveries). */
  quiesce(): Promise<void>;
  /** High watermarks of every partition, read without faults. */
  highWatermarks(): Promise<number[]>;
  /** A consumer that sees no faults: the final catch-up read. */
  reader(): ConsumerClient;
  /** Restarts the whole stack (storage emulators and all), if the target can. */
  restart?(): Promise<void>;
  close(): Promise<void>;
}
