import { describe, expect, it } from 'vitest';
import { Appender } from '../../../shared/log/append.ts';
import type { BatchIndex, CommitOutcome, IndexEntry } from '../../../shared/log/ports.ts';

/** An index kept in a Map: enough to check the appender's offset logic as a pure unit. */
class MapIndex implements BatchIndex {
  readonly entries = new Map<number, IndexEntry>();
  commits = 0;
  async commit(e: IndexEntry): Promise<CommitOutcome> {
    this.commits++;
    const holder = this.entries.get(e.baseOffset);
    if (holder) return { committed: false, holder };
    this.entries.set(e.baseOffset, e);
    return { committed: true };
  }
  async commitWithProducer(): Promise<never> {
    throw new Error('not used by these tests');
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
}

const range = (count: number) => ({ topicId: 't', partition: 0, count, objectKey: 'o', byteStart: 0, byteLength: 1, maxTimestamp: 0, appendTime: 0 });

describe('appender', () => {
  it('commits in one write once it knows the next offset', async () => {
    const index = new MapIndex();
    const a = new Appender(index);
    expect((await a.commit(range(3))).baseOffset).toBe(0);
    const before = index.commits;
    expect((await a.commit(range(2))).baseOffset).toBe(3);
    expect(index.commits - before).toBe(1);
  });

  it('walks past entries other writers committed, leaving no hole', async () => {
    const index = new MapIndex();
    const mine = new Appender(index);
    const other = new Appender(index);
    await mine.commit(range(1));
    for (let i = 0; i < 10; i++) await other.commit(range(2));
    const e = await mine.commit(range(1));
    expect(e.baseOffset).toBe(21);
    const offsets = [...index.entries.values()].sort((x, y) => x.baseOffset - y.baseOffset);
    let next = 0;
    for (const x of offsets) {
      expect(x.baseOffset).toBe(next);
      next += x.count;
    }
  });

  it('recognizes its own earlier write when a lost answer made the client retry it', async () => {
    const index = new MapIndex();
    const commit = index.commit.bind(index);
    // The put succeeds, its answer is lost, and the storage client's retry meets its own item.
    index.commit = async (e) => {
      await commit(e);
      return commit(e);
    };
    const a = new Appender(index);
    const first = await a.commit(range(2));
    expect(first.baseOffset).toBe(0);
    expect(index.entries.size).toBe(1);
    expect((await a.commit(range(1))).baseOffset).toBe(2);
    expect([...index.entries.keys()]).toEqual([0, 2]);
  });

  it('gives up with a retriable CONCURRENT_APPEND when it never wins', async () => {
    const index = new MapIndex();
    index.commit = async () => ({ committed: false });
    const a = new Appender(index, { maxAttempts: 5 });
    await expect(a.commit(range(1))).rejects.toMatchObject({ code: 'CONCURRENT_APPEND', retriable: true });
  });
});
