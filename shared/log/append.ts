import { SluiceError } from '../api/errors.ts';
import { judge } from './idempotence.ts';
import type { BatchIndex, IndexEntry, ProducerRegistry, ProducerStamp, ProducerState } from './ports.ts';

export interface AppenderOptions {
  /** Conditional-put attempts before answering CONCURRENT_APPEND (retriable). */
  maxAttempts?: number;
}

/** After this many conflicts in a row, stop walking entry by entry and read the latest entry. */
const WALK_LIMIT = 3;

/**
 * Commits ranges to partitions' logs, assigning offsets at commit time.
 *
 * Invariant (offsets contiguous and unique): a commit claims base offset `next` with a
 * conditional put that fails if any entry already holds it, and `next` is always the end of an
 * entry that exists (or 0). The cache of `next` per partition only ever holds such ends, and only
 * grows, so it can lag the truth but never run ahead of it. An uncontended commit in a warm
 * function is therefore one DynamoDB round trip.
 */
export class Appender {
  private readonly next = new Map<string, number>();
  /** Producer states this function last wrote or read, per producer and partition. */
  private readonly producerStates = new Map<string, ProducerState>();
  private readonly maxAttempts: number;

  constructor(
    private readonly index: BatchIndex,
    opts: AppenderOptions = {},
    private readonly producers?: ProducerRegistry,
  ) {
    this.maxAttempts = opts.maxAttempts ?? 200;
  }

  /**
   * Commits an idempotent producer's range: the same offset walk as `commit`, and in the same
   * transaction the producer's state, conditional on the state judged. A retried batch gets its
   * original offset back and writes nothing; a conflicting state is re-read and judged again.
   */
  async commitIdempotent(range: Omit<IndexEntry, 'baseOffset'>, stamp: ProducerStamp): Promise<IndexEntry & { duplicate: boolean }> {
    if (!this.producers) throw new Error('Appender: no producer registry for an idempotent commit');
    const key = `${range.topicId}#${range.partition}`;
    const stateKey = `${stamp.producerId}@${key}`;
    const read = () => this.producers!.state(stamp.producerId, range.topicId, range.partition);
    let cached = this.producerStates.has(stateKey);
    let state = cached ? this.producerStates.get(stateKey) : await read();
    let guess = this.next.get(key) ?? (await this.highWatermark(range.topicId, range.partition));
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      let verdict: ReturnType<typeof judge>;
      try {
        verdict = judge(stamp, state);
      } catch (e) {
        // Another function may have written this producer's state since we cached it.
        if (!cached) throw e;
        cached = false;
        state = await read();
        continue;
      }
      if (verdict.kind === 'duplicate') return { ...range, baseOffset: verdict.baseOffset, duplicate: true };
      const entry: IndexEntry = { ...range, baseOffset: guess };
      const next = verdict.next(guess);
      const outcome = await this.index.commitWithProducer(entry, stamp.producerId, next, state);
      if (outcome.committed) {
        this.learn(key, guess + range.count);
        this.producerStates.set(stateKey, next);
        return { ...entry, duplicate: false };
      }
      if (outcome.producerConflict || !outcome.offsetTaken) {
        state = await read();
        cached = false;
      }
      if (outcome.offsetTaken) {
        guess = outcome.holder ? outcome.holder.baseOffset + outcome.holder.count : await this.highWatermark(range.topicId, range.partition);
        this.learn(key, guess);
      }
    }
    throw new SluiceError(
      'CONCURRENT_APPEND',
      `partition ${range.partition} is too contended: no offset claimed after ${this.maxAttempts} attempts; retry`,
    );
  }

  async commit(range: Omit<IndexEntry, 'baseOffset'>): Promise<IndexEntry> {
    const key = `${range.topicId}#${range.partition}`;
    let guess = this.next.get(key) ?? (await this.highWatermark(range.topicId, range.partition));
    let walked = 0;
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const entry: IndexEntry = { ...range, baseOffset: guess };
      const outcome = await this.index.commit(entry);
      if (outcome.committed) {
        this.learn(key, guess + range.count);
        return entry;
      }
      if (outcome.holder && isSameRange(outcome.holder, range)) {
        // Our own write: its answer was lost and the storage client retried it. Walking on from
        // here would commit the same batch twice.
        this.learn(key, guess + range.count);
        return outcome.holder;
      }
      if (outcome.holder && walked < WALK_LIMIT) {
        walked++;
        guess = outcome.holder.baseOffset + outcome.holder.count;
      } else {
        walked = 0;
        guess = await this.highWatermark(range.topicId, range.partition);
      }
      this.learn(key, guess);
    }
    throw new SluiceError(
      'CONCURRENT_APPEND',
      `partition ${range.partition} is too contended: no offset claimed after ${this.maxAttempts} attempts; retry`,
    );
  }

  /** The end of the latest committed entry: the next offset to give out. */
  async highWatermark(topicId: string, partition: number): Promise<number> {
    const latest = await this.index.latest(topicId, partition);
    const hw = latest ? latest.baseOffset + latest.count : 0;
    this.learn(`${topicId}#${partition}`, hw);
    return hw;
  }

  private learn(key: string, next: number): void {
    if (next > (this.next.get(key) ?? -1)) this.next.set(key, next);
  }
}

/** Whether an entry is the very range being committed: same bytes of the same object. */
function isSameRange(entry: IndexEntry, range: Omit<IndexEntry, 'baseOffset'>): boolean {
  return (
    entry.objectKey === range.objectKey &&
    entry.byteStart === range.byteStart &&
    entry.byteLength === range.byteLength &&
    entry.count === range.count
  );
}
