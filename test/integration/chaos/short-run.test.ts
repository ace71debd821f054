import { describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, type AnomalyKind } from '../../../chaos/checker.ts';
import { DEFAULT_PLAN } from '../../../chaos/plan.ts';
import type { RunResult } from '../../../chaos/runner.ts';
import { engineRun } from './harness.ts';

// The short chaos runs of `npm test`: in-process functions on the emulators, every storage fault
// at every produce step boundary and at the group store, lost responses, duplicated deliveries,
// throttled invocations, killed readers, and killed and leaving group members; in the first,
// maintenance too (merges, retention, garbage collection, DeleteRecords), crashed at its step
// boundaries. `npm run chaos` runs the long ones (docs/chaos.md).

function anomalies(r: RunResult): Partial<Record<AnomalyKind, number>> {
  return Object.fromEntries(ANOMALY_KINDS.filter((k) => r.check.counts[k] > 0).map((k) => [k, r.check.counts[k]]));
}

function explain(r: RunResult): string {
  return JSON.stringify({ faults: r.faults, counts: r.check.counts, examples: r.check.examples, stats: r.check.stats });
}

describe('a short chaos run on the emulators', () => {
  it('with idempotent producers, readers, a consumer group and maintenance finds no anomaly of any kind', { timeout: 300_000 }, async () => {
    // Members are killed more often than by default, and every killed one sends its owed commit
    // late, so that partitions move several times and the lease fence is tried in a short run.
    // Maintenance crashes at its step boundaries more often than by default, for the same reason.
    const plan = {
      ...DEFAULT_PLAN, 'kill-member': 0.1, 'zombie-commit': 1,
      'crash-merge-after-put': 0.06, 'crash-merge-after-swap': 0.06, 'crash-merge-mid-delete': 0.06, 'crash-merge-before-state': 0.06, 'lease-lost': 0.08,
    };
    const r = await engineRun({ ops: 400, seed: 11, mode: 'idempotent', plan, run: { consume: 'both', minGroupSteps: 40, maintenance: {} } });
    expect(anomalies(r), explain(r)).toEqual({});
    // The faults did happen, and every acknowledged value was read back or went below a log start.
    expect(Object.values(r.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
    expect(r.check.stats.valuesRead + r.check.stats.expired).toBeGreaterThanOrEqual(r.check.stats.valuesAcked);
    // The group consumed, committed, and lost members on the way.
    const g = r.check.stats.group;
    expect(g.deliveries, explain(r)).toBeGreaterThan(100);
    expect(g.commits.accepted).toBeGreaterThan(10);
    expect(r.faults['kill-member'] ?? 0).toBeGreaterThan(0);
    expect(g.zombieCommits).toBeGreaterThan(0);
    // Maintenance merged, moved log starts, crashed and was taken over, and the expired partition
    // went on at its old end.
    const m = r.maintenance!;
    expect(m.report.segmentsWritten, explain(r)).toBeGreaterThan(5);
    expect(m.deleteRecords.ok + m.report.logStartsAdvanced).toBeGreaterThan(0);
    expect(m.passesCrashed + m.leaseStolen, JSON.stringify(r.faults)).toBeGreaterThan(0);
    expect(m.expiredAll?.emptied, JSON.stringify(m.expiredAll)).toBe(true);
    expect(m.expiredAll!.nextOffsets[0]).toBe(m.expiredAll!.logStart);
  });

  it('with plain at-least-once producers finds the duplicates retries make, and nothing else', { timeout: 120_000 }, async () => {
    const plan = { ...DEFAULT_PLAN, 'ddb-timeout-after-write': 0.06, 'lost-response': 0.06 };
    const r = await engineRun({ ops: 250, seed: 12, mode: 'plain', plan, run: { consume: 'readers' } });
    const { duplicate, ...rest } = anomalies(r);
    expect(duplicate, explain(r)).toBeGreaterThan(0);
    expect(rest, explain(r)).toEqual({});
  });

  it('with producers that retry only what provably wrote nothing finds no anomaly', { timeout: 120_000 }, async () => {
    // Left out: duplicate-delivery, since a request delivered twice is a duplicate without
    // idempotence, by design. (ddb-throttle-after-write was left out too until the fix of
    // docs/chaos.md "Findings" 2: a commit-phase error now says the write may have happened.)
    const plan = { ...DEFAULT_PLAN, 'duplicate-delivery': 0 };
    const r = await engineRun({ ops: 200, seed: 13, mode: 'safe', plan, run: { consume: 'readers' } });
    expect(anomalies(r), explain(r)).toEqual({});
  });
});
