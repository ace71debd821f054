import { describe, expect, it } from 'vitest';
import { decodeBatches, encodeBatch } from '../../../shared/codec/index.ts';
import { chunksOf } from '../../../shared/maintenance/compaction.ts';
import { OffsetMap, SLOT_BYTES } from '../../../shared/maintenance/offset-map.ts';

const b = (s: string) => Buffer.from(s);

describe('the cleaner key map', () => {
  it('keeps the latest offset per key, and refuses new keys once full', () => {
    const map = new OffsetMap(32 * SLOT_BYTES);
    expect(map.capacity).toBe(28);
    for (let i = 0; i < 28; i++) expect(map.put(b(`k${i}`), i)).toBe(true);
    expect(map.put(b('k3'), 100)).toBe(true);
    expect(map.put(b('new'), 101)).toBe(false);
    expect(map.get(b('k3'))).toBe(100);
    expect(map.get(b('k4'))).toBe(4);
    expect(map.get(b('new'))).toBeUndefined();
    expect(map.size).toBe(28);
  });

  it('holds a million keys in its budget (about 27 bytes a key)', () => {
    const map = new OffsetMap(1_000_000 * 27);
    expect(map.capacity).toBeGreaterThanOrEqual(1_000_000);
    for (let i = 0; i < 1_000_000; i += 997) map.put(b(`user-${i}`), i);
    expect(map.get(b('user-997'))).toBe(997);
  });
});

describe('compacted batches', () => {
  it('keep their base offset, last offset delta and the surviving records\' deltas, with a valid CRC', () => {
    const batch = encodeBatch(
      [
        { key: b('a'), value: b('1'), timestamp: 10 },
        { key: b('c'), value: null, timestamp: 12, headers: [{ key: 'h', value: b('x') }] },
      ],
      { baseOffset: 100, offsetDeltas: [1, 4], lastOffsetDelta: 6, compression: 'gzip', producerId: 7, producerEpoch: 1, baseSequence: 20 },
    );
    const [decoded] = decodeBatches(batch);
    expect(decoded!.header).toMatchObject({ baseOffset: 100, lastOffsetDelta: 6, recordCount: 2, producerId: 7, baseSequence: 20, compression: 'gzip' });
    expect(decoded!.records.map((r) => [r.offset, r.key?.toString(), r.value?.toString() ?? null, r.timestamp])).toEqual([
      [101, 'a', '1', 10],
      [104, 'c', null, 12],
    ]);
    expect(() => encodeBatch([{ key: b('a'), value: b('1'), timestamp: 1 }], { offsetDeltas: [2], lastOffsetDelta: 1 })).toThrow();
    expect(() => encodeBatch([{ key: b('a'), value: b('1'), timestamp: 1 }, { key: b('b'), value: b('1'), timestamp: 1 }], { offsetDeltas: [2, 2] })).toThrow();
  });

  it('tile their segment\'s offsets with chunks, holes included, and an emptied segment keeps one chunk of no bytes', () => {
    const part = (baseOffset: number, size: number) => ({ bytes: Buffer.alloc(size), baseOffset, maxTimestamp: baseOffset });
    expect(chunksOf([part(12, 100), part(20, 200), part(40, 50)], 10, 60, 250)).toEqual([
      { baseOffset: 10, count: 10, byteStart: 0, byteLength: 100, maxTimestamp: 12 },
      { baseOffset: 20, count: 40, byteStart: 100, byteLength: 250, maxTimestamp: 40 },
    ]);
    expect(chunksOf([], 10, 60, 250)).toEqual([{ baseOffset: 10, count: 50, byteStart: 0, byteLength: 0, maxTimestamp: -1 }]);
  });
});
