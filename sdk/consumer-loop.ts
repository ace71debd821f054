/**
 * The consumer's run loop: start new partitions where they should (consumer-positions.ts), fetch
 * every partition it may process in one request, hand the records over (consumer-process.ts),
 * and auto-commit when due. Caught up, it waits as `fetchWait` says (pacing.ts): by default it
 * sleeps between fetches that ask the service not to wait; with long-poll the fetch waits in the
 * service. A rebalance, a seek or a pause interrupts a long-poll; new partitions, a seek or a
 * resume end a sleep.
 */
import { mapLimit } from '../shared/log/map-limit.ts';
import type { Admin } from './admin.ts';
import type { Committer } from './consumer-commits.ts';
import { fetchPartitions, type FetchedPartition } from './consumer-fetcher.ts';
import type { AutoCommitPolicy, PartitionState, PartitionTable } from './consumer-partitions.ts';
import { initPositions, resetPositions } from './consumer-positions.ts';
import { processBatch, processMessages, type ProcessDeps } from './consumer-process.ts';
import { CONSUMER_EVENTS, type AutoOffsetReset, type ConsumerEventName, type ConsumerOptions, type RunOptions } from './consumer-types.ts';
import { OffsetOutOfRangeError, SluiceApiError, isRetriable } from './errors.ts';
import type { Groups } from './groups.ts';
import { fetchWait, type FetchWait } from './pacing.ts';
import { DEFAULT_RETRY, nextRetryTime, sleep } from './retry.ts';
import type { Transport } from './transport.ts';

/** What the loop needs from its consumer. */
export interface LoopHost {
  transport: Transport;
  groups: Groups;
  admin: Admin;
  options: ConsumerOptions;
  /** How a caught-up fetch waits: {@link consumerFetchWait} of the options. */
  wait: FetchWait;
  table: PartitionTable;
  policy: AutoCommitPolicy;
  committer: Committer;
  run: RunOptions & { autoCommit: boolean; eachBatchAutoResolve: boolean; partitionsConsumedConcurrently: number };
  isRunning(): boolean;
  mayProcess(state: PartitionState, generation: number): boolean;
  resetFor(topic: string): AutoOffsetReset;
  /** A seek made before the partition was assigned, taken once. */
  takeSeek(topic: string, partition: number): number | undefined;
  emit(type: ConsumerEventName, payload: Record<string, unknown>): void;
  crash(error: unknown): void;
}

const MAX_PARTITIONS_PER_FETCH = 1_000;
/** Bytes per fetch by default: the service's limit (LIMITS.maxFetchBytes), so that a caught-up consumer takes a whole produce request's object in one fetch and one GET. */
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** The consumer's long-poll wait when it long-polls without `maxWaitTimeInMs` (`pollIntervalMs: 0`). */
const DEFAULT_MAX_WAIT_TIME_IN_MS = 1_000;

/** The consumer's options under the pacing rule (pacing.ts); throws on a bad `pollIntervalMs`. */
export function consumerFetchWait(options: Pick<ConsumerOptions, 'pollIntervalMs' | 'maxWaitTimeInMs'>): FetchWait {
  return fetchWait({ pollIntervalMs: options.pollIntervalMs, maxWaitMs: options.maxWaitTimeInMs }, DEFAULT_MAX_WAIT_TIME_IN_MS);
}

export class RunLoop {
  private turn = 0;
  private fetchAbort = new AbortController();
  private wake = new AbortController();

  constructor(private readonly host: LoopHost) {}

  /** Abandons the long-poll in flight (a rebalance, a seek, a pause, a stop). */
  interrupt(): void {
    this.fetchAbort.abort();
  }

  /** Ends an idle wait (new partitions, a resume). */
  wakeUp(): void {
    this.wake.abort();
  }

  async run(): Promise<void> {
    while (this.host.isRunning()) {
      try {
        await this.step();
      } catch (e) {
        if (!this.host.isRunning()) break;
        if (e instanceof SluiceApiError && (e.code === 'ABORTED' || isRetriable(e))) {
          await this.idle(e.code === 'ABORTED' ? 0 : 500);
          continue;
        }
        this.host.crash(e);
        break;
      }
    }
  }

  /** One round: start new partitions, fetch the ready ones, hand the records over, commit if due. */
  private async step(): Promise<void> {
    const { host } = this;
    const fresh = host.table.all().filter((s) => s.position === undefined && !s.revoking && s.retryAt <= Date.now());
    if (fresh.length) await this.start(fresh);
    const now = Date.now();
    const candidates = host.table.all().filter((s) => s.position !== undefined && s.retryAt <= now && host.mayProcess(s, s.generation));
    if (candidates.length === 0) return this.idle(100);
    // A fetch names at most 1,000 partitions: a member with more takes turns among them.
    this.turn = (this.turn + MAX_PARTITIONS_PER_FETCH) % candidates.length;
    const ready = candidates.length <= MAX_PARTITIONS_PER_FETCH ? candidates : [...candidates.slice(this.turn), ...candidates.slice(0, this.turn)].slice(0, MAX_PARTITIONS_PER_FETCH);
    const { wait } = host;
    this.fetchAbort = new AbortController();
    const generations = new Map(ready.map((s) => [s, s.generation]));
    const fetched = await fetchPartitions(host.transport, ready.map((s) => ({ topic: s.topic, partition: s.partition, offset: s.position! })), {
      maxBytes: host.options.maxBytes ?? DEFAULT_MAX_BYTES,
      maxBytesPerPartition: host.options.maxBytesPerPartition ?? 1 << 20,
      maxWaitMs: wait.maxWaitMs,
      signal: this.fetchAbort.signal,
    });
    host.emit(CONSUMER_EVENTS.FETCH, { numberOfBatches: fetched.filter((f) => f.messages.length).length });
    await mapLimit(fetched, host.run.partitionsConsumedConcurrently, async (f, i) => {
      const state = ready[i]!;
      if (state.generation !== generations.get(state) || state.position !== f.offset) return;
      if (f.error) return this.onFetchError(state, f);
      if (f.messages.length === 0) {
        if (host.mayProcess(state, state.generation)) state.position = Math.max(state.position, f.nextOffset);
        return;
      }
      const work = this.process(state, f);
      state.busy = work;
      await work.finally(() => {
        if (state.busy === work) state.busy = undefined;
      });
    });
    if (host.run.autoCommit && host.policy.due()) await host.committer.commitProcessed();
    if (wait.mode === 'paced' && fetched.every((f) => f.error !== undefined || f.nextOffset >= f.highWatermark)) await this.idle(wait.pollIntervalMs);
  }

  /** Finds where new partitions start. A topic that vanished meanwhile is tried again later (its revocation is coming). */
  private async start(fresh: PartitionState[]): Promise<void> {
    const { host } = this;
    try {
      await initPositions({
        groups: host.groups, admin: host.admin, groupId: host.options.groupId,
        resetFor: (t) => host.resetFor(t), takeSeek: (t, p) => host.takeSeek(t, p),
      }, fresh);
    } catch (e) {
      if (!(e instanceof SluiceApiError) || e.status !== 404) throw e;
      for (const s of fresh) if (s.position === undefined) s.retryAt = Date.now() + 1_000;
    }
  }

  private process(state: PartitionState, f: FetchedPartition): Promise<void> {
    const { host } = this;
    const commitIfDue = async () => {
      if (host.run.autoCommit && host.policy.due()) await host.committer.commitProcessed();
    };
    const deps: ProcessDeps = {
      table: host.table,
      mayProcess: (s, g) => host.mayProcess(s, g),
      isRunning: () => host.isRunning(),
      processed: async (n) => {
        host.policy.recordProcessed(n);
        await commitIfDue();
      },
      failed: (s, error) => this.failed(s, error),
      commitIfNecessary: commitIfDue,
    };
    const batch = { topic: f.topic, partition: f.partition, batchSize: f.messages.length };
    host.emit(CONSUMER_EVENTS.START_BATCH_PROCESS, batch);
    const done = host.run.eachMessage
      ? processMessages(deps, state, f, host.run.eachMessage)
      : processBatch(deps, state, f, host.run.eachBatch!, host.run.eachBatchAutoResolve);
    return done.then(() => host.emit(CONSUMER_EVENTS.END_BATCH_PROCESS, batch));
  }

  /** A failed handler: the record is tried again after a backoff; nothing past it is committed. */
  private failed(state: PartitionState, error: unknown): void {
    const { host } = this;
    const options = host.options.retry ?? host.transport.retryOptions;
    const policy = { ...DEFAULT_RETRY, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    let wait: number | undefined;
    for (let i = 0; i <= state.failures; i++) wait = nextRetryTime(policy, wait, Math.random);
    state.failures++;
    state.retryAt = Date.now() + (wait ?? 0);
    host.emit(CONSUMER_EVENTS.CRASH, { error, groupId: host.options.groupId, topic: state.topic, partition: state.partition, restart: true, retryInMs: wait });
  }

  /** Out of range (retention moved past it, say): auto.offset.reset decides; anything else waits a little. */
  private async onFetchError(state: PartitionState, f: FetchedPartition): Promise<void> {
    if (!(f.error instanceof OffsetOutOfRangeError)) {
      state.retryAt = Date.now() + 500;
      return;
    }
    const policy = this.host.resetFor(state.topic);
    if (policy === 'none') throw f.error;
    await resetPositions(this.host.admin, state.topic, [state], policy);
  }

  private async idle(ms: number): Promise<void> {
    if (!this.host.isRunning()) return;
    this.wake = new AbortController();
    await sleep(ms, this.wake.signal).catch(() => undefined);
  }
}
