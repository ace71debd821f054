import { randomUUID } from 'node:crypto';
import { SluiceError } from '../api/errors.ts';
import type { Storage, StoredObject } from '../log/ports.ts';
import type { GcReport } from './report.ts';
import type { MaintenanceSettings } from './settings.ts';

/** Where produce objects and segments live; nothing else in the bucket is ever collected. */
export const DATA_PREFIXES = ['objects/', 'segments/'] as const;
/** The collector's own record of unreferenced objects and since when (JSON). */
export const PENDING_KEY = 'maintenance/gc-pending.json';
/** The collector's lease: one collector at a time. */
const GC_LEASE = { topicId: 'gc', partition: -1 } as const;

interface Pending {
  version: 1;
  /** Object key -> when a collection first found it unreferenced (ms). */
  since: Record<string, number>;
}

/**
 * Garbage collection by reachability, with a grace period. An object is deleted only when
 * 1. it is older than the grace period (so no produce or merge that wrote it can still commit a
 *    reference to it: those finish within minutes), and
 * 2. two collections at least a grace period apart both found no committed index entry of a live
 *    topic referencing it (so a reader that read an entry just before it was deleted has long
 *    finished its ranged GET).
 * The mark phase is a strongly consistent Scan of the log table, started after the listing: an
 * entry referencing an old object is never created, so a listed old object that the scan finds
 * unreferenced stays so. An object may hold many partitions' batches; one referencing entry of any
 * partition keeps it.
 *
 * Index entries of deleted topics are removed too (and their topics' per-partition items): the
 * topic list is read after the scan, and a topic's entries never exist before the topic does.
 */
export class GarbageCollector {
  constructor(
    private readonly deps: { storage: Storage; settings: MaintenanceSettings; now: () => number; newId?: () => string },
  ) {}

  async run(): Promise<GcReport> {
    const { storage, settings } = this.deps;
    const store = storage.maintenance;
    const { objects } = storage;
    if (!store || !objects.list || !objects.deleteMany || !objects.get) throw new SluiceError('INTERNAL', 'this storage cannot collect garbage');
    const report: GcReport = { ran: false, objectsListed: 0, objectsPending: 0, objectsDeleted: 0, bytesDeleted: 0, entriesOfDeletedTopics: 0, topicsForgotten: 0 };
    const owner = (this.deps.newId ?? randomUUID)();
    const startedAt = this.deps.now();
    if (!(await store.acquire(GC_LEASE.topicId, GC_LEASE.partition, { owner, expiresAt: startedAt + settings.leaseMs }, startedAt))) return report;
    report.ran = true;
    try {
      const before = new Set((await storage.topics.list()).map((t) => t.id));
      const old: StoredObject[] = [];
      for (const prefix of DATA_PREFIXES) {
        for await (const page of objects.list(prefix)) {
          report.objectsListed += page.length;
          for (const o of page) if (o.lastModified < startedAt - settings.gcGraceMs) old.push(o);
        }
      }
      const referencedBy = new Map<string, Set<string>>();
      const unknownEntries = new Map<string, { topicId: string; partition: number; baseOffset: number }[]>();
      for await (const page of store.scanEntries()) {
        for (const e of page) {
          if (e.objectKey !== '') {
            let keys = referencedBy.get(e.topicId);
            if (!keys) referencedBy.set(e.topicId, (keys = new Set()));
            keys.add(e.objectKey);
          }
          if (!before.has(e.topicId)) {
            const list = unknownEntries.get(e.topicId) ?? [];
            list.push({ topicId: e.topicId, partition: e.partition, baseOffset: e.baseOffset });
            unknownEntries.set(e.topicId, list);
          }
        }
      }
      const live = new Set((await storage.topics.list()).map((t) => t.id));
      const referenced = new Set<string>();
      for (const [topicId, keys] of referencedBy) if (live.has(topicId)) for (const k of keys) referenced.add(k);

      const pending = await this.loadPending();
      const now = this.deps.now();
      const next: Pending = { version: 1, since: {} };
      const doomed: StoredObject[] = [];
      for (const o of old) {
        if (referenced.has(o.key)) continue;
        const since = pending.since[o.key];
        if (since !== undefined && now - since >= settings.gcGraceMs) doomed.push(o);
        else next.since[o.key] = since ?? now;
      }
      await objects.deleteMany(doomed.map((o) => o.key));
      report.objectsDeleted = doomed.length;
      report.bytesDeleted = doomed.reduce((n, o) => n + o.size, 0);
      report.objectsPending = Object.keys(next.since).length;

      for (const [topicId, keys] of unknownEntries) {
        if (live.has(topicId)) continue;
        await store.deleteEntries(keys);
        await store.forgetTopic(topicId);
        report.entriesOfDeletedTopics += keys.length;
        report.topicsForgotten++;
      }
      await objects.put(PENDING_KEY, Buffer.from(JSON.stringify(next)));
    } finally {
      await store.release(GC_LEASE.topicId, GC_LEASE.partition, owner).catch(() => undefined);
    }
    return report;
  }

  private async loadPending(): Promise<Pending> {
    const body = await this.deps.storage.objects.get!(PENDING_KEY);
    if (!body) return { version: 1, since: {} };
    try {
      const parsed = JSON.parse(body.toString('utf8')) as Pending;
      if (parsed?.version === 1 && parsed.since && typeof parsed.since === 'object') return parsed;
    } catch {
      // A damaged record only delays deletions: every object starts its grace period again.
    }
    return { version: 1, since: {} };
  }
}
