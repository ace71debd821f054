import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../../shared/log/ports.ts';
import { planReads } from '../../../shared/log/ranges.ts';

const entry = (objectKey: string, byteStart: number, byteLength: number, partition = 0): IndexEntry => ({
  topicId: 't',
  partition,
  baseOffset: 0,
  count: 1,
  objectKey,
  byteStart,
  byteLength,
  maxTimestamp: 0,
  appendTime: 0,
});

describe('read planning', () => {
  it('coalesces adjacent ranges of one object into one GET', () => {
    const spans = planReads([entry('a', 100, 50, 1), entry('a', 0, 100, 0), entry('b', 0, 10)]);
    expect(spans.map((s) => [s.objectKey, s.start, s.end, s.entries.length])).toEqual([
      ['a', 0, 150, 2],
      ['b', 0, 10, 1],
    ]);
  });

  it('splits ranges separated by a large gap', () => {
    const spans = planReads([entry('a', 0, 10), entry('a', 10 + 300_000, 10)], 256 * 1024);
    expect(spans).toHaveLength(2);
  });
});
