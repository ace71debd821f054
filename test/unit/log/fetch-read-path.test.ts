import { describe, expect, it } from 'vitest';
import { decodeBatches } from '../../../shared/codec/index.ts';
import { createEngine } from '../../../shared/log/engine.ts';
import { LogDouble, TOPIC } from './log-double.ts';

const all = (offsets: number[]) => offsets.map((offset, partition) => ({ topic: TOPIC.name, partition, offset }));
const baseOffsets = (b: Buffer) => decodeBatches(b).map((x) => x.header.baseOffset);

describe('fetch read path (storage double)', () => {
  it('fills a multi-partition fetch in append order and reads each object with one GET', async () => {
    const log = new LogDouble();
    for (let i = 0; i < 5; i++) log.append(1000 + i, [[0, 2], [1, 2], [2, 2], [3, 2]]);
    const entryBytes = log.entries.get(0)![0]!.byteLength;
    const out = await log.engine().fetch.fetch(all([0, 0, 0, 0]), { maxBytes: Math.floor(entryBytes * 10.5), maxWaitMs: 0 });
    // Ten entries fit: objects 1 and 2 whole, then the first two partitions of object 3.
    expect(out.map((d) => d.nextOffset)).toEqual([6, 6, 4, 4]);
    expect(log.gets.map((g) => g.key)).toEqual(['objects/0001', 'objects/0002', 'objects/0003']);
  });

  it('reads the index eventually consistently, and the log start once per cache period', async () => {
    const log = new LogDouble();
    log.append(1000, [[0, 3], [1, 3]]);
    let now = 0;
    const engine = log.engine({ now: () => now });
    await engine.fetch.fetch(all([0, 0]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    await engine.fetch.fetch(all([3, 3]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(log.reads.length).toBeGreaterThan(0);
    expect(log.reads.every((r) => r.consistency === 'eventual')).toBe(true);
    expect(log.logStartReads).toBe(1);
    now += 2_001;
    await engine.fetch.fetch(all([3, 3]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(log.logStartReads).toBe(2);
  });

  it('returns only a contiguous run from the requested offset when the index read shows a gap', async () => {
    const log = new LogDouble();
    for (let i = 0; i < 4; i++) log.append(1000 + i, [[0, 2]]);
    log.hide(0, 4); // a lagging replica shows 0-1, 2-3, 6-7 but not 4-5
    const engine = log.engine();
    const [d] = await engine.fetch.fetch(all([0]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(d!.error).toBeUndefined();
    expect(baseOffsets(d!.batches)).toEqual([0, 2]);
    expect(d!.nextOffset).toBe(4);
    log.hidden.clear();
    const [next] = await engine.fetch.fetch(all([4]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(baseOffsets(next!.batches)).toEqual([4, 6]);
  });

  it('re-reads strongly when the entry at the requested offset is not visible yet, and serves it', async () => {
    const log = new LogDouble();
    for (let i = 0; i < 3; i++) log.append(1000 + i, [[0, 2]]);
    log.hide(0, 2);
    const [d] = await log.engine().fetch.fetch(all([2]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(d!.error).toBeUndefined();
    expect(baseOffsets(d!.batches)).toEqual([2, 4]);
    expect(log.reads.some((r) => r.consistency === 'strong')).toBe(true);
  });

  it('never answers OFFSET_OUT_OF_RANGE from a lagging read: it re-reads strongly first', async () => {
    const log = new LogDouble();
    for (let i = 0; i < 3; i++) log.append(1000 + i, [[0, 2]]);
    log.hide(0, 2);
    log.hide(0, 4); // the eventually consistent high watermark is 2; the true one is 6
    const engine = log.engine();
    const [atEnd] = await engine.fetch.fetch(all([6]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(atEnd!.error).toBeUndefined();
    expect(atEnd).toMatchObject({ highWatermark: 6, nextOffset: 6 });
    expect(atEnd!.batches.length).toBe(0);
    const strongReads = log.reads.filter((r) => r.consistency === 'strong').length;
    expect(strongReads).toBeGreaterThan(0);
    const [beyond] = await engine.fetch.fetch(all([7]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(beyond!.error?.toBody().error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', highWatermark: 6, logStartOffset: 0 });
    expect(log.reads.filter((r) => r.consistency === 'strong').length).toBeGreaterThan(strongReads);
  });

  it('re-checks the log start before answering below it, even within the cache period', async () => {
    const log = new LogDouble();
    for (let i = 0; i < 5; i++) log.append(1000 + i, [[0, 2]]);
    const engine = log.engine({ now: () => 0 });
    await engine.fetch.fetch(all([0]), { maxBytes: 1 << 20, maxWaitMs: 0 }); // caches log start 0
    log.retain(0, 4);
    // At or above the cached start: the dropped entries show as a gap, which sends it to re-check.
    const [stale] = await engine.fetch.fetch(all([2]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(stale!.error?.toBody().error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', logStartOffset: 4, highWatermark: 10 });
    // Below the cached start (now 4): re-read again, and answered with the newest start.
    log.retain(0, 6);
    const reads = log.logStartReads;
    const [below] = await engine.fetch.fetch(all([2]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(log.logStartReads).toBe(reads + 1);
    expect(below!.error?.toBody().error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', logStartOffset: 6 });
    const [ok] = await engine.fetch.fetch(all([6]), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(baseOffsets(ok!.batches)).toEqual([6, 8]);
  });
});

describe('fetch long-poll rounds', () => {
  it('re-reads a caught-up partition with one forward Query per round, and serves what lands meanwhile', async () => {
    const log = new LogDouble();
    log.append(1000, [[0, 2], [1, 2]]);
    let now = 0;
    let rounds = 0;
    const engine = createEngine(log.storage(), {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
        if (++rounds === 4) log.append(2000, [[1, 3]]);
      },
    });
    const readsBefore = log.reads.length;
    const out = await engine.fetch.fetch(all([2, 2]), { maxBytes: 1 << 20, maxWaitMs: 5_000 });
    expect(out[0]!.batches.length).toBe(0);
    expect(baseOffsets(out[1]!.batches)).toEqual([2]);
    expect(out[1]!.nextOffset).toBe(5);
    // First pass: forward + latest for each partition; then one forward Query per partition per round.
    const pollReads = log.reads.slice(readsBefore + 4);
    expect(rounds).toBe(4);
    expect(pollReads.filter((r) => r.op === 'latest')).toEqual([]);
    expect(pollReads.filter((r) => r.op === 'after')).toHaveLength(2 * 4);
  });

  it('reads on inside a segment it met with one Query per fetch, each chunk once', async () => {
    const log = new LogDouble();
    for (let i = 0; i < 12; i++) log.append(1000 + i, [[0, 2]]);
    log.merge(0, 2);
    const chunkBytes = log.entries.get(0)![0]!.chunks![0]!.byteLength;
    const engine = log.engine();
    const fetched: number[] = [];
    let offset = 0;
    const queries: number[] = [];
    while (offset < 24) {
      const before = log.reads.length;
      const [d] = await engine.fetch.fetch([{ topic: TOPIC.name, partition: 0, offset }], { maxBytes: chunkBytes * 2, maxWaitMs: 0 });
      queries.push(log.reads.length - before);
      fetched.push(...baseOffsets(d!.batches));
      expect(d!.highWatermark).toBe(24);
      offset = d!.nextOffset;
    }
    // Every batch once, in order, with its real base offset.
    expect(fetched).toEqual(Array.from({ length: 12 }, (_, i) => 2 * i));
    // The first fetch starts at the segment's base (one Query); the later ones start inside it:
    // without the segment's base known, each would need a second Query to find it.
    expect(queries).toEqual([1, 1, 1]);
    expect(log.gets.every((g) => g.key.startsWith('segments/'))).toBe(true);
    expect(log.gets.reduce((n, g) => n + g.length, 0)).toBe(log.entries.get(0)![0]!.byteLength);
  });

  it('goes the usual way when the segment it met is gone, and serves the same records', async () => {
    const log = new LogDouble();
    for (let i = 0; i < 6; i++) log.append(1000 + i, [[0, 2]]);
    const entries = [...log.entries.get(0)!];
    log.merge(0, 1);
    const engine = log.engine();
    const [first] = await engine.fetch.fetch([{ topic: TOPIC.name, partition: 0, offset: 0 }], { maxBytes: 1, maxWaitMs: 0 });
    expect(first!.nextOffset).toBe(2);
    // The segment is replaced by the original entries again (as if its swap were undone): the
    // Query from its base offset shows no segment; the fetch finds the covering entry anyway.
    log.entries.set(0, entries);
    const [next] = await engine.fetch.fetch([{ topic: TOPIC.name, partition: 0, offset: 3 }], { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(baseOffsets(next!.batches)).toEqual([2, 4, 6, 8, 10]);
    expect(next!.nextOffset).toBe(12);
  });

  it('reads a long merged log a few segment items at a time, with the high watermark from the latest entry', async () => {
    const log = new LogDouble();
    for (let i = 0; i < 60; i++) log.append(1000 + i, [[0, 1]]);
    for (let i = 0; i < 20; i++) log.merge(0, 1, 3);
    const segmentBytes = log.entries.get(0)![0]!.byteLength;
    const engine = log.engine();
    const fetched: number[] = [];
    let offset = 1;
    const reads: Array<typeof log.reads> = [];
    while (offset < 60) {
      const before = log.reads.length;
      const [d] = await engine.fetch.fetch([{ topic: TOPIC.name, partition: 0, offset }], { maxBytes: segmentBytes, maxWaitMs: 0 });
      reads.push(log.reads.slice(before));
      fetched.push(...baseOffsets(d!.batches).filter((b) => b >= offset));
      expect(d!.highWatermark).toBe(60);
      offset = d!.nextOffset;
    }
    expect(fetched).toEqual(Array.from({ length: 59 }, (_, i) => i + 1));
    // Inside a segment met before: one Query from its base of at most 8 items, and while 8 more
    // follow, the latest entry for the high watermark; never a page of 100 segment items.
    for (const r of reads.slice(1)) {
      const forward = r.filter((x) => x.op === 'after');
      expect(forward.length).toBeGreaterThan(0);
      for (const x of forward) expect(x.limit).toBeLessThanOrEqual(8);
      expect(r.length).toBeLessThanOrEqual(2);
    }
  });
});
