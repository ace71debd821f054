import { describe, expect, it } from 'vitest';
import { Appender } from '../../../shared/log/append.ts';
import type { BatchIndex, CommitOutcome, IndexEntry, PartitionStateStore } from '../../../shared/log/ports.ts';

/** An index in a Map whose entries maintenance may delete, with a log start beside it. */
class DeletableIndex implements BatchIndex {
  readonly entries = new Map<number, IndexEntry>();
  logStart = 0;
  async commit(e: IndexEntry): Promise<CommitOutcome> {
    const holder = this.entries.get(e.baseOffset);
    if (holder) return { committed: false, holder };
    this.entries.set(e.baseOffset, e);
    return { committed: true };
  }
  async commitWithProducer(): Promise<never> {
    throw new Error('not used');
  }
  async latest() {
    return [...this.entries.values()].sort((a, b) => b.baseOffset - a.baseOffset)[0];
  }
  async floor() {
    return undefined;
  }
  async after() {
    return [];
  }
  async firstAtOrAfterTime() {
    return undefined;
  }
  /** Retention: the log start moves first, then the entries behind it go. */
  expireTo(offset: number): void {
    this.logStart = offset;
    for (const [k, e] of this.entries) if (e.baseOffset + e.count <= offset) this.entries.delete(k);
  }
  states(): PartitionStateStore {
    return { logStartOffsets: async (_t, ps) => new Map(ps.map((p) => [p, this.logStart])) };
  }
}

const range = (count: number, appendTime: number) => ({ topicId: 't', partition: 0, count, objectKey: `o${appendTime}`, byteStart: 0, byteLength: 1, maxTimestamp: appendTime, appendTime });

function offsetsUnique(index: DeletableIndex): void {
  const seen = new Set<number>();
  for (const e of index.entries.values()) for (let o = e.baseOffset; o < e.baseOffset + e.count; o++) {
    expect(seen.has(o)).toBe(false);
    seen.add(o);
  }
}

describe('appender and deleted entries', () => {
  it('does not reuse the offsets of entries deleted behind a stale guess once the guess is older than its trust', async () => {
    let clock = 1_000_000;
    const index = new DeletableIndex();
    const now = () => clock;
    const stale = new Appender(index, { partitions: index.states(), guessTrustMs: 1000, now });
    const other = new Appender(index, { partitions: index.states(), guessTrustMs: 1000, now });
    await stale.commit(range(5, clock)); // [0, 5): the stale appender now guesses 5
    clock += 10;
    for (let i = 0; i < 5; i++) await other.commit(range(10, clock)); // [5, 55)
    // Time passes beyond the delete delay; retention expires everything below 55, entries go.
    clock += 5000;
    index.expireTo(55);
    const e = await stale.commit(range(1, clock));
    // Without the rule the stale guess 5 would have been free again, and offsets 5.. given twice.
    expect(e.baseOffset).toBe(55);
    offsetsUnique(index);
  });

  it('takes the log start as the end when every entry is gone', async () => {
    const index = new DeletableIndex();
    let clock = 0;
    const a = new Appender(index, { partitions: index.states(), guessTrustMs: 100, now: () => clock });
    await a.commit(range(7, 0));
    index.expireTo(7);
    clock = 1000;
    expect((await new Appender(index, { partitions: index.states(), now: () => clock }).commit(range(1, clock))).baseOffset).toBe(7);
    expect((await a.commit(range(2, clock))).baseOffset).toBe(8);
  });

  it('walks from an old holder by reading the end, not the holder\'s end', async () => {
    const index = new DeletableIndex();
    let clock = 10_000;
    const writer = new Appender(index, { partitions: index.states(), guessTrustMs: 1000, now: () => clock });
    await writer.commit(range(3, 0)); // an old entry [0, 3), appended at time 0
    index.entries.set(3, { ...range(2, 0), baseOffset: 3 });
    const fresh = new Appender(index, { partitions: index.states(), guessTrustMs: 1000, now: () => clock });
    // fresh reads the end (5) first; a conflicting write from time 0 makes it re-read, never trust 0 + 1000.
    clock = 20_000;
    expect((await fresh.commit(range(1, clock))).baseOffset).toBe(5);
    offsetsUnique(index);
  });
});
