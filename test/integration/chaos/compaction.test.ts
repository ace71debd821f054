import { describe, expect, it } from 'vitest';
import { checkCompaction, COMPACTION_ANOMALY_KINDS, type CompactionCheck } from '../../../chaos/compaction-checker.ts';
import { COMPACTION_CLIENT_PLAN, COMPACTION_MAINTENANCE_PLAN, runCompactionWorkload, type CompactionRunResult } from '../../../chaos/compaction-workload.ts';
import type { FaultKind } from '../../../chaos/fault-kinds.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';

// Short compacted-topic chaos runs (docs/chaos-compaction.md): producers of keyed updates and
// tombstones, readers from offset 0, and maintenance passes crashed at their step boundaries and
// failed at their storage calls; then the end state after clean passes.

const newStorage = () => createStorage(storageConfig());

function anomalies(c: CompactionCheck) {
  return Object.fromEntries(COMPACTION_ANOMALY_KINDS.filter((k) => c.counts[k] > 0).map((k) => [k, c.counts[k]]));
}

function explain(r: CompactionRunResult, c: CompactionCheck): string {
  const { report, ...figures } = r.figures;
  return JSON.stringify({
    anomalies: anomalies(c), examples: c.examples, stats: c.stats, figures,
    compaction: { passes: report.compactionPasses, segments: report.segmentsCompacted, away: report.recordsCompactedAway, tombstones: report.tombstonesRemoved },
  });
}

describe('a short chaos run of a compacted topic', () => {
  it('with maintenance crashed and failing, finds no anomaly, and compaction did remove records', { timeout: 120_000 }, async () => {
    const r = await runCompactionWorkload({ newStorage, topic: uniqueName('chaos-compact'), seed: 7, durationMs: 15_000 });
    const c = checkCompaction(r.history);
    expect(anomalies(c), explain(r, c)).toEqual({});
    // The run did what it is for: faults, compaction, reads that saw records removed.
    expect(r.figures.report.compactionPasses, explain(r, c)).toBeGreaterThan(0);
    expect(r.figures.report.recordsCompactedAway, explain(r, c)).toBeGreaterThan(0);
    // Maintenance met faults: crashes at its steps or failed calls (which of them is up to the
    // seed and the machine's pace; none at all in a 15 s run would mean the plan is not applied).
    const maintenanceOnly = Object.keys(COMPACTION_MAINTENANCE_PLAN).filter((k) => !(k in COMPACTION_CLIENT_PLAN)) as FaultKind[];
    const maintenanceFaults = maintenanceOnly.reduce((n, k) => n + (r.figures.faults[k] ?? 0), 0);
    expect(maintenanceFaults, explain(r, c)).toBeGreaterThan(0);
    expect(c.stats.compactedAwaySeen, explain(r, c)).toBeGreaterThan(0);
    expect(r.figures.cleanedTo, explain(r, c)).toBe(r.figures.highWatermark);
    expect(c.stats.reads, explain(r, c)).toBeGreaterThan(3);
  });

  it('with a broken compaction that keeps older values of one key, finds the key twice in the compacted part', { timeout: 120_000 }, async () => {
    const r = await runCompactionWorkload({ newStorage, topic: uniqueName('chaos-compact-broken'), seed: 8, durationMs: 8_000, brokenKey: 'k3' });
    const c = checkCompaction(r.history);
    expect(r.figures.broken!.recordsKept, explain(r, c)).toBeGreaterThan(0);
    expect(c.counts['final-duplicate-key'], explain(r, c)).toBeGreaterThan(0);
    expect(c.examples.find((e) => e.kind === 'final-duplicate-key')?.detail, explain(r, c)).toMatch(/^key k3 /);
  });

  // A longer run, on demand: SLUICE_CHAOS_COMPACTION_MS=60000 npx vitest run test/integration/chaos/compaction.test.ts -t longer
  const longMs = Number(process.env.SLUICE_CHAOS_COMPACTION_MS ?? 0);
  it.skipIf(!longMs)('a longer run finds no anomaly', { timeout: 5 * longMs + 180_000 }, async () => {
    const r = await runCompactionWorkload({ newStorage, topic: uniqueName('chaos-compact-long'), seed: Number(process.env.SLUICE_CHAOS_SEED ?? 21), durationMs: longMs });
    const c = checkCompaction(r.history);
    console.log(explain(r, c));
    expect(anomalies(c), explain(r, c)).toEqual({});
  });
});
