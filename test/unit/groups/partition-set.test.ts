import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePartitionSet, decodeRanges, encodePartitionSet, encodeRanges, fromKeys, fromList, toKeys, toList,
} from '../../../shared/groups/partition-set.ts';

describe('partition sets', () => {
  it('write runs of partitions as ranges', () => {
    expect(encodeRanges([7, 0, 1, 2, 3, 9, 10])).toBe('0-3,7,9-10');
    expect(decodeRanges('0-3,7,9-10')).toEqual([0, 1, 2, 3, 7, 9, 10]);
    expect(encodeRanges([])).toBe('');
  });

  it('round-trip any set of topics and partitions through their text form', () => {
    const topic = fc.stringMatching(/^[a-zA-Z0-9._-]{1,20}$/);
    fc.assert(
      fc.property(fc.dictionary(topic, fc.uniqueArray(fc.nat(4095), { minLength: 1, maxLength: 50 })), (raw) => {
        const set = fromList(Object.entries(raw).map(([t, partitions]) => ({ topic: t, partitions })));
        expect(decodePartitionSet(encodePartitionSet(set))).toEqual(set);
        expect(fromKeys(toKeys(set))).toEqual(set);
      }),
    );
  });

  it('list topics in name order with sorted, unique partitions', () => {
    expect(toList(fromList([{ topic: 'b', partitions: [3, 1, 3] }, { topic: 'a', partitions: [2] }, { topic: 'c', partitions: [] }]))).toEqual([
      { topic: 'a', partitions: [2] },
      { topic: 'b', partitions: [1, 3] },
    ]);
  });
});
