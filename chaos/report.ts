/** The text a chaos run prints: what was run, the faults injected by kind, the anomalies by kind. */
import { ANOMALY_KINDS, type AnomalyKind } from './checker.ts';
import type { RunResult } from './runner.ts';

export interface RunDescription {
  seed: number | string;
  mode: string;
  target: string;
  ops: number;
  partitions: number;
  producers: number;
  consumers: number;
  /** Readers, group members, or both; with group members, how many at once. */
  consume?: string;
  members?: number;
  broken?: string;
  restart: boolean;
  maintenance?: boolean;
}

const row = (name: string, value: number | string): string => `  ${name.padEnd(26)} ${String(value).padStart(7)}`;

export function formatReport(d: RunDescription, r: RunResult, allowed: ReadonlySet<AnomalyKind>): string {
  const totalFaults = Object.values(r.faults).reduce((a, b) => a + b, 0);
  const s = r.check.stats;
  const lines = [
    `sluice chaos: seed ${d.seed}, mode ${d.mode}, target ${d.target}${d.broken ? `, BROKEN BUILD ${d.broken}` : ''}${d.restart ? ', with a stack restart' : ''}${d.maintenance ? ', with maintenance' : ''}`,
    `  ${d.ops} ops (${r.ops.sends} sends, ${r.ops.polls} polls) + ${r.ops.groupPolls} group polls + ${r.ops.catchUpPolls} catch-up polls; ` +
      `${d.partitions} partitions, ${d.producers} producers, ${consumersText(d)}; ${(r.durationMs / 1000).toFixed(1)} s`,
    '',
    `faults injected (${totalFaults}):`,
    ...(totalFaults === 0 ? ['  none'] : Object.entries(r.faults).map(([k, n]) => row(k, n))),
    '',
    'anomalies:',
    ...ANOMALY_KINDS.map((k) => row(k, r.check.counts[k]) + (allowed.has(k) && r.check.counts[k] > 0 ? '   (allowed)' : '')),
    '',
    `sends: ${s.sends.ok} ok, ${s.sends.info} info, ${s.sends.fail} fail; values sent ${s.valuesSent}, acknowledged ${s.valuesAcked}, read ${s.valuesRead}`,
  ];
  const m = r.maintenance;
  if (m) {
    const rep = m.report;
    lines.push(
      `maintenance: ${m.passes} passes (${m.passesCrashed} crashed); ${rep.segmentsWritten} segments from ${rep.entriesMerged} entries; ` +
        `${rep.cleanupsFinished} cleanups finished after a crash; ${rep.swapsRefused} swaps refused; ${m.leaseStolen} leases taken mid-merge`,
      `retention: ${rep.logStartsAdvanced} log-start moves by retention, ${m.deleteRecords.ok} DeleteRecords ok (${m.deleteRecords.info} unknown, ${m.deleteRecords.fail} failed); ` +
        `${rep.entriesDeleted} entries deleted; ${m.gcObjectsDeleted} objects collected; ${s.expired} acknowledged values expired; final log starts ${Object.entries(s.logStarts).map(([p, o]) => `${p}:${o}`).join(' ') || 'none'}`,
    );
    if (m.expiredAll) {
      const x = m.expiredAll;
      lines.push(`full expiry: partition ${x.partition} deleted to ${x.logStart}, ${x.emptied ? 'every entry expired' : 'NOT emptied'}; produced again at ${x.nextOffsets.join(', ')}`);
    }
  }
  const g = s.group;
  if (g.members > 0) {
    lines.push(
      `group: ${g.members} member ids; heartbeats ${g.heartbeats.ok} ok, ${g.heartbeats.info} info, ${g.heartbeats.fail} fail; ` +
        `partition commits ${g.commits.accepted} accepted, ${g.commits.rejected} fenced, ${g.commits.unknown} unknown; ` +
        `zombie commits ${g.zombieCommits} (${g.zombieAccepted} partitions accepted)`,
      `group deliveries: ${g.deliveries} records, ${g.redeliveries} redeliveries (at least once: expected, not an anomaly)`,
    );
  }
  const shown = ANOMALY_KINDS.filter((k) => r.check.examples[k].length > 0);
  if (shown.length > 0) {
    lines.push('', 'examples:');
    for (const k of shown) for (const a of r.check.examples[k].slice(0, 3)) lines.push(`  ${JSON.stringify(a)}`);
  }
  return lines.join('\n');
}

function consumersText(d: RunDescription): string {
  const readers = `${d.consumers} readers`;
  if (d.consume === 'group') return `${d.members ?? 0} group members`;
  if (d.consume === 'both' && d.members) return `${readers}, ${d.members} group members`;
  return readers;
}

/** Anomalies that fail the run: every kind found, except those allowed. */
export function failingKinds(r: RunResult, allowed: ReadonlySet<AnomalyKind>): AnomalyKind[] {
  return ANOMALY_KINDS.filter((k) => r.check.counts[k] > 0 && !allowed.has(k));
}
