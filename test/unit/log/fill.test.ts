import { describe, expect, it } from 'vitest';
import { fillInAppendOrder, type FillSource } from '../../../shared/log/fill.ts';
import type { IndexEntry } from '../../../shared/log/ports.ts';
import { planReads } from '../../../shared/log/ranges.ts';

/** Entries as the produce path writes them: request `o` holds one entry per partition, side by side. */
function log(partitions: number, objects: number, size = 100, count = 2): IndexEntry[][] {
  return Array.from({ length: partitions }, (_, partition) =>
    Array.from({ length: objects }, (_, o) => ({
      topicId: 't', partition, baseOffset: o * count, count,
      objectKey: `obj-${o}`, byteStart: partition * size, byteLength: size, maxTimestamp: 1000 + o, appendTime: 1000 + o,
    })),
  );
}

const sources = (lists: IndexEntry[][], maxBytes = Infinity): FillSource[] => lists.map((entries) => ({ from: 0, entries, maxBytes }));
const objectsOf = (taken: IndexEntry[][]) => [...new Set(taken.flat().map((e) => e.objectKey))].sort();

describe('filling a fetch in log-append order', () => {
  it('takes whole objects, one after another, so each is read with one GET', async () => {
    const taken = await fillInAppendOrder(sources(log(3, 4)), 650);
    // 6 entries of 100 B fit: objects 0 and 1 whole, every partition two entries, none starved.
    expect(taken.map((t) => t.map((e) => e.baseOffset))).toEqual([[0, 2], [0, 2], [0, 2]]);
    expect(objectsOf(taken)).toEqual(['obj-0', 'obj-1']);
    expect(planReads(taken.flat())).toHaveLength(2);
  });

  it('serves the partitions listed last as well as the first (request order gave partition 0 the whole budget)', async () => {
    const taken = await fillInAppendOrder(sources(log(4, 10)), 400);
    expect(taken.map((t) => t.length)).toEqual([1, 1, 1, 1]);
  });

  it('returns the first entry even if it exceeds the budget, then stops at the first that does not fit', async () => {
    const lists = log(2, 3);
    lists[0]![0] = { ...lists[0]![0]!, byteLength: 5000 };
    const big = await fillInAppendOrder(sources(lists), 1000);
    expect(big.map((t) => t.length)).toEqual([1, 0]);
    // 250 B: two entries fit; the third (100 B, earliest left) does not; the fill does not skip ahead.
    const taken = await fillInAppendOrder(sources(log(2, 3)), 250);
    expect(taken.map((t) => t.map((e) => e.objectKey))).toEqual([['obj-0'], ['obj-0']]);
  });

  it("caps a partition at its own maxBytes (its first entry excepted) while the others go on", async () => {
    const lists = log(2, 4);
    const taken = await fillInAppendOrder([{ from: 0, entries: lists[0]!, maxBytes: 50 }, { from: 0, entries: lists[1]!, maxBytes: 250 }], 10_000);
    expect(taken.map((t) => t.length)).toEqual([1, 2]);
  });

  it('keeps each partition one contiguous run from the requested offset: it stops at a gap', async () => {
    const [p0, p1] = log(2, 4);
    const withGap = p0!.filter((e) => e.baseOffset !== 4); // 0-1, 2-3, [4-5 missing], 6-7
    const taken = await fillInAppendOrder([{ from: 0, entries: withGap, maxBytes: Infinity }, { from: 0, entries: p1!, maxBytes: Infinity }], 10_000);
    expect(taken[0]!.map((e) => e.baseOffset)).toEqual([0, 2]);
    expect(taken[1]!.map((e) => e.baseOffset)).toEqual([0, 2, 4, 6]);
    // The first entry must cover the requested offset; one that starts past it is a gap too.
    const late = await fillInAppendOrder([{ from: 1, entries: p0!.slice(1), maxBytes: Infinity }], 10_000);
    expect(late).toEqual([[]]);
    const covering = await fillInAppendOrder([{ from: 3, entries: p0!.slice(1), maxBytes: Infinity }], 250);
    expect(covering[0]!.map((e) => e.baseOffset)).toEqual([2, 4]);
  });

  it('reads further pages only while the budget has room, and checks them for gaps too', async () => {
    const [p0] = log(1, 6);
    const pages: number[] = [];
    const next = async (after: number) => {
      pages.push(after);
      const rest = p0!.filter((e) => e.baseOffset > after && e.baseOffset !== 8);
      return { entries: rest.slice(0, 2), more: rest.length > 2 };
    };
    const taken = await fillInAppendOrder([{ from: 0, entries: p0!.slice(0, 2), maxBytes: Infinity, next }], 10_000);
    expect(taken[0]!.map((e) => e.baseOffset)).toEqual([0, 2, 4, 6]);
    expect(pages).toEqual([2, 6]);
    pages.length = 0;
    await fillInAppendOrder([{ from: 0, entries: p0!.slice(0, 2), maxBytes: Infinity, next }], 200);
    expect(pages).toEqual([]);
  });
});
