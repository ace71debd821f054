/**
 * Maintenance as a concurrent process of a chaos run: merges, retention and garbage collection
 * (shared/maintenance) in passes, each pass a new service on a new function instance seen through
 * the fault injector, as the schedule invokes a new Lambda for each. A crash kills the pass where
 * it stands; the next pass must finish what it left. Beside it an admin moves log starts with
 * DeleteRecords to acknowledged offsets.
 *
 * After the workload, with faults off: every record of one partition is deleted up to its high
 * watermark and left to expire completely, then a producer writes to it again (its offsets must
 * continue at the old end); then the last passes run, and what they left is recorded: a swap's
 * cleanup still pending, replaced entries beside their segment, expired entries still indexed.
 */
import { MaintenanceService, type MaintenanceReport, type MaintenanceSettings } from '../shared/maintenance/index.ts';
import { addReports, emptyReport } from '../shared/maintenance/report.ts';
import type { IndexEntry, Storage } from '../shared/log/ports.ts';
import type { Instance } from './engine-instance.ts';
import type { LogStartOp, MaintenanceOp, Recorder, SendOp } from './history.ts';
import type { Rng } from './rng.ts';
import type { ProducerClient, ProducerMode } from './target.ts';

/**
 * Maintenance settings of a chaos run: everything small, so that merges, expiries and
 * collections happen many times in seconds. The appender must trust an offset guess for at most
 * half the entry delete delay: {@link CHAOS_GUESS_TRUST_MS} with these.
 */
export const CHAOS_MAINTENANCE_SETTINGS: Partial<MaintenanceSettings> = {
  entryDeleteDelayMs: 1_000,
  indexIntervalBytes: 1_024,
  gcGraceMs: 3_000,
  // Short, so that a crashed pass's partitions are free again within seconds. A job may outlive
  // it on a loaded machine; passes run one at a time, so only the lease thief takes one over.
  leaseMs: 2_500,
  // A job stops starting merge rounds after this long: on a loaded machine its preparation
  // (the lease, a cleanup, retention's walk) alone can take seconds, and a short budget then
  // merges nothing at all.
  jobBudgetMs: 8_000,
  concurrency: 4,
};
export const CHAOS_GUESS_TRUST_MS = 500;

/** Topic configs of a run with maintenance: segments of a few batches, merged at least every second. */
export const CHAOS_TOPIC_CONFIGS: Record<string, string> = { 'segment.bytes': '2048', 'segment.ms': '1000' };

/** What maintenance needs from the target: instances over the run's storage. */
export interface MaintenanceHost {
  readonly topic: string;
  /** A new function instance of `process`, faults as the plan says (none once the target quiesced). */
  spawn(process: string): Instance;
  /** An instance without faults. */
  cleanInstance(): Instance;
}

export interface MaintenanceRunOptions {
  settings?: Partial<MaintenanceSettings>;
  /** Pause between passes (ms). Default 250. */
  passEveryMs?: number;
  /** Chance, per pass, that the admin moves a log start with DeleteRecords. Default 0.2. */
  deleteRecords?: number;
  /** The full-expiry scenario on the last partition at the end. Default true. */
  expireAll?: boolean;
}

export interface MaintenanceFigures {
  passes: number;
  passesCrashed: number;
  report: MaintenanceReport;
  gcObjectsDeleted: number;
  deleteRecords: { ok: number; info: number; fail: number };
  leaseStolen: number;
  /** The full-expiry scenario: whether the partition's log was empty (hollow only) before producing again. */
  expiredAll?: { partition: number; logStart: number; emptied: boolean; nextOffsets: number[] };
}

interface Deps {
  host: MaintenanceHost;
  recorder: Recorder;
  rng: Rng;
  partitions: number;
  options: MaintenanceRunOptions;
  /** A producer without faults for the expiry scenario. */
  producer: (process: string, mode: ProducerMode) => Promise<ProducerClient>;
  mode: ProducerMode;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class MaintenanceWorkload {
  readonly settings: Partial<MaintenanceSettings>;
  readonly figures: MaintenanceFigures = {
    passes: 0, passesCrashed: 0, report: emptyReport(), gcObjectsDeleted: 0, deleteRecords: { ok: 0, info: 0, fail: 0 }, leaseStolen: 0,
  };
  private running = false;
  private loop: Promise<void> | undefined;
  private passes = 0;

  constructor(private readonly deps: Deps) {
    this.settings = { ...CHAOS_MAINTENANCE_SETTINGS, ...deps.options.settings };
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the pass under way. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    const every = this.deps.options.passEveryMs ?? 250;
    for (let n = 0; this.running; n++) {
      const rng = this.deps.rng.fork(`step${n}`);
      if (rng.chance(this.deps.options.deleteRecords ?? 0.2)) await this.deleteRecordsStep(rng);
      await this.pass('m', rng.fork('pass'));
      if (this.running) await sleep(every / 2 + rng.int(every));
    }
  }

  /** One pass: the topic's partition jobs, then garbage collection, on a new instance. */
  private async pass(process: string, rng: Rng): Promise<void> {
    const { host, recorder } = this.deps;
    const instance = host.spawn(process);
    instance.injector.reseed(rng);
    instance.injector.readKind = 'maintenance-read-error';
    const swaps: { detail: string; accepted: boolean }[] = [];
    instance.injector.thief = {
      steal: (topicId, partition) => this.steal(topicId, partition),
      swapAfterLoss: (accepted, detail) => swaps.push({ accepted, detail }),
    };
    const service = new MaintenanceService({ storage: instance.engine.storage, settings: this.settings });
    const invokeTime = recorder.now();
    const report = emptyReport();
    let objectsDeleted = 0;
    const errors: string[] = [];
    try {
      for (const job of await service.plan({ topics: [host.topic], gc: false })) {
        const r = await service.runJob(job);
        if (r.report) addReports(report, r.report);
      }
    } catch (e) {
      errors.push(describe(e));
    }
    if (!instance.injector.dead) {
      try {
        const r = await service.runJob({ kind: 'gc' });
        objectsDeleted = r.gc?.objectsDeleted ?? 0;
      } catch (e) {
        errors.push(describe(e));
      }
    }
    errors.push(...report.failures.map((f) => `${f.partition}: ${f.error}`));
    addReports(this.figures.report, report);
    this.figures.gcObjectsDeleted += objectsDeleted;
    this.figures.passes++;
    if (instance.injector.dead) this.figures.passesCrashed++;
    this.passes++;
    const op: MaintenanceOp = {
      type: 'maintenance', process: `${process}#${this.passes}`, invokeTime, completeTime: recorder.now(),
      outcome: errors.length === 0 ? 'ok' : 'info',
      segments: report.segmentsWritten, entriesMerged: report.entriesMerged, logStartsAdvanced: report.logStartsAdvanced,
      entriesDeleted: report.entriesDeleted, cleanupsFinished: report.cleanupsFinished, swapsRefused: report.swapsRefused, objectsDeleted,
      ...(swaps.length > 0 ? { swapsAfterLeaseLost: swaps } : {}),
      ...(errors.length > 0 ? { error: errors.slice(0, 3).join('; ') } : {}),
    };
    recorder.record(op);
  }

  /**
   * `lease-lost`: the paused instance's lease runs out (another instance's clock says so) and that
   * instance takes it and runs the partition's job to the end, without faults.
   */
  private async steal(topicId: string, partition: number): Promise<void> {
    const storage = this.deps.host.cleanInstance().engine.storage;
    const store = storage.maintenance!;
    const leaseMs = this.settings.leaseMs ?? 0;
    const late: Storage = {
      ...storage,
      maintenance: Object.assign(Object.create(store) as typeof store, {
        acquire: (t: string, p: number, hold: { owner: string; expiresAt: number }, now: number) => store.acquire(t, p, hold, now + leaseMs + 1),
      }),
    };
    this.figures.leaseStolen++;
    await new MaintenanceService({ storage: late, settings: this.settings })
      .runJob({ kind: 'partitions', topic: this.deps.host.topic, topicId, partitions: [partition] })
      .catch(() => undefined);
  }

  /** DeleteRecords on a random partition, to an offset acknowledged some while ago (so that most of the log stays to be checked). */
  private async deleteRecordsStep(rng: Rng): Promise<void> {
    const { recorder, host } = this.deps;
    const partition = rng.int(this.deps.partitions);
    const acked: number[] = [];
    for (const op of recorder.ops) {
      if (op.type !== 'send') continue;
      for (const v of (op as SendOp).values) {
        const o = (op as SendOp).offsets[v.value];
        if (o !== undefined && v.partition === partition) acked.push(o);
      }
    }
    if (acked.length < 10) return;
    acked.sort((a, b) => a - b);
    // Somewhere in the older half of what was acknowledged.
    const requested = acked[Math.floor(acked.length * (0.2 + 0.3 * rng.next()))]!;
    await this.deleteRecords('admin', host.spawn('admin'), partition, requested, rng);
  }

  private async deleteRecords(process: string, instance: Instance, partition: number, requested: number, rng?: Rng): Promise<number | undefined> {
    const { recorder, host } = this.deps;
    if (rng) instance.injector.reseed(rng.fork('delete-records'));
    const invokeTime = recorder.now();
    const base = { type: 'log-start' as const, process, invokeTime, partition, requested };
    try {
      const [r] = await instance.engine.deleteRecords(host.topic, [{ partition, offset: requested }]);
      recorder.record({ ...base, completeTime: recorder.now(), outcome: 'ok', offset: r!.lowWatermark } satisfies LogStartOp);
      this.figures.deleteRecords.ok++;
      return r!.lowWatermark;
    } catch (e) {
      // A crash or a timeout after the write may have moved it: unknown. The log start is read back at the end.
      const definite = (e as { code?: string }).code === 'THROTTLED';
      recorder.record({ ...base, completeTime: recorder.now(), outcome: definite ? 'fail' : 'info', error: describe(e) } satisfies LogStartOp);
      this.figures.deleteRecords[definite ? 'fail' : 'info']++;
      return undefined;
    }
  }

  /**
   * After the workload, faults off (the target quiesced): the full-expiry scenario, the last
   * passes, and what they left.
   */
  async settle(): Promise<void> {
    const { host } = this.deps;
    const wait = Math.max(this.settings.leaseMs ?? 0, this.settings.entryDeleteDelayMs ?? 0) + 200;
    if (this.deps.options.expireAll ?? true) await this.expireAll(wait);
    // A crashed pass's lease runs out; the entries of the last writes grow old enough to merge.
    await sleep(wait);
    await this.pass('final', this.deps.rng.fork('final'));
    // Two more collections, a grace period apart: an object is deleted by the second of two
    // collections a grace period apart that found it old and unreferenced, so these delete even
    // the segments the final pass wrote, before the catch-up read. That read then meets any object
    // deleted while still referenced (a collector that misses references), however short the run.
    for (const label of ['final-gc', 'final-gc-2']) {
      await sleep((this.settings.gcGraceMs ?? 0) + 200);
      await this.pass(label, this.deps.rng.fork(label));
    }
    await this.recordLeft(host.cleanInstance().engine.storage);
  }

  /** Everything of the last partition deleted up to the high watermark, left to expire, then produced to again. */
  private async expireAll(wait: number): Promise<void> {
    const { host, partitions, recorder } = this.deps;
    const partition = partitions - 1;
    const clean = host.cleanInstance();
    const logStart = await this.deleteRecords('expire', clean, partition, -1);
    if (logStart === undefined) return;
    await sleep(wait);
    await this.pass('expire', this.deps.rng.fork('expire'));
    const topic = await clean.engine.topics.get(host.topic);
    const entries = await entriesOf(clean.engine.storage, topic.id, partition);
    const emptied = entries.length > 0 && entries.every((e) => e.objectKey === '');
    const producer = await this.deps.producer('px', this.deps.mode);
    const nextOffsets: number[] = [];
    for (let i = 0; i < 3; i++) {
      const values = [{ value: `px-${2 * i}`, partition }, { value: `px-${2 * i + 1}`, partition }];
      const invokeTime = recorder.now();
      const r = await producer.send(values);
      recorder.record({
        type: 'send', process: 'px', invokeTime, completeTime: recorder.now(), outcome: r.outcome, values, offsets: r.offsets, attempts: r.attempts,
        ...(r.failed.length ? { failed: r.failed } : {}), ...(r.error ? { error: r.error } : {}), ...(r.timestamp !== undefined ? { timestamp: r.timestamp } : {}),
      });
      const first = r.offsets[values[0]!.value];
      if (first !== undefined) nextOffsets.push(first);
    }
    this.figures.expiredAll = { partition, logStart, emptied, nextOffsets };
  }

  /** Per partition, what the last pass left undone (checker: `unfinished-maintenance`). */
  private async recordLeft(storage: Storage): Promise<void> {
    const { host, recorder, partitions } = this.deps;
    const topic = await storage.topics.get(host.topic);
    if (!topic) return;
    const starts = await storage.partitions.logStartOffsets(topic.id, Array.from({ length: partitions }, (_, p) => p));
    for (let partition = 0; partition < partitions; partition++) {
      const invokeTime = recorder.now();
      const now = Date.now();
      const state = await storage.maintenance!.acquire(topic.id, partition, { owner: 'chaos-check', expiresAt: now + 1_000 }, now);
      if (state) await storage.maintenance!.release(topic.id, partition, 'chaos-check');
      const entries = await entriesOf(storage, topic.id, partition);
      const logStart = starts.get(partition) ?? 0;
      let overlapping = 0;
      let covered = -Infinity;
      for (const e of entries) {
        if (e.baseOffset < covered) overlapping++;
        covered = Math.max(covered, e.baseOffset + e.count);
      }
      const last = entries[entries.length - 1];
      const expiredEntries = entries.filter((e) => e.baseOffset + e.count <= logStart && !(e === last && e.objectKey === '')).length;
      recorder.record({
        type: 'maintenance-left', process: 'final', invokeTime, completeTime: recorder.now(), outcome: state ? 'ok' : 'info', partition,
        cleanupPending: !state || state.cleanup !== undefined, overlapping, expiredEntries,
      });
    }
  }
}

async function entriesOf(storage: Storage, topicId: string, partition: number): Promise<IndexEntry[]> {
  const out: IndexEntry[] = [];
  for (let after = -1; ;) {
    const page = await storage.index.after(topicId, partition, after, 100, 'strong');
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.baseOffset;
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
