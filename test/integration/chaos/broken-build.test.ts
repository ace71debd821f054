import { describe, expect, it } from 'vitest';
import { brokenBuild } from '../../../chaos/broken.ts';
import { engineRun } from './harness.ts';

// The checker can fail: the same harness over deliberately broken builds (storage wrappers, no
// engine branch) must report the anomalies they cause.
describe('a chaos run over a deliberately broken build', () => {
  it('that acknowledges before its commit is caught losing writes', { timeout: 90_000 }, async () => {
    const r = await engineRun({ ops: 150, seed: 21, mode: 'idempotent', plan: {}, build: brokenBuild('ack-before-commit'), run: { consume: 'readers' } });
    expect(r.check.valid).toBe(false);
    expect(r.check.counts['lost-write']).toBeGreaterThan(0);
    expect(r.check.counts['inconsistent-offsets']).toBeGreaterThan(0);
  });

  it('that drops one commit in seven is caught losing writes', { timeout: 90_000 }, async () => {
    const r = await engineRun({ ops: 150, seed: 22, mode: 'plain', plan: {}, build: brokenBuild('drop-commits'), run: { consume: 'readers' } });
    expect(r.check.valid).toBe(false);
    expect(r.check.counts['lost-write']).toBeGreaterThan(0);
  });

  // Group members only, killed often, every killed member sending its owed commit late, on short
  // sessions so that most of those commits come after the member's lease is over. Group runs over
  // the build as it is, with killed members and late commits, find nothing (short-run.test.ts).
  const groupRun = { consume: 'group', minGroupSteps: 40, group: { sessionTimeoutMs: 1_500, heartbeatIntervalMs: 300, rebalanceTimeoutMs: 3_000 } } as const;
  const killing = { 'kill-member': 0.15, 'zombie-commit': 1 };

  it('that commits without the lease fence is caught accepting stale commits', { timeout: 90_000 }, async () => {
    const r = await engineRun({ ops: 250, seed: 23, mode: 'idempotent', plan: killing, build: brokenBuild('unfenced-commits'), run: groupRun });
    expect(r.check.counts['stale-commit'], JSON.stringify(r.check.stats.group)).toBeGreaterThan(0);
  });

  // Whether a new owner then starts past records (`poll-skip`) depends on the run's timing: a
  // rebalance while the group is behind. That the store holds offsets no member sent does not.
  it('that commits past what the member processed is caught storing offsets no member sent', { timeout: 90_000 }, async () => {
    const r = await engineRun({ ops: 250, seed: 24, mode: 'idempotent', plan: killing, build: brokenBuild('commit-ahead'), run: groupRun });
    expect(r.check.counts['phantom-commit'], JSON.stringify(r.check.stats.group)).toBeGreaterThan(0);
  });

  // Maintenance builds: readers only, no faults, no full-expiry scenario (it only costs time
  // here); the collector's grace is short so that it deletes within the run.
  const maintained = (gcGraceMs: number) => ({ consume: 'readers', maintenance: { expireAll: false, settings: { gcGraceMs } } }) as const;

  it('whose merge leaves a batch out of a segment is caught losing writes', { timeout: 90_000 }, async () => {
    const r = await engineRun({ ops: 90, seed: 25, mode: 'idempotent', plan: {}, build: brokenBuild('merge-drops-batch'), run: maintained(3_000) });
    expect(r.maintenance!.report.segmentsWritten).toBeGreaterThan(0);
    expect(r.check.counts['lost-write'] + r.check.counts.unseen, JSON.stringify(r.check.counts)).toBeGreaterThan(0);
  });

  // The objects partition 0 alone needs (its segments, its one-partition produces) are deleted a
  // grace period after the final pass: the catch-up read then fails on them, and what it lacks at
  // or above the log start is lost, even where a reader saw it earlier in the run.
  it('whose garbage collection misses one partition\'s references is caught losing writes', { timeout: 90_000 }, async () => {
    const r = await engineRun({ ops: 90, seed: 26, mode: 'idempotent', plan: {}, build: brokenBuild('gc-ignores-partition'), run: maintained(1_000) });
    expect(r.maintenance!.gcObjectsDeleted).toBeGreaterThan(0);
    expect(r.check.counts['lost-write'] + r.check.counts.unseen, JSON.stringify(r.check.counts)).toBeGreaterThan(0);
  });
});
