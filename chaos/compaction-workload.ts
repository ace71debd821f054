/**
 * A chaos workload for compacted topics. One partition of a topic with `cleanup.policy=compact`,
 * small segments and a short `delete.retention.ms`; for the run's length, concurrently:
 *
 * - producers (engine instances) write keyed updates over a small key space, some of them
 *   tombstones; each write is recorded with its offset when acknowledged, as in flight otherwise;
 * - maintenance passes (merges, compaction, sometimes garbage collection), each a new service on a
 *   new function instance seen through the fault injector (chaos/faults.ts): its reads and writes
 *   fail, and it dies at the step boundaries of a merge or a compaction (after a segment PUT,
 *   after a swap, mid-delete, before the state);
 * - readers read the partition from offset 0 to its end, again and again, recording what they saw.
 *
 * Then, faults off: the last passes merge and compact everything, wait out delete.retention.ms,
 * compact again, and a final read is taken. chaos/compaction-checker.ts judges the history.
 */
import { SluiceError } from '../shared/api/errors.ts';
import { decodeBatches } from '../shared/codec/index.ts';
import { createEngine, type Engine } from '../shared/log/engine.ts';
import type { Storage } from '../shared/log/ports.ts';
import { MaintenanceService, type MaintenanceSettings } from '../shared/maintenance/index.ts';
import { addReports, emptyReport, type MaintenanceReport } from '../shared/maintenance/report.ts';
import { brokenCompaction, type BrokenCompactionFigures } from './broken-compaction.ts';
import type { CompactionHistory, CompactionRead, CompactionWrite, ReadRecord } from './compaction-checker.ts';
import { FaultInjector, type FaultKind, type FaultPlan } from './faults.ts';
import { CHAOS_GUESS_TRUST_MS, CHAOS_MAINTENANCE_SETTINGS } from './maintenance-workload.ts';
import { createRng, type Rng } from './rng.ts';

/** The topic's configs: segments of a few dozen records, merged every second, tombstones kept two seconds. */
export const COMPACTION_TOPIC_CONFIGS: Record<string, string> = {
  'cleanup.policy': 'compact',
  'segment.bytes': '2048',
  'segment.ms': '1000',
  'delete.retention.ms': '2000',
  'min.cleanable.dirty.ratio': '0.1',
};

/** Faults of a compaction run's maintenance passes, per opportunity. */
export const COMPACTION_MAINTENANCE_PLAN: FaultPlan = {
  'maintenance-read-error': 0.01,
  'maintenance-write-error': 0.02,
  'maintenance-timeout-after-write': 0.02,
  's3-error': 0.02,
  's3-timeout-after-write': 0.01,
  'crash-merge-after-put': 0.08,
  'crash-merge-after-swap': 0.08,
  'crash-merge-mid-delete': 0.08,
  'crash-merge-before-state': 0.08,
  'crash-gc-after-list': 0.05,
  'crash-gc-after-delete': 0.05,
};

/** Faults of the producers' and readers' instances: lost answers leave writes in flight. */
export const COMPACTION_CLIENT_PLAN: FaultPlan = {
  's3-error': 0.01,
  'ddb-throttle': 0.01,
  'ddb-timeout-after-write': 0.02,
  'crash-after-commit': 0.01,
  'read-error': 0.005,
};

export interface CompactionRunOptions {
  /** A new storage client over the run's tables and bucket, as a new function instance holds. */
  newStorage: () => Storage;
  topic: string;
  seed: number | string;
  durationMs: number;
  producers?: number;
  readers?: number;
  keys?: number;
  /** Chance that a write is a tombstone. Default 0.15. */
  tombstones?: number;
  maintenancePlan?: FaultPlan;
  clientPlan?: FaultPlan;
  settings?: Partial<MaintenanceSettings>;
  /** Pause between maintenance passes (ms). Default 200. */
  passEveryMs?: number;
  /** The broken build: compaction keeps the older values of this key. */
  brokenKey?: string;
}

export interface CompactionFigures {
  writes: number;
  acked: number;
  inFlight: number;
  reads: number;
  readsFailed: number;
  passes: number;
  passesCrashed: number;
  faults: Partial<Record<FaultKind, number>>;
  report: MaintenanceReport;
  /** The partition's compaction checkpoint and high watermark at the end. */
  cleanedTo: number;
  highWatermark: number;
  /** Records in the final read. */
  finalRecords: number;
  broken?: BrokenCompactionFigures;
  ms: number;
}

export interface CompactionRunResult {
  history: CompactionHistory;
  figures: CompactionFigures;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Every record of partition 0 from offset 0 to the end, following nextOffset over holes. */
export async function readAll(engine: Engine, topic: string): Promise<{ records: ReadRecord[]; highWatermark: number }> {
  const records: ReadRecord[] = [];
  let offset = 0;
  for (let fetches = 0; fetches < 100_000; fetches++) {
    const [d] = await engine.fetch.fetch([{ topic, partition: 0, offset }], { maxBytes: 64 * 1024, maxWaitMs: 0 });
    if (d!.error) throw d!.error;
    for (const b of decodeBatches(d!.batches)) {
      for (const r of b.records) {
        if (r.offset < offset) continue;
        records.push({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null });
      }
    }
    if (d!.nextOffset <= offset) return { records, highWatermark: d!.highWatermark };
    offset = d!.nextOffset;
    if (d!.batches.length === 0 && offset >= d!.highWatermark) return { records, highWatermark: d!.highWatermark };
  }
  throw new Error('read did not reach the end');
}

export async function runCompactionWorkload(o: CompactionRunOptions): Promise<CompactionRunResult> {
  const started = Date.now();
  const rng = createRng(o.seed, 'compaction');
  const settings: Partial<MaintenanceSettings> = { ...CHAOS_MAINTENANCE_SETTINGS, ...o.settings };
  const keys = o.keys ?? 20;
  const figures: CompactionFigures = {
    writes: 0, acked: 0, inFlight: 0, reads: 0, readsFailed: 0, passes: 0, passesCrashed: 0, faults: {}, report: emptyReport(),
    cleanedTo: 0, highWatermark: 0, finalRecords: 0, ms: 0,
    ...(o.brokenKey !== undefined ? { broken: { swapsBroken: 0, recordsKept: 0 } } : {}),
  };
  const onFault = (kind: FaultKind) => {
    figures.faults[kind] = (figures.faults[kind] ?? 0) + 1;
  };
  /** A new function instance: its storage seen through a fault injector. */
  const instance = (plan: FaultPlan, r: Rng, maintenance: boolean) => {
    const injector = new FaultInjector({ plan, rng: r, onFault });
    if (maintenance) injector.readKind = 'maintenance-read-error';
    let raw = o.newStorage();
    if (maintenance && o.brokenKey !== undefined) raw = brokenCompaction(raw, o.brokenKey, settings.indexIntervalBytes ?? 1024, figures.broken);
    const storage = injector.wrap(raw);
    return { injector, storage, engine: createEngine(storage, { guessTrustMs: CHAOS_GUESS_TRUST_MS }) };
  };

  const setup = createEngine(o.newStorage(), { guessTrustMs: CHAOS_GUESS_TRUST_MS });
  await setup.topics.create({ name: o.topic, partitions: 1, configs: COMPACTION_TOPIC_CONFIGS });
  const deleteRetentionMs = Number(COMPACTION_TOPIC_CONFIGS['delete.retention.ms']);

  const writes: CompactionWrite[] = [];
  const reads: CompactionRead[] = [];
  const deadline = started + o.durationMs;
  let running = true;

  const producer = async (p: number) => {
    const prng = rng.fork(`p${p}`);
    let inst = instance(o.clientPlan ?? COMPACTION_CLIENT_PLAN, prng.fork('instance0'), false);
    for (let n = 0; Date.now() < deadline; n++) {
      const opRng = prng.fork(`op${n}`);
      if (inst.injector.dead) inst = instance(o.clientPlan ?? COMPACTION_CLIENT_PLAN, opRng.fork('instance'), false);
      inst.injector.reseed(opRng.fork('faults'));
      // A request of 1 to 8 keyed updates: one batch, consecutive offsets.
      const batch: CompactionWrite[] = Array.from({ length: 1 + opRng.int(8) }, (_, i) => ({
        process: `p${p}`,
        key: `k${opRng.int(keys)}`,
        value: opRng.chance(o.tombstones ?? 0.15) ? null : `p${p}-${n}-${i}`.padEnd(48, '.'),
        invokeTime: Date.now(),
        completeTime: 0,
      }));
      try {
        const [r] = await inst.engine.produce.produceJson(
          o.topic,
          batch.map((w) => ({ key: Buffer.from(w.key), value: w.value === null ? null : Buffer.from(w.value), headers: [], partition: 0 })),
        );
        batch.forEach((w, i) => (w.offset = r!.baseOffset + i));
      } catch (e) {
        // Refused before anything was written (a throttle, a 503 before the PUT) or lost: kept as
        // in flight either way; the checker only lets an in-flight write excuse or explain.
        if (!(e instanceof SluiceError) && !(e instanceof Error && e.name === 'Crash')) throw e;
      }
      const completeTime = Date.now();
      for (const w of batch) writes.push({ ...w, completeTime });
      await sleep(opRng.int(20));
    }
  };

  const reader = async (i: number) => {
    const rrng = rng.fork(`r${i}`);
    let inst = instance(o.clientPlan ?? COMPACTION_CLIENT_PLAN, rrng.fork('instance0'), false);
    for (let n = 0; running; n++) {
      if (inst.injector.dead) inst = instance(o.clientPlan ?? COMPACTION_CLIENT_PLAN, rrng.fork(`instance${n}`), false);
      inst.injector.reseed(rrng.fork(`read${n}`));
      const startTime = Date.now();
      try {
        const { records } = await readAll(inst.engine, o.topic);
        reads.push({ process: `r${i}`, startTime, endTime: Date.now(), records });
      } catch {
        figures.readsFailed++;
      }
      await sleep(50 + rrng.int(100));
    }
  };

  const pass = async (label: string, plan: FaultPlan, gc: boolean) => {
    const inst = instance(plan, rng.fork(label), true);
    const service = new MaintenanceService({ storage: inst.storage, settings });
    try {
      const r = await service.runAll({ topics: [o.topic], gc });
      addReports(figures.report, r.report);
    } catch {
      // A crash or an injected failure outside a partition job (planning, GC): the next pass goes on.
    }
    figures.passes++;
    if (inst.injector.dead) figures.passesCrashed++;
  };

  const maintenance = async () => {
    const every = o.passEveryMs ?? 200;
    for (let n = 0; running; n++) {
      const r = rng.fork(`m${n}`);
      await pass(`pass${n}`, o.maintenancePlan ?? COMPACTION_MAINTENANCE_PLAN, r.chance(0.3));
      await sleep(every / 2 + r.int(every));
    }
  };

  const m = maintenance();
  const rs = Array.from({ length: o.readers ?? 2 }, (_, i) => reader(i));
  await Promise.all(Array.from({ length: o.producers ?? 3 }, (_, p) => producer(p)));
  running = false;
  await Promise.all([m, ...rs]);

  // Faults off. A crashed pass's lease runs out and the head grows old enough to merge; the last
  // passes merge and compact everything, then, delete.retention.ms later, drop the tombstones.
  const wait = Math.max(settings.leaseMs ?? 0, Number(COMPACTION_TOPIC_CONFIGS['segment.ms']), settings.entryDeleteDelayMs ?? 0) + 300;
  await sleep(wait);
  const tombstonesGoneBefore = Date.now();
  await pass('final1', {}, false);
  await pass('final2', {}, true);
  await sleep(deleteRetentionMs + 500);
  await pass('final3', {}, false);
  await pass('final4', {}, true);

  const clean = createEngine(o.newStorage(), { guessTrustMs: CHAOS_GUESS_TRUST_MS });
  const topic = await clean.topics.get(o.topic);
  const now = Date.now();
  const state = await clean.storage.maintenance!.acquire(topic.id, 0, { owner: 'chaos-check', expiresAt: now + 1_000 }, now);
  if (state) await clean.storage.maintenance!.release(topic.id, 0, 'chaos-check');
  const time = Date.now();
  const final = await readAll(clean, o.topic);
  // The final read is a read of the run too: what it lacks, compaction must have had the right to remove.
  reads.push({ process: 'final', startTime: time, endTime: Date.now(), records: final.records });
  figures.cleanedTo = state?.cleanedTo ?? 0;
  figures.highWatermark = final.highWatermark;
  figures.finalRecords = final.records.length;
  figures.writes = writes.length;
  figures.acked = writes.filter((w) => w.offset !== undefined).length;
  figures.inFlight = figures.writes - figures.acked;
  figures.reads = reads.length;
  figures.ms = Date.now() - started;
  return {
    history: {
      writes, reads, deleteRetentionMs,
      final: { time, records: final.records, cleanedTo: figures.cleanedTo, ...(state ? { tombstonesGoneBefore } : {}) },
    },
    figures,
  };
}
