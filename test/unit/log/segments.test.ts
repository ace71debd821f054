import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../../shared/log/ports.ts';
import { coverFrom, expandEntry, withoutOverlaps } from '../../../shared/log/segments.ts';
import { decodeChunks, encodeChunks } from '../../../shared/storage/segment-chunks.ts';

const entry = (baseOffset: number, count: number, extra: Partial<IndexEntry> = {}): IndexEntry => ({
  topicId: 't', partition: 0, baseOffset, count, objectKey: `o${baseOffset}`, byteStart: 0, byteLength: count * 10, maxTimestamp: baseOffset, appendTime: 1, ...extra,
});

const segment: IndexEntry = {
  ...entry(100, 30, { objectKey: 'segments/s', byteStart: 0, byteLength: 300 }),
  chunks: [
    { baseOffset: 100, count: 10, byteStart: 0, byteLength: 100, maxTimestamp: 5 },
    { baseOffset: 110, count: 15, byteStart: 100, byteLength: 150, maxTimestamp: 9 },
    { baseOffset: 125, count: 5, byteStart: 250, byteLength: 50, maxTimestamp: 7 },
  ],
};

describe('segment chunks', () => {
  it('round-trip through the binary index, timestamps going back and forth included', () => {
    const chunks = [
      { baseOffset: 7, count: 1, byteStart: 0, byteLength: 70, maxTimestamp: 1_700_000_000_000 },
      { baseOffset: 8, count: 300, byteStart: 70, byteLength: 262_144, maxTimestamp: 1_600_000_000_000 },
      { baseOffset: 308, count: 2, byteStart: 262_214, byteLength: 5, maxTimestamp: -1 },
    ];
    const bytes = encodeChunks(chunks);
    expect(bytes.length).toBeLessThan(3 * 10);
    expect(decodeChunks(bytes, 7)).toEqual(chunks);
    expect(() => decodeChunks(Buffer.from([0x80]), 0)).toThrow();
  });

  it('expand into entries of the segment object, one per chunk', () => {
    expect(expandEntry(segment).map((e) => [e.baseOffset, e.count, e.objectKey, e.byteStart, e.byteLength])).toEqual([
      [100, 10, 'segments/s', 0, 100],
      [110, 15, 'segments/s', 100, 150],
      [125, 5, 'segments/s', 250, 50],
    ]);
    expect(expandEntry(entry(3, 2))).toEqual([entry(3, 2)]);
    expect(expandEntry(entry(3, 2, { objectKey: '', byteLength: 0 }))).toEqual([]);
    expect(coverFrom(segment, 112).map((e) => e.baseOffset)).toEqual([110, 125]);
    expect(coverFrom(segment, 130)).toEqual([]);
  });

  it('drop entries a swap replaced but has not deleted yet, keeping one contiguous run', () => {
    const replaced = [entry(100, 4), entry(104, 6), entry(110, 7), entry(117, 8), entry(125, 5)];
    const after = entry(130, 3);
    const mixed = withoutOverlaps([...replaced, ...expandEntry(segment), after]);
    expect(mixed.map((e) => [e.baseOffset, e.count])).toEqual([
      [100, 10],
      [110, 15],
      [125, 5],
      [130, 3],
    ]);
    // Only the replaced ones left past a point: the reader switches between them at chunk bounds.
    const late = withoutOverlaps([entry(117, 8), entry(125, 5), after], 117);
    expect(late.map((e) => e.baseOffset)).toEqual([117, 125, 130]);
    expect(withoutOverlaps([entry(117, 8), entry(125, 5)], 125).map((e) => e.baseOffset)).toEqual([125]);
  });
});
