import type { PassResult } from '../shared/maintenance/index.ts';

export interface MaintenanceTimerOptions {
  /** Time from the end of one pass to the start of the next (ms). */
  intervalMs: number;
  /** Every this many passes, one collects garbage too. Default 10. */
  gcEvery?: number;
  /** One pass: MaintenanceService.runAll of the maintenance function's service. */
  runPass(opts: { gc: boolean }): Promise<PassResult>;
  /** Where the one summary line of a pass that did something goes. */
  log(line: string): void;
}

export interface MaintenanceTimer {
  /** Stops the timer; resolves once a pass in progress has finished. */
  stop(): Promise<void>;
}

/**
 * The local stand-in for the deployment's schedules: a maintenance pass every `intervalMs`, with
 * garbage collection every `gcEvery`th pass. The next pass is timed from the end of the previous
 * one, so two never overlap, however long one takes.
 */
export function startMaintenanceTimer(opts: MaintenanceTimerOptions): MaintenanceTimer {
  const gcEvery = opts.gcEvery ?? 10;
  let passes = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const pass = async (): Promise<void> => {
    passes++;
    const gc = passes % gcEvery === 0;
    try {
      const line = summaryLine(await opts.runPass({ gc }));
      if (line) opts.log(line);
    } catch (e) {
      opts.log(`maintenance: the pass failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(() => {
        running = undefined;
        schedule();
      });
    }, opts.intervalMs);
    // The timer alone never keeps the process alive.
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** One line saying what a pass did, or undefined when it did nothing worth a line. */
export function summaryLine(result: PassResult): string | undefined {
  const r = result.report;
  const gc = result.gc;
  const parts: string[] = [];
  if (r.segmentsWritten) parts.push(`${r.segmentsWritten} segments written (${r.entriesMerged} entries, ${mib(r.bytesMerged)})`);
  if (r.segmentsCompacted) parts.push(`${r.segmentsCompacted} segments compacted (${r.recordsCompactedAway} records and ${r.tombstonesRemoved} tombstones removed)`);
  if (r.logStartsAdvanced) parts.push(`${r.logStartsAdvanced} log starts advanced (${r.recordsExpired} records expired)`);
  if (r.entriesDeleted) parts.push(`${r.entriesDeleted} entries deleted`);
  if (gc?.objectsDeleted) parts.push(`${gc.objectsDeleted} objects deleted (${mib(gc.bytesDeleted)})`);
  if (gc?.topicsForgotten) parts.push(`${gc.topicsForgotten} deleted topics forgotten`);
  if (r.failures.length) parts.push(`${r.failures.length} partitions failed (first: ${r.failures[0]!.topic}/${r.failures[0]!.partition}: ${r.failures[0]!.error})`);
  if (parts.length === 0) return undefined;
  return `maintenance: ${parts.join(', ')} in ${result.ms} ms`;
}
