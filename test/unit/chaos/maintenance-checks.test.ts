import { describe, expect, it } from 'vitest';
import { check, type AnomalyKind } from '../../../chaos/checker.ts';
import type { LogStartOp, MaintenanceLeftOp, MaintenanceOp, Op, Outcome, PollOp, ReadRecord, SendOp } from '../../../chaos/history.ts';
import { expectedFingerprint, fingerprint, headersOf, keyOf } from '../../../chaos/record-bytes.ts';

// What maintenance changes in the checker: records may go below the log start, and only there;
// bytes must come back as sent; offsets never go back; maintenance must refuse stale swaps and
// finish what crashes left.
let clock = 0;
const TS = 1_700_000_000_000;

function send(process: string, values: Array<[string, number, number]>, outcome: Outcome = 'ok'): SendOp {
  const t = ++clock;
  return {
    type: 'send', process, invokeTime: t, completeTime: t + 0.5, outcome, attempts: 1, timestamp: TS,
    values: values.map(([value, partition]) => ({ value, partition })), offsets: Object.fromEntries(values.map(([v, , o]) => [v, o])),
  };
}

/** A poll whose records carry the bytes they were sent with, unless given otherwise. */
function poll(process: string, partition: number, from: number, records: Array<[number, string, string?]>, extra: Partial<PollOp> = {}): PollOp {
  const t = ++clock;
  const read: ReadRecord[] = records.map(([o, v, fp]) => [o, v, fp ?? expectedFingerprint(v, TS)]);
  return { type: 'poll', process, invokeTime: t, completeTime: t + 0.5, outcome: 'ok', partition, from, records: read, ...extra };
}

function logStart(partition: number, offset: number, process = 'admin', requested = offset): LogStartOp {
  const t = ++clock;
  return { type: 'log-start', process, invokeTime: t, completeTime: t + 0.5, outcome: 'ok', partition, requested, offset };
}

function found(ops: Op[]): Partial<Record<AnomalyKind, number>> {
  return Object.fromEntries(Object.entries(check(ops).counts).filter(([, n]) => n > 0));
}

describe('the checker with maintenance', () => {
  it('lets records go unread below the log start, and counts them as expired', () => {
    const ops = [
      send('p0', [['a', 0, 0], ['b', 0, 1], ['c', 0, 2]]),
      logStart(0, 2),
      poll('c0', 0, 0, [], { reset: 2 }),
      poll('c0', 0, 2, [[2, 'c']]),
      logStart(0, 2, 'final'),
      poll('final', 0, 2, [[2, 'c']]),
    ];
    expect(found(ops)).toEqual({});
    expect(check(ops).stats.expired).toBe(2);
    expect(check(ops).stats.logStarts).toEqual({ 0: 2 });
  });

  it('reports a record read during the run but missing from the final read as lost, unless below the log start', () => {
    const during = [
      send('p0', [['a', 0, 0], ['b', 0, 1], ['c', 0, 2]]),
      poll('c0', 0, 0, [[0, 'a'], [1, 'b'], [2, 'c']]),
    ];
    // Its bytes deleted since (a collector that missed a reference): the final read fails there.
    const failed = poll('final', 0, 0, [], { outcome: 'fail', error: 'NoSuchKey' });
    expect(found([...during, logStart(0, 0, 'final'), failed, poll('final', 0, 1, [[1, 'b'], [2, 'c']])])).toEqual({ 'lost-write': 1 });
    // Gone below a log start that moved past it: allowed.
    expect(found([...during, logStart(0, 1, 'final'), poll('final', 0, 1, [[1, 'b'], [2, 'c']])])).toEqual({});
    // No final read in the history (a history cut short): nothing to judge durability by.
    expect(found(during)).toEqual({});
  });

  it('reports a record missing at or above the log start as lost, and a jump over it as a skip', () => {
    const ops = [
      send('p0', [['a', 0, 0], ['b', 0, 1], ['c', 0, 2], ['d', 0, 3]]),
      logStart(0, 1),
      poll('c0', 0, 1, [[1, 'b'], [3, 'd']]),
      logStart(0, 1, 'final'),
      poll('final', 0, 1, [[1, 'b'], [3, 'd']]),
    ];
    expect(found(ops)).toEqual({ 'lost-write': 1, 'poll-skip': 2 });
  });

  it('does not excuse a jump over offsets above where the log start ever was', () => {
    const ops = [
      send('p0', [['a', 0, 0], ['b', 0, 1], ['c', 0, 2]]),
      poll('c0', 0, 0, [[0, 'a']]),
      // Moved up to the log start it was told of, and read on from there.
      poll('c0', 0, 0, [], { reset: 1 }),
      poll('c0', 0, 1, [[1, 'b'], [2, 'c']]),
      poll('final', 0, 1, [[1, 'b'], [2, 'c']]),
    ];
    expect(found(ops)).toEqual({});
    // Past the log start it was told of: offset 1 was still there.
    const past = [
      send('p0', [['a', 0, 0], ['b', 0, 1], ['c', 0, 2]]),
      poll('c0', 0, 0, [], { reset: 1 }),
      poll('c0', 0, 2, [[2, 'c']]),
      poll('final', 0, 1, [[1, 'b'], [2, 'c']]),
    ];
    expect(found(past)).toEqual({ 'poll-skip': 1 });
    const skipping = [
      send('p0', [['a', 0, 0], ['b', 0, 1], ['c', 0, 2]]),
      poll('c0', 0, 0, [[0, 'a']]),
      poll('c0', 0, 1, [[2, 'c']]),
      poll('final', 0, 0, [[0, 'a'], [1, 'b'], [2, 'c']]),
    ];
    expect(found(skipping)).toEqual({ 'poll-skip': 1 });
  });

  it('reports a record read with other bytes than it was sent with', () => {
    const wrongKey = fingerprint(TS, 'k:other', headersOf('b'));
    const wrongTime = fingerprint(TS + 1, keyOf('c'), headersOf('c'));
    const ops = [
      send('p0', [['a', 0, 0], ['b', 0, 1], ['c', 0, 2]]),
      poll('final', 0, 0, [[0, 'a'], [1, 'b', wrongKey], [2, 'c', wrongTime]]),
    ];
    expect(found(ops)).toEqual({ 'corrupt-read': 2 });
    // Headers count: a missing header is other bytes.
    expect(fingerprint(TS, keyOf('a'), headersOf('a').slice(0, 1))).not.toBe(expectedFingerprint('a', TS));
  });

  it('reports an offset given out below a log start in place before the send began (offsets restarted after an expiry)', () => {
    const ops = [
      send('p0', [['a', 0, 0], ['b', 0, 1]]),
      logStart(0, 2),
      send('p1', [['c', 0, 0]]),
      poll('final', 0, 0, [[0, 'c']]),
    ];
    expect(found(ops)).toMatchObject({ 'offset-regression': 1 });
    const continuing = [send('p0', [['a', 0, 0], ['b', 0, 1]]), logStart(0, 2), send('p1', [['c', 0, 2]]), logStart(0, 2, 'final'), poll('final', 0, 2, [[2, 'c']])];
    expect(found(continuing)).toEqual({});
  });

  it('reports a swap accepted after the lease was lost, and work the last passes left undone', () => {
    const t = ++clock;
    const pass = (swaps: MaintenanceOp['swapsAfterLeaseLost']): MaintenanceOp => ({
      type: 'maintenance', process: 'm#1', invokeTime: t, completeTime: t + 1, outcome: 'ok', segments: 1, entriesMerged: 3,
      logStartsAdvanced: 0, entriesDeleted: 2, cleanupsFinished: 0, swapsRefused: 1, objectsDeleted: 0, ...(swaps ? { swapsAfterLeaseLost: swaps } : {}),
    });
    const left = (l: Partial<MaintenanceLeftOp>): MaintenanceLeftOp => ({
      type: 'maintenance-left', process: 'final', invokeTime: t, completeTime: t, outcome: 'ok', partition: 0, cleanupPending: false, overlapping: 0, expiredEntries: 0, ...l,
    });
    expect(found([pass([{ detail: 'swap 0@0+3', accepted: false }]), left({})])).toEqual({});
    expect(found([pass([{ detail: 'swap 0@0+3', accepted: true }])])).toEqual({ 'stale-swap': 1 });
    expect(found([left({ cleanupPending: true }), left({ partition: 1, overlapping: 2 }), left({ partition: 2, expiredEntries: 1 })])).toEqual({ 'unfinished-maintenance': 3 });
  });
});
