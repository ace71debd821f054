/**
 * What a consumer knows about each partition it owns: where it reads, what it has processed and
 * committed, and whether it may process now. Offsets here are Kafka's "next offset": `position` is
 * the next record to fetch, `resolved` the next one after the last processed record (what a commit
 * writes), `committed` what the group last stored.
 */
export interface PartitionState {
  topic: string;
  partition: number;
  key: string;
  /** Undefined until the start is known (committed offset, or auto.offset.reset). */
  position?: number;
  resolved?: number;
  /** -1 when the group has nothing for it. */
  committed: number;
  /** Being given up: no new processing starts. */
  revoking: boolean;
  /** Settles when the processing in flight on this partition ends. */
  busy?: Promise<void>;
  /** After a failed eachMessage, not fetched again before this time (ms). */
  retryAt: number;
  failures: number;
  /** Bumped by a seek: batches fetched before it are stale. */
  generation: number;
}

export const keyOf = (topic: string, partition: number): string => `${topic}:${partition}`;

export class PartitionTable {
  private readonly states = new Map<string, PartitionState>();
  private readonly pausedTopics = new Set<string>();
  private readonly pausedKeys = new Set<string>();

  add(topic: string, partition: number): PartitionState {
    const key = keyOf(topic, partition);
    const state: PartitionState = { topic, partition, key, committed: -1, revoking: false, retryAt: 0, failures: 0, generation: 0 };
    this.states.set(key, state);
    return state;
  }

  get(topic: string, partition: number): PartitionState | undefined {
    return this.states.get(keyOf(topic, partition));
  }

  remove(state: PartitionState): void {
    if (this.states.get(state.key) === state) this.states.delete(state.key);
  }

  all(): PartitionState[] {
    return [...this.states.values()];
  }

  /** Owned and not being revoked, as the `ownedPartitions` of a heartbeat. */
  owned(): { topic: string; partitions: number[] }[] {
    const byTopic = new Map<string, number[]>();
    for (const s of this.states.values()) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s.partition]);
    return [...byTopic].sort(([a], [b]) => a.localeCompare(b)).map(([topic, partitions]) => ({ topic, partitions: partitions.sort((x, y) => x - y) }));
  }

  pause(topic: string, partitions?: number[]): void {
    if (partitions === undefined) this.pausedTopics.add(topic);
    else for (const p of partitions) this.pausedKeys.add(keyOf(topic, p));
  }

  resume(topic: string, partitions?: number[]): void {
    if (partitions === undefined) {
      this.pausedTopics.delete(topic);
      for (const k of [...this.pausedKeys]) if (k.startsWith(`${topic}:`)) this.pausedKeys.delete(k);
    } else for (const p of partitions) this.pausedKeys.delete(keyOf(topic, p));
  }

  isPaused(topic: string, partition: number): boolean {
    return this.pausedTopics.has(topic) || this.pausedKeys.has(keyOf(topic, partition));
  }

  paused(): { topic: string; partitions: number[] }[] {
    return this.owned()
      .map(({ topic, partitions }) => ({ topic, partitions: partitions.filter((p) => this.isPaused(topic, p)) }))
      .filter((t) => t.partitions.length > 0);
  }

  /** Processed offsets not committed yet. */
  uncommitted(states: readonly PartitionState[] = this.all()): { topic: string; partition: number; offset: number }[] {
    return states
      .filter((s) => s.resolved !== undefined && s.resolved !== s.committed)
      .map((s) => ({ topic: s.topic, partition: s.partition, offset: s.resolved! }));
  }
}

/**
 * When to auto-commit: every `interval` ms and every `threshold` processed records, whichever
 * comes first (KafkaJS's autoCommitInterval and autoCommitThreshold).
 */
export class AutoCommitPolicy {
  private processed = 0;
  private last: number;

  constructor(
    private readonly interval: number | null,
    private readonly threshold: number | null,
    private readonly now: () => number = Date.now,
  ) {
    this.last = now();
  }

  recordProcessed(n = 1): void {
    this.processed += n;
  }

  due(): boolean {
    if (this.processed === 0) return false;
    if (this.threshold !== null && this.processed >= this.threshold) return true;
    return this.interval !== null && this.now() - this.last >= this.interval;
  }

  committed(): void {
    this.processed = 0;
    this.last = this.now();
  }
}
