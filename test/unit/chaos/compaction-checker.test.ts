import { describe, expect, it } from 'vitest';
import { checkCompaction, type CompactionHistory, type CompactionWrite, type ReadRecord } from '../../../chaos/compaction-checker.ts';

const w = (offset: number | undefined, key: string, value: string | null, invokeTime: number, completeTime = invokeTime + 1): CompactionWrite => ({
  process: 'p0', key, value, invokeTime, completeTime, ...(offset !== undefined ? { offset } : {}),
});
const rec = (offset: number, key: string, value: string | null): ReadRecord => ({ offset, key, value });

/** k1 written twice, k2 once then deleted. */
const WRITES = [w(0, 'k1', 'a', 0), w(1, 'k2', 'b', 10), w(2, 'k1', 'c', 20), w(3, 'k2', null, 30)];

function history(reads: CompactionHistory['reads'], extra: Partial<CompactionHistory> = {}): CompactionHistory {
  return { writes: WRITES, reads, deleteRetentionMs: 2_000, ...extra };
}

function kinds(h: CompactionHistory) {
  const c = checkCompaction(h);
  return Object.entries(c.counts).filter(([, n]) => n > 0).map(([k]) => k);
}

describe('the compacted-topic checker', () => {
  it('accepts a full read, and a read without what later records of the key superseded', () => {
    const full = [rec(0, 'k1', 'a'), rec(1, 'k2', 'b'), rec(2, 'k1', 'c'), rec(3, 'k2', null)];
    const compacted = [rec(2, 'k1', 'c'), rec(3, 'k2', null)];
    const c = checkCompaction(history([
      { process: 'r0', startTime: 100, endTime: 110, records: full },
      { process: 'r0', startTime: 200, endTime: 210, records: compacted },
    ]));
    expect(c.ok).toBe(true);
    expect(c.stats.compactedAwaySeen).toBe(2);
  });

  it('flags a record read at an offset with another key or value, or at an offset never written', () => {
    expect(kinds(history([{ process: 'r0', startTime: 100, endTime: 110, records: [rec(0, 'k1', 'x'), rec(1, 'k2', 'b'), rec(2, 'k1', 'c'), rec(3, 'k2', null)] }])))
      .toEqual(['invented-record']);
    expect(kinds(history([{ process: 'r0', startTime: 100, endTime: 110, records: [rec(2, 'k1', 'c'), rec(3, 'k2', null), rec(9, 'k1', 'z')] }])))
      .toEqual(['invented-record']);
    // The value of offset 2 at offset 0: the key matches, the record does not.
    expect(kinds(history([{ process: 'r0', startTime: 100, endTime: 110, records: [rec(0, 'k1', 'c'), rec(2, 'k1', 'c'), rec(3, 'k2', null)] }])))
      .toEqual(['invented-record']);
  });

  it('flags offsets going backwards within a read', () => {
    expect(kinds(history([{ process: 'r0', startTime: 100, endTime: 110, records: [rec(2, 'k1', 'c'), rec(3, 'k2', null), rec(3, 'k2', null)] }])))
      .toEqual(['offset-order']);
  });

  it('flags the latest record of a key missing from a read that started after its acknowledgement', () => {
    expect(kinds(history([{ process: 'r0', startTime: 100, endTime: 110, records: [rec(3, 'k2', null)] }]))).toEqual(['lost-record']);
    // Not acknowledged yet when the read started: it may be missing.
    expect(kinds(history([{ process: 'r0', startTime: 15, endTime: 16, records: [rec(0, 'k1', 'a'), rec(1, 'k2', 'b')] }]))).toEqual([]);
  });

  it('lets a record go only for a later record of its key written before the read ended', () => {
    // k1@0 missing from a read that ended before k1@2 was written: lost.
    const writes = [w(0, 'k1', 'a', 0), w(1, 'k2', 'b', 10), w(2, 'k1', 'c', 500)];
    expect(kinds({ writes, deleteRetentionMs: 2_000, reads: [{ process: 'r0', startTime: 100, endTime: 200, records: [rec(1, 'k2', 'b')] }] }))
      .toEqual(['lost-record']);
    // A later write in flight, never seen, may have committed and been compacted away: it excuses.
    const inFlight = [...writes.slice(0, 2), w(undefined, 'k1', 'c', 50, 60)];
    expect(kinds({ writes: inFlight, deleteRetentionMs: 2_000, reads: [{ process: 'r0', startTime: 100, endTime: 200, records: [rec(1, 'k2', 'b')] }] }))
      .toEqual([]);
  });

  it('lets a tombstone go only once delete.retention.ms may have run out', () => {
    const early = [rec(2, 'k1', 'c')];
    expect(kinds(history([{ process: 'r0', startTime: 100, endTime: 110, records: early }]))).toEqual(['lost-record']);
    expect(kinds(history([{ process: 'r0', startTime: 3_000, endTime: 3_010, records: early }]))).toEqual([]);
  });

  it('places an in-flight write where a read shows it, and checks it there', () => {
    const writes = [...WRITES, w(undefined, 'k3', 'd', 40, 50)];
    const records = [rec(2, 'k1', 'c'), rec(3, 'k2', null), rec(4, 'k3', 'd')];
    const c = checkCompaction({ writes, deleteRetentionMs: 2_000, reads: [{ process: 'r0', startTime: 100, endTime: 110, records }] });
    expect(c.ok).toBe(true);
    expect(c.stats.inFlightSeen).toBe(1);
    const wrongKey = [rec(2, 'k1', 'c'), rec(3, 'k2', null), rec(4, 'k9', 'd')];
    expect(kinds({ writes, deleteRetentionMs: 2_000, reads: [{ process: 'r0', startTime: 100, endTime: 110, records: wrongKey }] })).toEqual(['invented-record']);
  });

  describe('at the end', () => {
    const final = (records: ReadRecord[], extra: Partial<NonNullable<CompactionHistory['final']>> = {}) =>
      history([], { final: { time: 10_000, records, cleanedTo: 4, ...extra } });

    it('accepts every key once with its latest value, a deleted key gone', () => {
      expect(kinds(final([rec(2, 'k1', 'c')], { tombstonesGoneBefore: 5_000 }))).toEqual([]);
      // The tombstone still there is right unless it had time to expire.
      expect(kinds(final([rec(2, 'k1', 'c'), rec(3, 'k2', null)]))).toEqual([]);
    });

    it('flags a key twice in the compacted part', () => {
      expect(kinds(final([rec(0, 'k1', 'a'), rec(2, 'k1', 'c')]))).toEqual(['final-duplicate-key']);
      // Above the checkpoint (not compacted yet), twice is allowed.
      expect(kinds(final([rec(0, 'k1', 'a'), rec(2, 'k1', 'c')], { cleanedTo: 1 }))).toEqual([]);
    });

    it('flags an older value as the latest, a deleted key with a value, a missing key, a kept tombstone', () => {
      expect(kinds(final([rec(0, 'k1', 'a')]))).toEqual(['final-wrong-value']);
      expect(kinds(final([rec(1, 'k2', 'b'), rec(2, 'k1', 'c')]))).toEqual(['final-wrong-value']);
      expect(kinds(final([]))).toEqual(['final-missing-key']);
      expect(kinds(final([rec(2, 'k1', 'c'), rec(3, 'k2', null)], { tombstonesGoneBefore: 5_000 }))).toEqual(['final-tombstone-kept']);
    });
  });
});
