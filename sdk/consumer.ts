/**
 * A consumer in a group, shaped like KafkaJS's: `subscribe`, `run({ eachMessage | eachBatch })`,
 * auto-commit by interval and by record count, `commitOffsets`, `seek`, `pause` / `resume`,
 * `stop`, and instrumentation events (`consumer.on(consumer.events.GROUP_JOIN, ...)`).
 *
 * Two loops run side by side: the membership loop heartbeats (consumer-membership.ts) and applies
 * each answer's assignment; the run loop fetches the owned partitions and hands records over
 * (consumer-process.ts). A revoked partition stops at the next record boundary, its processed
 * offsets are committed, and only then does the next heartbeat leave it out, which lets the
 * service give it to another member: no partition is processed by two members at once.
 */
import { EventEmitter } from 'node:events';
import type { Admin } from './admin.ts';
import { Committer } from './consumer-commits.ts';
import { Membership } from './consumer-membership.ts';
import { AutoCommitPolicy, keyOf, PartitionTable, type PartitionState } from './consumer-partitions.ts';
import { consumerFetchWait, RunLoop } from './consumer-loop.ts';
import {
  CONSUMER_EVENTS, type AutoOffsetReset, type ConsumerEvent, type ConsumerEventName, type ConsumerOptions, type RunOptions, type SubscribeOptions,
} from './consumer-types.ts';
import type { TopicPartitionOffset, TopicPartitions } from './group-types.ts';
import type { Groups } from './groups.ts';
import type { FetchWait } from './pacing.ts';
import type { Transport } from './transport.ts';

/**
 * Get one from {@link SluiceClient.consumer}.
 *
 * @example
 * ```ts
 * const consumer = client.consumer({ groupId: 'billing' });
 * await consumer.subscribe({ topics: ['orders', /^invoices-/], fromBeginning: true });
 * await consumer.run({ eachMessage: async ({ topic, partition, message }) => console.log(topic, partition, message.offset) });
 * // later
 * await consumer.stop(); // commits, then leaves the group
 * ```
 */
export class Consumer {
  readonly events = CONSUMER_EVENTS;
  private readonly emitter = new EventEmitter();
  private readonly table = new PartitionTable();
  private readonly names = new Set<string>();
  private readonly patterns: string[] = [];
  private readonly rules: { matches: (topic: string) => boolean; fromBeginning: boolean }[] = [];
  private readonly seeks = new Map<string, number>();
  private readonly revocations = new Set<Promise<void>>();
  private membership: Membership | undefined;
  private committer: Committer | undefined;
  private policy = new AutoCommitPolicy(5_000, null);
  private run_: Required<Pick<RunOptions, 'autoCommit' | 'eachBatchAutoResolve' | 'partitionsConsumedConcurrently'>> & RunOptions = {
    autoCommit: true, eachBatchAutoResolve: true, partitionsConsumedConcurrently: 1,
  };
  private running = false;
  private loop: RunLoop | undefined;
  private looping: Promise<void> | undefined;
  private eventId = 0;
  private readonly wait: FetchWait;

  constructor(
    private readonly transport: Transport,
    private readonly groups: Groups,
    private readonly admin: Admin,
    private readonly options: ConsumerOptions,
  ) {
    if (!options.groupId) throw new TypeError('consumer: groupId is required');
    this.wait = consumerFetchWait(options);
  }

  /** Discovers the endpoints (fails early on a bad URL or credentials). */
  async connect(): Promise<void> {
    await this.transport.resolveEndpoints();
  }

  /** Same as {@link stop}. */
  disconnect(): Promise<void> {
    return this.stop();
  }

  /**
   * Adds topics to the subscription: names, or RegExps tested against topic names (as KafkaJS;
   * matched by the service, so topics created later that match join the assignment).
   */
  async subscribe(options: SubscribeOptions): Promise<void> {
    const list = [...(options.topics ?? []), ...(options.topic !== undefined ? [options.topic] : [])];
    if (list.length === 0) throw new TypeError('subscribe: give topics or topic');
    for (const t of list) {
      if (typeof t === 'string') {
        this.names.add(t);
        this.rules.push({ matches: (topic) => topic === t, fromBeginning: options.fromBeginning ?? false });
      } else {
        if (t.flags.replace(/[gyd]/g, '') !== '') throw new TypeError(`subscribe: RegExp flags (${t.flags}) are not supported; the service matches case-sensitively`);
        // RegExp.test semantics (a match anywhere), as KafkaJS; the service anchors the pattern.
        this.patterns.push(`.*(?:${t.source}).*`);
        this.rules.push({ matches: (topic) => new RegExp(t.source).test(topic), fromBeginning: options.fromBeginning ?? false });
      }
    }
    this.membership?.nudge();
  }

  /** Joins the group and starts consuming in the background; resolves once the member has joined. */
  async run(options: RunOptions): Promise<void> {
    if (this.running) throw new TypeError('run: the consumer is already running');
    if (!options.eachMessage === !options.eachBatch) throw new TypeError('run: give exactly one of eachMessage and eachBatch');
    if (this.names.size === 0 && this.patterns.length === 0) throw new TypeError('run: subscribe first');
    this.run_ = { ...this.run_, ...stripUndefined(options) };
    this.policy = new AutoCommitPolicy(options.autoCommitInterval === undefined ? 5_000 : options.autoCommitInterval, options.autoCommitThreshold ?? null);
    const membership = new Membership(this.groups, this.options.groupId, { clientId: this.options.clientId ?? 'sluice-consumer', groupConfigs: this.groupConfigs() }, {
      subscription: () => this.subscription(),
      owned: () => this.table.owned(),
      reconcile: (assignment) => this.reconcile(assignment),
      lost: async () => this.lose(this.table.all()),
      crash: (error) => this.crash(error),
      emit: (type, payload) => this.emit(type, payload),
    });
    this.membership = membership;
    this.committer = new Committer({
      groups: this.groups, groupId: this.options.groupId, table: this.table, policy: this.policy,
      member: () => ({ memberId: membership.memberId, memberEpoch: membership.epoch }),
      lost: (states) => this.lose(states),
      emit: (type, payload) => this.emit(type, payload),
    });
    const committer = this.committer;
    const loop = new RunLoop({
      transport: this.transport, groups: this.groups, admin: this.admin, options: this.options, wait: this.wait, table: this.table,
      policy: this.policy, committer, run: this.run_,
      isRunning: () => this.running,
      mayProcess: (s, g) => this.mayProcess(s, g),
      resetFor: (t) => this.resetFor(t),
      takeSeek: (t, p) => {
        const at = this.seeks.get(keyOf(t, p));
        this.seeks.delete(keyOf(t, p));
        return at;
      },
      emit: (type, payload) => this.emit(type, payload),
      crash: (error) => this.crash(error),
    });
    this.loop = loop;
    this.running = true;
    try {
      await membership.start();
    } catch (e) {
      this.running = false;
      throw e;
    }
    this.looping = loop.run();
  }

  /** Stops fetching, lets the record in hand finish, commits, leaves the group, and resolves. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.loop?.interrupt();
    this.loop?.wakeUp();
    await this.looping;
    await Promise.all(this.revocations);
    if (this.run_.autoCommit) await this.committer?.commitProcessed().catch((e: unknown) => this.emit(CONSUMER_EVENTS.CRASH, { error: e, groupId: this.options.groupId, restart: false }));
    await this.membership?.stop();
    await this.membership?.leave().catch(() => undefined);
    for (const s of this.table.all()) this.table.remove(s);
    this.emit(CONSUMER_EVENTS.STOP, {});
  }

  /**
   * Commits offsets (the next offset to consume) for partitions this member owns.
   *
   * @example
   * ```ts
   * await consumer.commitOffsets([{ topic: 'orders', partition: 0, offset: message.offset + 1 }]);
   * ```
   */
  async commitOffsets(offsets: TopicPartitionOffset[]): Promise<void> {
    if (!this.committer) throw new TypeError('commitOffsets: the consumer is not running');
    await this.committer.commit(offsets);
  }

  /** Moves a partition: the next record handed over is at `offset`, and the next commit stores it. */
  seek({ topic, partition, offset }: { topic: string; partition: number; offset: number }): void {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new TypeError(`seek: offset ${offset} is not an offset`);
    const state = this.table.get(topic, partition);
    if (!state) {
      this.seeks.set(keyOf(topic, partition), offset);
      return;
    }
    state.generation++;
    state.position = state.resolved = offset;
    state.retryAt = 0;
    this.loop?.interrupt();
    this.loop?.wakeUp();
  }

  /** Stops fetching these topics (all their partitions, or the ones listed) until resumed. */
  pause(topics: { topic: string; partitions?: number[] }[]): void {
    for (const t of topics) this.table.pause(t.topic, t.partitions);
    this.loop?.interrupt();
  }

  resume(topics: { topic: string; partitions?: number[] }[]): void {
    for (const t of topics) this.table.resume(t.topic, t.partitions);
    this.loop?.wakeUp();
  }

  /** Owned partitions that are paused. */
  paused(): TopicPartitions[] {
    return this.table.paused();
  }

  /** The partitions this member owns now. */
  assignment(): TopicPartitions[] {
    return this.table.owned();
  }

  /** The member id and epoch, once joined. */
  member(): { memberId: string; memberEpoch: number } | undefined {
    return this.membership && { memberId: this.membership.memberId, memberEpoch: this.membership.epoch };
  }

  /** Listens to an event; returns the function that stops listening. */
  on<P = Record<string, unknown>>(type: ConsumerEventName, listener: (event: ConsumerEvent<P>) => void): () => void {
    this.emitter.on(type, listener);
    return () => this.emitter.off(type, listener);
  }

  private emit(type: ConsumerEventName, payload: Record<string, unknown>): void {
    this.emitter.emit(type, { id: ++this.eventId, type, timestamp: Date.now(), payload });
  }

  private subscription(): { topics: string[]; pattern?: string } {
    const topics = [...this.names].sort();
    return this.patterns.length ? { topics, pattern: this.patterns.map((p) => `(?:${p})`).join('|') } : { topics };
  }

  private groupConfigs(): Record<string, string | number> {
    const o = this.options;
    return {
      ...(o.sessionTimeout !== undefined ? { 'session.timeout.ms': o.sessionTimeout } : {}),
      ...(o.heartbeatInterval !== undefined ? { 'heartbeat.interval.ms': o.heartbeatInterval } : {}),
      ...(o.rebalanceTimeout !== undefined ? { 'rebalance.timeout.ms': o.rebalanceTimeout } : {}),
      ...(o.assignor !== undefined ? { assignor: o.assignor } : {}),
    };
  }

  private resetFor(topic: string): AutoOffsetReset {
    if (this.options.autoOffsetReset) return this.options.autoOffsetReset;
    return this.rules.some((r) => r.fromBeginning && r.matches(topic)) ? 'earliest' : 'latest';
  }

  /** Applies a heartbeat's assignment. Revocations run in the background; answers whether any is in progress. */
  private async reconcile(assignment: TopicPartitions[]): Promise<boolean> {
    const assigned = new Set(assignment.flatMap((t) => t.partitions.map((p) => keyOf(t.topic, p))));
    const revoked = this.table.all().filter((s) => !assigned.has(s.key) && !s.revoking);
    if (revoked.length) this.revoke(revoked);
    const added: PartitionState[] = [];
    for (const t of assignment) for (const p of t.partitions) if (!this.table.get(t.topic, p)) added.push(this.table.add(t.topic, p));
    if (added.length) {
      this.emit(CONSUMER_EVENTS.PARTITIONS_ASSIGNED, { partitions: group(added) });
      this.loop?.wakeUp();
    }
    return this.table.all().some((s) => s.revoking);
  }

  private revoke(states: PartitionState[]): void {
    this.emit(CONSUMER_EVENTS.REBALANCING, { groupId: this.options.groupId, memberId: this.membership?.memberId });
    for (const s of states) s.revoking = true;
    this.loop?.interrupt();
    const done = (async () => {
      // A batch that failed (its commit among it) is the loop's to report; here it only has to end.
      await Promise.allSettled(states.map((s) => s.busy));
      if (this.run_.autoCommit) await this.committer?.commitProcessed(states).catch(() => undefined);
      for (const s of states) this.table.remove(s);
      this.emit(CONSUMER_EVENTS.PARTITIONS_REVOKED, { partitions: group(states) });
      this.membership?.nudge();
    })();
    this.revocations.add(done);
    void done.finally(() => this.revocations.delete(done));
  }

  private lose(states: PartitionState[]): void {
    if (states.length === 0) return;
    for (const s of states) this.table.remove(s);
    this.loop?.interrupt();
    this.emit(CONSUMER_EVENTS.PARTITIONS_LOST, { partitions: group(states) });
  }

  private crash(error: unknown): void {
    this.emit(CONSUMER_EVENTS.CRASH, { error, groupId: this.options.groupId, restart: false });
    void this.stop();
  }

  private mayProcess(state: PartitionState, generation: number): boolean {
    return this.running && this.table.get(state.topic, state.partition) === state && !state.revoking && state.generation === generation &&
      !this.table.isPaused(state.topic, state.partition) && (this.membership?.leaseValid() ?? false);
  }
}

function group(states: PartitionState[]): TopicPartitions[] {
  const byTopic = new Map<string, number[]>();
  for (const s of states) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s.partition]);
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions: partitions.sort((a, b) => a - b) }));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
