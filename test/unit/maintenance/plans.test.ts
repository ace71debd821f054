import { describe, expect, it } from 'vitest';
import type { IndexEntry, TopicRecord } from '../../../shared/log/ports.ts';
import { planSegments } from '../../../shared/maintenance/merge-plan.ts';
import { buildSegment } from '../../../shared/maintenance/segment-builder.ts';

const topic = (configs: Record<string, string> = {}): TopicRecord => ({ name: 't', id: 'id', partitions: 1, configs, createdAt: 0, version: 1 });
const entry = (baseOffset: number, count: number, appendTime: number, byteLength = 100): IndexEntry => ({
  topicId: 'id', partition: 0, baseOffset, count, objectKey: `o${baseOffset}`, byteStart: 0, byteLength, maxTimestamp: appendTime + 1, appendTime,
});
const log = (n: number, appendTime = 0, size = 100) => Array.from({ length: n }, (_, i) => entry(i * 2, 2, appendTime + i, size));

describe('planSegments', () => {
  const now = 1_000_000;
  it('cuts segments of at least segment.bytes, and merges a short tail only once it is older than segment.ms', () => {
    const plan = planSegments(topic({ 'segment.bytes': '350', 'segment.ms': '600000' }), log(10), 0, 0, now, 0);
    expect(plan.map((s) => s.length)).toEqual([4, 4, 2]);
    const young = planSegments(topic({ 'segment.bytes': '350', 'segment.ms': '600000' }), log(10, now - 1000), 0, 0, now, 0);
    expect(young.map((s) => s.length)).toEqual([4, 4]);
  });

  it('takes only entries older than the delete delay, contiguous from where merging stopped', () => {
    const entries = log(6, now - 10);
    expect(planSegments(topic({ 'segment.ms': '1000' }), entries, 0, 0, now + 2000, 5000)).toEqual([]);
    const gap = [entry(0, 2, 0), entry(2, 2, 1), entry(6, 2, 2)];
    expect(planSegments(topic({ 'segment.ms': '1000' }), gap, 0, 0, now, 0)).toEqual([[gap[0], gap[1]]]);
    // Merging stopped at 4 but the head starts at 6: something is missing; nothing is merged.
    expect(planSegments(topic({ 'segment.ms': '1000' }), [entry(6, 2, 0)], 4, 0, now, 0)).toEqual([]);
    // ...unless what lay between went below the log start.
    expect(planSegments(topic({ 'segment.ms': '1000' }), [entry(6, 2, 0)], 4, 6, now, 0)).toEqual([[entry(6, 2, 0)]]);
  });
});

describe('buildSegment', () => {
  it('concatenates whole entries in order and indexes chunks of whole entries', () => {
    const entries = [entry(0, 3, 1, 100), entry(3, 1, 2, 300), entry(4, 2, 3, 50), entry(6, 2, 4, 60)];
    const bytes = new Map(entries.map((e, i) => [e, Buffer.alloc(e.byteLength, i)]));
    const built = buildSegment(entries, (e) => bytes.get(e)!, 250);
    expect(built.bytes.length).toBe(510);
    expect(built.bytes.subarray(100, 400).every((b) => b === 1)).toBe(true);
    // At most 250 bytes a chunk: the 300-byte entry alone, and the chunk before it closed early.
    expect(built.chunks).toEqual([
      { baseOffset: 0, count: 3, byteStart: 0, byteLength: 100, maxTimestamp: 2 },
      { baseOffset: 3, count: 1, byteStart: 100, byteLength: 300, maxTimestamp: 3 },
      { baseOffset: 4, count: 4, byteStart: 400, byteLength: 110, maxTimestamp: 5 },
    ]);
    // Entries that fit exactly fill a chunk: a budget of whole intervals takes whole chunks.
    const even = [entry(0, 1, 1, 125), entry(1, 1, 1, 125), entry(2, 1, 1, 125)];
    expect(buildSegment(even, (e) => Buffer.alloc(e.byteLength), 250).chunks.map((c) => c.byteLength)).toEqual([250, 125]);
    expect(built).toMatchObject({ baseOffset: 0, count: 8, maxTimestamp: 5, appendTime: 4 });
    expect(() => buildSegment([entries[0]!, entries[2]!], (e) => bytes.get(e)!, 250)).toThrow(/contiguous/);
  });
});
