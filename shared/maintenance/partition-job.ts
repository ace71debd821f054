import { randomUUID } from 'node:crypto';
import { SluiceError } from '../api/errors.ts';
import { mapLimit } from '../log/map-limit.ts';
import type { IndexEntry, MaintenanceState, MaintenanceStore, ObjectStore, Storage, TopicRecord } from '../log/ports.ts';
import { readEntries } from '../log/read-entries.ts';
import { compacts, deletesByRetention, numericConfig } from '../api/topic-configs.ts';
import { compactPartition } from './compaction.ts';
import { deleteInOrder, end, isHollow, walk } from './entries.ts';
import { planSegments } from './merge-plan.ts';
import { segmentKey } from './segment-key.ts';
import { emptyReport, type MaintenanceReport } from './report.ts';
import { planRetention } from './retention.ts';
import { buildSegment } from './segment-builder.ts';
import type { MaintenanceSettings } from './settings.ts';

export interface JobDeps {
  storage: Storage;
  settings: MaintenanceSettings;
  now: () => number;
  newId?: () => string;
}

/** Most unmerged entries read per partition and pass; the rest wait for the next pass. */
const HEAD_LIMIT = 50_000;

interface Held {
  partition: number;
  state: MaintenanceState;
  logStart: number;
  head: IndexEntry[];
  planned: IndexEntry[][];
}

/**
 * One maintenance job: a topic's partitions (a shard of them), each under its compactor lease.
 * For each partition it finishes a swap a crashed job left half done, applies retention (log
 * start forward, then the entries behind it deleted), and merges the unmerged entries into
 * segments. The merges of all the job's partitions are read together, so that a produce object
 * holding many partitions' batches is read once (one ranged GET per object, ranges.ts).
 */
export class PartitionJob {
  private readonly store: MaintenanceStore;
  private readonly owner: string;
  readonly report: MaintenanceReport = emptyReport();

  constructor(
    private readonly deps: JobDeps,
    private readonly topic: TopicRecord,
  ) {
    if (!deps.storage.maintenance) throw new SluiceError('INTERNAL', 'this storage has no maintenance store');
    this.store = deps.storage.maintenance;
    this.owner = (deps.newId ?? randomUUID)();
  }

  async run(partitions: readonly number[]): Promise<MaintenanceReport> {
    const started = this.deps.now();
    const held: Held[] = [];
    try {
      const starts = await this.deps.storage.partitions.logStartOffsets(this.topic.id, [...partitions]);
      await mapLimit(partitions, this.deps.settings.concurrency, async (p) => {
        if (await this.guard(p, () => this.idle(p, starts.get(p) ?? 0))) {
          this.report.idle++;
          return;
        }
        const h = await this.guard(p, () => this.prepare(p));
        if (h) held.push(h);
      });
      held.sort((a, b) => a.partition - b.partition);
      await this.merge(held, started);
      // Compaction after merging, so that it sees the newest segments; its key maps take memory,
      // so two partitions at a time.
      await mapLimit(held, 2, (h) => this.guard(h.partition, () => this.compact(h)));
    } finally {
      await mapLimit(held, this.deps.settings.concurrency, (h) => this.store.release(this.topic.id, h.partition, this.owner).catch(() => undefined));
    }
    return this.report;
  }

  private async compact(h: Held): Promise<void> {
    h.state = await compactPartition({
      storage: this.deps.storage,
      store: this.store,
      settings: this.deps.settings,
      topic: this.topic,
      partition: h.partition,
      owner: this.owner,
      state: h.state,
      logStart: h.logStart,
      now: this.deps.now(),
      newId: this.deps.newId ?? randomUUID,
      stats: this.report,
    });
  }

  /**
   * Whether a partition surely has nothing to do, found with cheap reads and no write, so that an
   * idle deployment's passes take no lease: its state shows no swap half done, its latest entry is
   * a segment (or hollow, or there is none: nothing to merge), its oldest entry is not behind the
   * log start and not expired by retention.ms, and neither retention.bytes nor compaction applies
   * (those need more reads to decide). A wrong "no" only costs a lease; a stale read can make a
   * "yes" wrong, and the next pass does the work then.
   */
  private async idle(partition: number, logStart: number): Promise<boolean> {
    const { storage } = this.deps;
    const configs = this.topic.configs;
    if (!this.store.peek || compacts(configs) || (deletesByRetention(configs) && numericConfig(configs, 'retention.bytes') >= 0)) return false;
    const [state, latest, first] = await Promise.all([
      this.store.peek(this.topic.id, partition),
      storage.index.latest(this.topic.id, partition, 'eventual'),
      storage.index.after(this.topic.id, partition, -1, 1, 'eventual').then((page) => page[0]),
    ]);
    if (state?.cleanup) return false;
    if (latest && !latest.chunks && !isHollow(latest)) return false;
    if (!first || first === undefined) return true;
    if (isHollow(first)) return first.baseOffset === latest?.baseOffset;
    if (end(first) <= logStart) return false;
    const retentionMs = numericConfig(configs, 'retention.ms');
    return !(deletesByRetention(configs) && retentionMs >= 0 && first.maxTimestamp < this.deps.now() - retentionMs);
  }

  /** Takes the lease, finishes a pending cleanup, applies retention and plans the merges. */
  private async prepare(partition: number): Promise<Held | undefined> {
    const { storage, settings } = this.deps;
    const now = this.deps.now();
    let state = await this.store.acquire(this.topic.id, partition, { owner: this.owner, expiresAt: now + settings.leaseMs }, now);
    if (!state) {
      this.report.leased++;
      return undefined;
    }
    this.report.partitions++;
    const h: Held = { partition, state, logStart: 0, head: [], planned: [] };
    if (state.cleanup) {
      const next: MaintenanceState = { ...state, cleanup: undefined };
      await this.cleanUp(partition, state.cleanup.from, state.cleanup.to);
      if (!(await this.store.setState(this.topic.id, partition, this.owner, state, next))) return this.refused(h);
      state = h.state = next;
      this.report.cleanupsFinished++;
    }
    h.head = await this.readHead(partition, state.mergedTo);
    h.logStart = (await storage.partitions.logStartOffsets(this.topic.id, [partition])).get(partition) ?? 0;
    await this.retain(h);
    h.planned = planSegments(this.topic, h.head, state.mergedTo, h.logStart, this.deps.now(), settings.entryDeleteDelayMs);
    return h;
  }

  /** Moves the log start by retention, then deletes (or hollows) the entries wholly behind it. */
  private async retain(h: Held): Promise<void> {
    const { storage, settings } = this.deps;
    const plan = await planRetention(storage, this.topic, h.partition, h.state, h.logStart, h.head, this.deps.now());
    if (plan.logStart > h.logStart) {
      const moved = await storage.partitions.advanceLogStart!(this.topic.id, h.partition, plan.logStart);
      this.report.logStartsAdvanced++;
      this.report.recordsExpired += moved - h.logStart;
      h.logStart = moved;
    }
    const oldEnough = this.deps.now() - settings.entryDeleteDelayMs;
    const dead = plan.dead.filter((e) => end(e) <= h.logStart && e.appendTime < oldEnough);
    if (dead.length === 0) return;
    // The latest entry keeps the log's end (the next offset) once everything expired: it is
    // hollowed, never deleted. Every other dead entry is deleted, in order.
    const last = dead[dead.length - 1]!;
    const keepLast = plan.deadIsLatest && last === plan.dead[plan.dead.length - 1];
    const deleting = keepLast ? dead.slice(0, -1) : dead;
    await deleteInOrder(this.store, deleting);
    this.report.entriesDeleted += deleting.length;
    if (keepLast && last.objectKey !== '') await this.store.hollowOut(last);
    h.head = h.head.filter((e) => end(e) > h.logStart);
  }

  /** The entries from `mergedTo` on, ascending, at most HEAD_LIMIT. */
  private async readHead(partition: number, mergedTo: number): Promise<IndexEntry[]> {
    const head: IndexEntry[] = [];
    for await (const e of walk(this.deps.storage, this.topic.id, partition, mergedTo)) {
      head.push(e);
      if (head.length >= HEAD_LIMIT) break;
    }
    return head;
  }

  /** Deletes the entries a swap replaced: every entry keyed inside (from, to), the segment being at `from`. */
  private async cleanUp(partition: number, from: number, to: number): Promise<void> {
    const replaced: IndexEntry[] = [];
    for await (const e of walk(this.deps.storage, this.topic.id, partition, from + 1)) {
      if (e.baseOffset >= to) break;
      replaced.push(e);
    }
    await deleteInOrder(this.store, replaced);
    this.report.entriesDeleted += replaced.length;
  }

  /**
   * Builds, writes and swaps in the planned segments, a round at a time within the memory budget.
   * A partition's segments go in offset order; a refused swap ends that partition's merging.
   */
  private async merge(held: Held[], started: number): Promise<void> {
    const { settings } = this.deps;
    const queue = held.flatMap((h) => h.planned.map((entries) => ({ h, entries, bytes: entries.reduce((n, e) => n + e.byteLength, 0) })));
    const stopped = new Set<Held>();
    while (queue.length > 0) {
      if (this.deps.now() - started > settings.jobBudgetMs) return;
      const round = [queue.shift()!];
      let bytes = round[0]!.bytes;
      while (queue.length > 0 && bytes + queue[0]!.bytes <= settings.memoryBudgetBytes) {
        bytes += queue[0]!.bytes;
        round.push(queue.shift()!);
      }
      const live = round.filter((r) => !stopped.has(r.h));
      const read = await this.readRound(live, stopped);
      // Partitions in parallel; each partition's segments of this round in order.
      const byPartition = new Map<Held, IndexEntry[][]>();
      for (const r of live) byPartition.set(r.h, [...(byPartition.get(r.h) ?? []), r.entries]);
      await mapLimit([...byPartition], settings.concurrency, async ([h, segments]) => {
        for (const entries of segments) {
          if (stopped.has(h)) return;
          const ok = await this.guard(h.partition, () => this.swapIn(h, entries, read));
          if (!ok) stopped.add(h);
        }
      });
    }
  }

  /**
   * The bytes of a round's entries: one ranged GET per object for all its partitions, each GET
   * retried on a retriable error. If the round still fails, each partition is read on its own, so
   * that a failing object stops only the partitions with entries in it (docs/chaos.md, finding 7).
   */
  private async readRound(live: { h: Held; entries: IndexEntry[] }[], stopped: Set<Held>): Promise<Map<IndexEntry, Buffer>> {
    const objects = retrying(this.deps.storage.objects);
    try {
      return await readEntries(objects, live.flatMap((r) => r.entries));
    } catch {
      const read = new Map<IndexEntry, Buffer>();
      for (const r of live) {
        if (stopped.has(r.h)) continue;
        try {
          for (const [e, b] of await readEntries(objects, r.entries)) read.set(e, b);
        } catch (e) {
          this.fail(r.h.partition, e);
          stopped.add(r.h);
        }
      }
      return read;
    }
  }

  /** Writes one segment object, swaps its entry in, then deletes the entries it replaced. */
  private async swapIn(h: Held, entries: IndexEntry[], read: Map<IndexEntry, Buffer>): Promise<boolean> {
    const { storage, settings } = this.deps;
    const built = buildSegment(entries, (e) => read.get(e)!, settings.indexIntervalBytes);
    const key = segmentKey(this.topic.id, h.partition, built.baseOffset, (this.deps.newId ?? randomUUID)());
    await storage.objects.put(key, built.bytes);
    const mergedBytes = h.state.mergedBytes + built.bytes.length;
    const segment: IndexEntry = {
      topicId: this.topic.id,
      partition: h.partition,
      baseOffset: built.baseOffset,
      count: built.count,
      objectKey: key,
      byteStart: 0,
      byteLength: built.bytes.length,
      maxTimestamp: built.maxTimestamp,
      appendTime: built.appendTime,
      chunks: built.chunks,
      cumulativeBytes: mergedBytes,
    };
    const swapped: MaintenanceState = { ...h.state, mergedTo: end(segment), mergedBytes, cleanup: { from: segment.baseOffset, to: end(segment) } };
    if (!(await this.store.swapInSegment(segment, entries[0]!, this.owner, h.state, swapped))) {
      // The object is garbage now; collection deletes it after the grace period.
      this.refused(h);
      return false;
    }
    h.state = swapped;
    this.report.segmentsWritten++;
    this.report.entriesMerged += entries.length;
    this.report.bytesMerged += built.bytes.length;
    await deleteInOrder(this.store, entries.slice(1));
    this.report.entriesDeleted += entries.length - 1;
    const done: MaintenanceState = { ...swapped, cleanup: undefined };
    if (!(await this.store.setState(this.topic.id, h.partition, this.owner, swapped, done))) return !!this.refused(h);
    h.state = done;
    return true;
  }

  private refused(_h: Held): undefined {
    this.report.swapsRefused++;
    return undefined;
  }

  /** Runs one partition's step; a failure is reported and ends that partition's work in this job. */
  private async guard<T>(partition: number, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (e) {
      this.fail(partition, e);
      return undefined;
    }
  }

  private fail(partition: number, e: unknown): void {
    this.report.failures.push({ topic: this.topic.name, partition, error: e instanceof Error ? `${e.name === 'SluiceError' ? (e as SluiceError).code : e.name}: ${e.message}` : String(e) });
  }
}

/** GET attempts of a merge's read before the round gives up on it. */
const GET_ATTEMPTS = 3;

/** The object store with each ranged GET retried, with a short backoff, on a retriable error. */
function retrying(objects: ObjectStore): ObjectStore {
  return {
    ...objects,
    put: objects.put.bind(objects),
    getRange: async (key, start, length) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await objects.getRange(key, start, length);
        } catch (e) {
          if (attempt >= GET_ATTEMPTS || !(e instanceof SluiceError) || !e.retriable) throw e;
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        }
      }
    },
  };
}

