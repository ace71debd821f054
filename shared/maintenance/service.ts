import { SluiceError } from '../api/errors.ts';
import { mapLimit } from '../log/map-limit.ts';
import type { Storage } from '../log/ports.ts';
import { GarbageCollector } from './gc.ts';
import { PartitionJob } from './partition-job.ts';
import { addReports, emptyReport, type GcReport, type MaintenanceReport } from './report.ts';
import { DEFAULT_SETTINGS, type MaintenanceSettings } from './settings.ts';

/** One unit of maintenance work: what one invocation does. */
export type MaintenanceJobSpec =
  | { kind: 'partitions'; topic: string; topicId: string; partitions: number[] }
  | { kind: 'gc' };

export interface JobResult {
  spec: MaintenanceJobSpec;
  report?: MaintenanceReport;
  gc?: GcReport;
}

export interface PassResult {
  jobs: number;
  report: MaintenanceReport;
  gc?: GcReport;
  ms: number;
}

export interface MaintenanceDeps {
  storage: Storage;
  settings?: Partial<MaintenanceSettings>;
  now?: () => number;
  newId?: () => string;
}

/**
 * Maintenance as the schedule runs it: `plan` splits the work into jobs (a topic's partitions, at
 * most `partitionsPerJob` a job, and the garbage collection), `runJob` does one. In AWS the
 * scheduled invocation plans and sends each job to its own asynchronous invocation
 * (functions/maintenance), so that 10,000 partitions take many short invocations in parallel,
 * not one long one; locally, and for `sluice maintenance run`, `runAll` runs them in process.
 */
export class MaintenanceService {
  readonly settings: MaintenanceSettings;
  private readonly now: () => number;

  constructor(private readonly deps: MaintenanceDeps) {
    this.settings = { ...DEFAULT_SETTINGS, ...deps.settings };
    this.now = deps.now ?? Date.now;
  }

  /** The jobs of one pass: every partition of the topics named (default all), and GC unless `gc` is false. */
  async plan(opts: { topics?: string[]; gc?: boolean } = {}): Promise<MaintenanceJobSpec[]> {
    const all = await this.deps.storage.topics.list();
    const wanted = opts.topics ? new Set(opts.topics) : undefined;
    if (wanted) {
      const missing = [...wanted].filter((name) => !all.some((t) => t.name === name));
      if (missing.length > 0) throw new SluiceError('UNKNOWN_TOPIC', `unknown topic ${JSON.stringify(missing[0])}`, { topic: missing[0] });
    }
    const jobs: MaintenanceJobSpec[] = [];
    for (const t of all.sort((a, b) => a.name.localeCompare(b.name))) {
      if (wanted && !wanted.has(t.name)) continue;
      for (let p = 0; p < t.partitions; p += this.settings.partitionsPerJob) {
        const partitions = Array.from({ length: Math.min(this.settings.partitionsPerJob, t.partitions - p) }, (_, i) => p + i);
        jobs.push({ kind: 'partitions', topic: t.name, topicId: t.id, partitions });
      }
    }
    if (opts.gc ?? true) jobs.push({ kind: 'gc' });
    return jobs;
  }

  async runJob(spec: MaintenanceJobSpec): Promise<JobResult> {
    const deps = { storage: this.deps.storage, settings: this.settings, now: this.now, ...(this.deps.newId ? { newId: this.deps.newId } : {}) };
    if (spec.kind === 'gc') return { spec, gc: await new GarbageCollector(deps).run() };
    const topic = await this.deps.storage.topics.get(spec.topic);
    // Deleted, or deleted and created again, since the plan: the next pass plans it anew.
    if (!topic || topic.id !== spec.topicId) return { spec, report: emptyReport() };
    const partitions = spec.partitions.filter((p) => Number.isInteger(p) && p >= 0 && p < topic.partitions);
    return { spec, report: await new PartitionJob(deps, topic).run(partitions) };
  }

  /** Plans and runs a whole pass in this process, `concurrency` jobs at a time. */
  async runAll(
    opts: { topics?: string[]; gc?: boolean; concurrency?: number; onProgress?: (done: number, total: number, last: JobResult) => void } = {},
  ): Promise<PassResult> {
    const started = this.now();
    const jobs = await this.plan(opts);
    const report = emptyReport();
    let gc: GcReport | undefined;
    let done = 0;
    // GC last, after the merges and retention of this pass have dropped their references.
    const partitionJobs = jobs.filter((j) => j.kind === 'partitions');
    const gcJobs = jobs.filter((j) => j.kind === 'gc');
    const runOne = async (spec: MaintenanceJobSpec): Promise<void> => {
      const result = await this.runJob(spec);
      if (result.report) addReports(report, result.report);
      if (result.gc) gc = result.gc;
      opts.onProgress?.(++done, jobs.length, result);
    };
    await mapLimit(partitionJobs, opts.concurrency ?? 2, runOne);
    for (const spec of gcJobs) await runOne(spec);
    return { jobs: jobs.length, report, ...(gc ? { gc } : {}), ms: this.now() - started };
  }
}
