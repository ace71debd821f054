import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '../../../chaos/plan.ts';
import { engineRun } from './harness.ts';

describe('a short chaos run on the emulators', () => {
  it('idempotent producers under faults: no anomaly of any kind', { timeout: 120_000 }, async () => {
    const r = await engineRun({ ops: 400, seed: 1, mode: 'idempotent', plan: DEFAULT_PLAN });
    console.log(JSON.stringify({ faults: r.faults, counts: r.check.counts, stats: r.check.stats, ms: r.durationMs, examples: r.check.examples }, null, 1).slice(0, 6000));
    expect(r.check.counts).toEqual(Object.fromEntries(Object.keys(r.check.counts).map((k) => [k, 0])));
  });
});
