/**
 * `sluice maintenance run`: one maintenance pass, one request per topic (so that each request stays
 * well inside the function's 15 minutes and progress can be shown), then garbage collection.
 */
import type { MaintenancePass, MaintenanceReport, SluiceClient } from '../../sdk/index.ts';
import { SluiceApiError } from '../../sdk/index.ts';
import { write, type Io } from '../io.ts';

export interface MaintenanceRunArgs {
  /** Topics to maintain; default every topic. */
  topics?: string[];
  /** Collect garbage after the topics. Default true. */
  gc?: boolean;
  /** No progress line. */
  quiet?: boolean;
  json?: boolean;
  now?: () => number;
}

/** What the whole run did, summed over its requests. */
export interface RunSummary {
  topics: number;
  report: MaintenanceReport;
  gc?: MaintenancePass['gc'];
  /** Topics whose request failed as a whole (the service refused it, or it could not be reached). */
  errors: { topic: string; error: string }[];
  ms: number;
}

const EMPTY: MaintenanceReport = {
  partitions: 0, leased: 0, idle: 0, segmentsWritten: 0, entriesMerged: 0, bytesMerged: 0, logStartsAdvanced: 0,
  recordsExpired: 0, entriesDeleted: 0, cleanupsFinished: 0, swapsRefused: 0, compactionPasses: 0, segmentsCompacted: 0,
  recordsCompactedAway: 0, tombstonesRemoved: 0, bytesBeforeCompaction: 0, bytesAfterCompaction: 0, keysMapped: 0, failures: [],
};

function add(into: MaintenanceReport, more: MaintenanceReport): void {
  for (const k of Object.keys(EMPTY) as (keyof MaintenanceReport)[]) {
    if (k === 'failures') into.failures.push(...more.failures);
    else into[k] += more[k];
  }
}

/** A progress line on stderr when it is a terminal, rewritten in place. */
function progress(io: Io, enabled: boolean, now: () => number) {
  const started = now();
  const tty = enabled && (io.stderr as { isTTY?: boolean }).isTTY === true;
  let shown = false;
  return {
    update(done: number, total: number, what: string): void {
      if (!tty) return;
      shown = true;
      io.stderr.write(`\r\x1b[2Kmaintenance: ${done}/${total} topics, ${((now() - started) / 1000).toFixed(1)} s${what ? ` (${what})` : ''}`);
    },
    clear(): void {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}

export async function maintenanceRun(args: MaintenanceRunArgs, io: Io, client: SluiceClient): Promise<number> {
  const now = args.now ?? Date.now;
  const started = now();
  const admin = client.admin();
  const named = args.topics !== undefined && args.topics.length > 0;
  const topics = named ? [...new Set(args.topics)] : (await admin.listTopics()).sort();
  const summary: RunSummary = { topics: 0, report: { ...EMPTY, failures: [] }, errors: [], ms: 0 };
  const bar = progress(io, !args.quiet, now);
  for (const [i, topic] of topics.entries()) {
    bar.update(i, topics.length, topic);
    try {
      const pass = await admin.runMaintenance({ topics: [topic], gc: false });
      add(summary.report, pass.report);
      summary.topics++;
    } catch (e) {
      // A listed topic deleted since the listing is simply gone; a named one is an error.
      if (!named && e instanceof SluiceApiError && e.code === 'UNKNOWN_TOPIC') continue;
      summary.errors.push({ topic, error: e instanceof SluiceApiError ? `${e.code}: ${e.message}` : String(e) });
    }
  }
  if (args.gc ?? true) {
    bar.update(topics.length, topics.length, 'garbage collection');
    try {
      summary.gc = (await admin.runMaintenance({ topics: [], gc: true })).gc;
    } catch (e) {
      summary.errors.push({ topic: '(garbage collection)', error: e instanceof SluiceApiError ? `${e.code}: ${e.message}` : String(e) });
    }
  }
  bar.clear();
  summary.ms = now() - started;
  await write(io.stdout, args.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  for (const f of summary.report.failures) await write(io.stderr, `failed: ${f.topic} partition ${f.partition}: ${f.error}\n`);
  for (const e of summary.errors) await write(io.stderr, `failed: ${e.topic}: ${e.error}\n`);
  return summary.report.failures.length + summary.errors.length > 0 ? 1 : 0;
}

/** The human form: one line per figure, aligned. */
export function formatSummary(s: RunSummary): string {
  const r = s.report;
  const rows: [string, string][] = [
    ['segments written', String(r.segmentsWritten)],
    ['entries merged', String(r.entriesMerged)],
    ['MiB merged', (r.bytesMerged / 1024 / 1024).toFixed(1)],
    ['log starts advanced', String(r.logStartsAdvanced)],
    ['records expired', String(r.recordsExpired)],
    ['entries deleted', String(r.entriesDeleted)],
    ['objects deleted', s.gc ? String(s.gc.objectsDeleted) : '-'],
    ['bytes freed', s.gc ? String(s.gc.bytesDeleted) : '-'],
    ['failures', String(r.failures.length + s.errors.length)],
  ];
  if (r.compactionPasses > 0 || r.segmentsCompacted > 0) {
    rows.splice(
      rows.length - 3,
      0,
      ['partitions compacted', String(r.compactionPasses)],
      ['records compacted away', String(r.recordsCompactedAway)],
      ['tombstones removed', String(r.tombstonesRemoved)],
      ['MiB compacted', `${(r.bytesBeforeCompaction / 1024 / 1024).toFixed(1)} -> ${(r.bytesAfterCompaction / 1024 / 1024).toFixed(1)}`],
    );
  }
  if (r.leased > 0) rows.push(['partitions skipped (leased)', String(r.leased)]);
  if (r.idle > 0) rows.push(['partitions idle (nothing to do)', String(r.idle)]);
  if (s.gc && !s.gc.ran) rows.push(['garbage collection', 'skipped: another collector held the lease']);
  const width = Math.max(...rows.map(([k]) => k.length));
  const head = `maintenance: ${s.topics} topic${s.topics === 1 ? '' : 's'}, ${r.partitions} partition${r.partitions === 1 ? '' : 's'}` +
    `${s.gc ? ', garbage collection' : ''} in ${(s.ms / 1000).toFixed(1)} s\n`;
  return head + rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}\n`).join('');
}
