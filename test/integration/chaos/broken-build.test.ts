import { describe, expect, it } from 'vitest';
import { brokenBuild } from '../../../chaos/broken.ts';
import { engineRun } from './harness.ts';

// The checker can fail: the same harness over deliberately broken builds (storage wrappers, no
// engine branch) must report the anomalies they cause.
describe('a chaos run over a deliberately broken build', () => {
  it('that acknowledges before its commit is caught losing writes', { timeout: 90_000 }, async () => {
    const r = await engineRun({ ops: 150, seed: 21, mode: 'idempotent', plan: {}, build: brokenBuild('ack-before-commit') });
    expect(r.check.valid).toBe(false);
    expect(r.check.counts['lost-write']).toBeGreaterThan(0);
    expect(r.check.counts['inconsistent-offsets']).toBeGreaterThan(0);
  });

  it('that drops one commit in seven is caught losing writes', { timeout: 90_000 }, async () => {
    const r = await engineRun({ ops: 150, seed: 22, mode: 'plain', plan: {}, build: brokenBuild('drop-commits') });
    expect(r.check.valid).toBe(false);
    expect(r.check.counts['lost-write']).toBeGreaterThan(0);
  });
});
