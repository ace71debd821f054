import { describe, expect, it } from 'vitest';
import { check } from '../../../chaos/checker.ts';
import type { Op } from '../../../chaos/history.ts';
import { Recorder } from '../../../chaos/history.ts';
import { failingKinds, formatReport } from '../../../chaos/report.ts';
import type { RunResult } from '../../../chaos/runner.ts';

function result(ops: Op[], faults: Record<string, number> = {}): RunResult {
  return { check: check(ops), history: { meta: {}, ops, faults: [] }, faults, ops: { sends: 1, polls: 1, groupPolls: 0, catchUpPolls: 1 }, durationMs: 1234 };
}

const description = { seed: 7, mode: 'plain', target: 'engine', ops: 2, partitions: 1, producers: 1, consumers: 1, restart: false };
const dup: Op[] = [
  { type: 'send', process: 'p0', invokeTime: 1, completeTime: 2, outcome: 'ok', values: [{ value: 'a', partition: 0 }], offsets: { a: 1 }, attempts: 2 },
  { type: 'poll', process: 'final', invokeTime: 3, completeTime: 4, outcome: 'ok', partition: 0, from: 0, records: [[0, 'a'], [1, 'a']] },
];

describe('the chaos report', () => {
  it('lists faults and every anomaly kind with its count, and marks allowed ones', () => {
    const text = formatReport(description, result(dup, { 'lost-response': 3, 'crash-after-commit': 1 }), new Set(['duplicate']));
    expect(text).toContain('seed 7, mode plain, target engine');
    expect(text).toMatch(/crash-after-commit\s+1/);
    expect(text).toMatch(/lost-response\s+3/);
    expect(text).toMatch(/duplicate\s+1 {3}\(allowed\)/);
    expect(text).toMatch(/lost-write\s+0/);
    expect(text).toContain('"value":"a"');
  });

  it('fails a run on any anomaly not allowed', () => {
    expect(failingKinds(result(dup), new Set())).toEqual(['duplicate']);
    expect(failingKinds(result(dup), new Set(['duplicate']))).toEqual([]);
  });

  it('counts faults by kind from the recorder', () => {
    const r = new Recorder(() => 0);
    r.fault('b', 'p0');
    r.fault('a', 'p1', 'x');
    r.fault('b', 'p0');
    expect(r.faultCounts()).toEqual({ a: 1, b: 2 });
    expect(Object.keys(r.faultCounts())).toEqual(['a', 'b']);
  });
});
