import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '../../../chaos/plan.ts';
import { engineRun } from './harness.ts';

describe('tmp', () => {
  it('plain', { timeout: 120_000 }, async () => {
    const r = await engineRun({ ops: 400, seed: 2, mode: 'plain', plan: DEFAULT_PLAN });
    console.log(JSON.stringify({ faults: r.faults, counts: r.check.counts, stats: r.check.stats, ms: r.durationMs, examples: r.check.examples }, null, 1).slice(0, 5000));
    const g = r.check.examples.G1a[0];
    if (g) console.log(JSON.stringify(r.history.ops.filter((o) => o.type === 'send' && o.values.some((v) => v.value === g.value)), null, 1));
    expect(1).toBe(1);
  });
});
