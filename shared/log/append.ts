import { SluiceError } from '../api/errors.ts';
import { judge } from './idempotence.ts';
import type { BatchIndex, IndexEntry, PartitionStateStore, ProducerRegistry, ProducerStamp, ProducerState } from './ports.ts';

/**
 * The earliest an index entry may be deleted after its commit (ms): maintenance deletes an entry
 * (replaced by a segment, or below the log start) only once its append time is this old. The
 * appender trusts an offset guess for half of it. Together they keep deleted entries' offsets from
 * being given out again (docs/architecture.md, "The offset proof survives deletion").
 */
export const ENTRY_DELETE_DELAY_MS = 5 * 60_000;

export interface AppenderOptions {
  /** Conditional-put attempts before answering CONCURRENT_APPEND (retriable). */
  maxAttempts?: number;
  /** Where the log start lives: the next offset of a partition whose entries are all deleted. */
  partitions?: PartitionStateStore;
  /** How long an offset guess is trusted after what it rests on was seen. Default ENTRY_DELETE_DELAY_MS / 2. */
  guessTrustMs?: number;
  now?: () => number;
}

/** A next offset, and until when it may be tried without reading the log's end again. */
interface Guess {
  next: number;
  trustedUntil: number;
}

/** After this many conflicts in a row, stop walking entry by entry and read the latest entry. */
const WALK_LIMIT = 3;

/**
 * Commits ranges to partitions' logs, assigning offsets at commit time.
 *
 * Invariant (offsets contiguous and unique): a commit claims base offset `next` with a
 * conditional put that fails if any entry already holds it, and `next` is always the end of an
 * entry that exists (or the log start of a partition whose entries all expired). The cache of
 * `next` per partition only ever holds such ends, and only grows, so it can lag the truth but
 * never run ahead of it. An uncontended commit in a warm function is therefore one DynamoDB round
 * trip.
 *
 * Maintenance deletes entries, which frees their keys: a lagging guess could then claim an offset
 * a deleted entry had. It cannot, because a guess is trusted only for a while after what it rests
 * on was seen (the log's end, or the append time of the entry it follows), and an entry is
 * deleted only once it is older than twice that (ENTRY_DELETE_DELAY_MS). An older guess is
 * re-read first.
 */
export class Appender {
  private readonly next = new Map<string, Guess>();
  /** Producer states this function last wrote or read, per producer and partition. */
  private readonly producerStates = new Map<string, ProducerState>();
  private readonly maxAttempts: number;
  private readonly trustMs: number;
  private readonly now: () => number;
  private readonly partitions?: PartitionStateStore;

  constructor(
    private readonly index: BatchIndex,
    opts: AppenderOptions = {},
    private readonly producers?: ProducerRegistry,
  ) {
    this.maxAttempts = opts.maxAttempts ?? 200;
    this.trustMs = opts.guessTrustMs ?? ENTRY_DELETE_DELAY_MS / 2;
    this.now = opts.now ?? Date.now;
    if (opts.partitions) this.partitions = opts.partitions;
  }

  /** The cached next offset while trusted, else the log's end read now. */
  private async guess(topicId: string, partition: number): Promise<number> {
    const cached = this.next.get(`${topicId}#${partition}`);
    if (cached && cached.trustedUntil > this.now()) return cached.next;
    return this.highWatermark(topicId, partition);
  }

  /** Where to try after `holder` took the offset: its end while it is recent enough, else the log's end. */
  private async after(holder: IndexEntry | undefined, topicId: string, partition: number): Promise<number> {
    if (holder && holder.appendTime + this.trustMs > this.now()) {
      const next = holder.baseOffset + holder.count;
      this.learn(`${topicId}#${partition}`, next, holder.appendTime + this.trustMs);
      return next;
    }
    return this.highWatermark(topicId, partition);
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
    let guess = await this.guess(range.topicId, range.partition);
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
      const sentAt = this.now();
      const outcome = await this.index.commitWithProducer(entry, stamp.producerId, next, state);
      if (outcome.committed) {
        this.learn(key, guess + range.count, sentAt + this.trustMs);
        this.producerStates.set(stateKey, next);
        return { ...entry, duplicate: false };
      }
      if (outcome.producerConflict || !outcome.offsetTaken) {
        state = await read();
        cached = false;
      }
      if (outcome.offsetTaken) guess = await this.after(outcome.holder, range.topicId, range.partition);
    }
    throw new SluiceError(
      'CONCURRENT_APPEND',
      `partition ${range.partition} is too contended: no offset claimed after ${this.maxAttempts} attempts; retry`,
    );
  }

  async commit(range: Omit<IndexEntry, 'baseOffset'>): Promise<IndexEntry> {
    const key = `${range.topicId}#${range.partition}`;
    let guess = await this.guess(range.topicId, range.partition);
    let walked = 0;
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const entry: IndexEntry = { ...range, baseOffset: guess };
      const sentAt = this.now();
      const outcome = await this.index.commit(entry);
      if (outcome.committed) {
        this.learn(key, guess + range.count, sentAt + this.trustMs);
        return entry;
      }
      if (outcome.holder && isSameRange(outcome.holder, range)) {
        // Our own write: its answer was lost and the storage client retried it. Walking on from
        // here would commit the same batch twice.
        this.learn(key, guess + range.count, sentAt + this.trustMs);
        return outcome.holder;
      }
      if (outcome.holder && walked < WALK_LIMIT) {
        walked++;
        guess = await this.after(outcome.holder, range.topicId, range.partition);
      } else {
        walked = 0;
        guess = await this.highWatermark(range.topicId, range.partition);
      }
    }
    throw new SluiceError(
      'CONCURRENT_APPEND',
      `partition ${range.partition} is too contended: no offset claimed after ${this.maxAttempts} attempts; retry`,
    );
  }

  /**
   * The end of the latest committed entry: the next offset to give out. When retention has
   * deleted every entry, the log start, which it moved to the end first, takes the end's place.
   * The order matters: the latest entry is read first, so that finding none proves any deletion
   * already moved the log start.
   */
  async highWatermark(topicId: string, partition: number): Promise<number> {
    const readAt = this.now();
    const latest = await this.index.latest(topicId, partition);
    let hw = latest ? latest.baseOffset + latest.count : 0;
    if (!latest && this.partitions) hw = (await this.partitions.logStartOffsets(topicId, [partition])).get(partition) ?? 0;
    this.learn(`${topicId}#${partition}`, hw, readAt + this.trustMs, true);
    return hw;
  }

  /** Caches a next offset. It only grows; a fresh read of the end renews its trust. */
  private learn(key: string, next: number, trustedUntil: number, fresh = false): void {
    const cached = this.next.get(key);
    if (fresh || !cached || next > cached.next) this.next.set(key, { next: Math.max(next, cached?.next ?? 0), trustedUntil });
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
