import { describe, expect, it } from 'vitest';
import { Crash, FaultInjector, type FaultPlan } from '../../../chaos/faults.ts';
import { createRng } from '../../../chaos/rng.ts';
import type { IndexEntry, MaintenanceState, MaintenanceStore, Storage } from '../../../shared/log/ports.ts';

// Maintenance's faults: crashes at the step boundaries of a merge, of retention and of garbage
// collection, the lease lost mid-merge, and refused or half-answered writes.

function maintenanceStorage() {
  const writes: string[] = [];
  const note = (w: string) => void writes.push(w);
  const state: MaintenanceState = { mergedTo: 0, mergedBytes: 0 };
  const maintenance: MaintenanceStore = {
    acquire: async (_t, p) => (note(`acquire ${p}`), state),
    release: async (_t, p) => note(`release ${p}`),
    swapInSegment: async (s) => (note(`swap ${s.partition}@${s.baseOffset}`), true),
    setState: async (_t, p) => (note(`state ${p}`), true),
    hollowOut: async (e) => (note(`hollow ${e.partition}@${e.baseOffset}`), true),
    deleteEntries: async (keys) => note(`delete ${keys.map((k) => k.baseOffset).join(',')}`),
    scanEntries: async function* () {
      yield [];
    },
    forgetTopic: async () => undefined,
  };
  const storage = {
    objects: {
      put: async (key: string) => note(`put ${key}`),
      getRange: async () => Buffer.alloc(0),
      list: async function* () {
        yield [{ key: 'objects/a', size: 1, lastModified: 0 }];
      },
      deleteMany: async (keys: string[]) => note(`delete objects ${keys.join(',')}`),
      get: async () => undefined,
    },
    index: {
      commit: async () => ({ committed: true as const }),
      commitWithProducer: async () => ({ committed: true as const }),
      latest: async () => undefined,
      floor: async () => undefined,
      after: async () => [],
      firstAtOrAfterTime: async () => undefined,
      before: async () => [],
    },
    topics: { create: async () => undefined, get: async () => undefined, list: async () => [], replace: async () => true, delete: async () => true },
    partitions: { logStartOffsets: async () => new Map<number, number>(), advanceLogStart: async (_t: string, p: number, o: number) => (note(`advance ${p}->${o}`), o) },
    producers: { init: async () => ({ producerId: 1, producerEpoch: 0 }), state: async () => undefined },
    maintenance,
  } satisfies Storage;
  return { storage, writes, state };
}

const entry = (partition: number, baseOffset: number): IndexEntry => ({
  topicId: 't', partition, baseOffset, count: 2, objectKey: 'segments/t/0/x', byteStart: 0, byteLength: 1, maxTimestamp: 0, appendTime: 0,
});
const key = (baseOffset: number) => ({ topicId: 't', partition: 0, baseOffset });

function injector(plan: FaultPlan) {
  const seen: string[] = [];
  const inj = new FaultInjector({ plan, rng: createRng(1), onFault: (kind) => seen.push(kind) });
  return { inj, seen };
}

describe('maintenance faults', () => {
  it('kill a merge after the segment PUT, after the swap, mid-deletes and before the final state', async () => {
    const merge = async (plan: FaultPlan) => {
      const { storage, writes, state } = maintenanceStorage();
      const { inj, seen } = injector(plan);
      const m = inj.wrap(storage);
      const run = async () => {
        await m.maintenance!.acquire('t', 0, { owner: 'o', expiresAt: 1 }, 0);
        await m.objects.put('segments/t/0/x', Buffer.alloc(1));
        await m.maintenance!.swapInSegment(entry(0, 0), entry(0, 0), 'o', state, { ...state, cleanup: { from: 0, to: 4 } });
        await m.maintenance!.deleteEntries([key(1)]);
        await m.maintenance!.deleteEntries([key(2)]);
        await m.maintenance!.setState('t', 0, 'o', { ...state, cleanup: { from: 0, to: 4 } }, state);
      };
      await expect(run()).rejects.toBeInstanceOf(Crash);
      // Dead: nothing more runs on the instance.
      await expect(m.maintenance!.release('t', 0, 'o')).rejects.toBeInstanceOf(Crash);
      return { writes, seen };
    };
    expect(await merge({ 'crash-merge-after-put': 1 })).toEqual({ writes: ['acquire 0', 'put segments/t/0/x'], seen: ['crash-merge-after-put'] });
    expect((await merge({ 'crash-merge-after-swap': 1 })).writes).toEqual(['acquire 0', 'put segments/t/0/x', 'swap 0@0']);
    expect((await merge({ 'crash-merge-mid-delete': 1 })).writes).toEqual(['acquire 0', 'put segments/t/0/x', 'swap 0@0', 'delete 1']);
    expect((await merge({ 'crash-merge-before-state': 1 })).writes).toEqual(['acquire 0', 'put segments/t/0/x', 'swap 0@0', 'delete 1', 'delete 2']);
    // A retention fault never fires inside a merge.
    expect(await merge({ 'crash-retention-mid-delete': 1, 'crash-merge-before-state': 1 })).toMatchObject({ seen: ['crash-merge-before-state'] });
  });

  it('kill retention after the log start moved, mid-deletes and before hollowing out', async () => {
    const retain = async (plan: FaultPlan) => {
      const { storage, writes } = maintenanceStorage();
      const { inj, seen } = injector(plan);
      const m = inj.wrap(storage);
      const run = async () => {
        await m.maintenance!.acquire('t', 0, { owner: 'o', expiresAt: 1 }, 0);
        await m.partitions.advanceLogStart!('t', 0, 6);
        await m.maintenance!.deleteEntries([key(0)]);
        await m.maintenance!.deleteEntries([key(2)]);
        await m.maintenance!.hollowOut(entry(0, 4));
      };
      await expect(run()).rejects.toBeInstanceOf(Crash);
      return { writes, seen };
    };
    expect(await retain({ 'crash-retention-after-advance': 1 })).toEqual({ writes: ['acquire 0', 'advance 0->6'], seen: ['crash-retention-after-advance'] });
    expect((await retain({ 'crash-retention-mid-delete': 1 })).writes).toEqual(['acquire 0', 'advance 0->6', 'delete 0']);
    expect((await retain({ 'crash-retention-before-hollow': 1, 'crash-merge-mid-delete': 1 }))).toEqual({
      writes: ['acquire 0', 'advance 0->6', 'delete 0', 'delete 2'], seen: ['crash-retention-before-hollow'],
    });
  });

  it('kill garbage collection after a listing, and after deleting before saving what is pending', async () => {
    const { storage, writes } = maintenanceStorage();
    const { inj, seen } = injector({ 'crash-gc-after-list': 1 });
    const listing = inj.wrap(storage).objects.list!('objects/');
    await expect((async () => { for await (const _ of listing) void _; })()).rejects.toBeInstanceOf(Crash);
    expect(seen).toEqual(['crash-gc-after-list']);
    const second = injector({ 'crash-gc-after-delete': 1 });
    const m = second.inj.wrap(storage);
    await expect(m.objects.deleteMany!(['objects/a'])).rejects.toBeInstanceOf(Crash);
    await expect(m.objects.put('maintenance/gc-pending.json', Buffer.alloc(1))).rejects.toBeInstanceOf(Crash);
    expect(writes).toEqual(['delete objects objects/a']);
  });

  it('lose the lease mid-merge: the thief runs before the swap, and is told whether the swap got in', async () => {
    const { storage, writes, state } = maintenanceStorage();
    const { inj, seen } = injector({ 'lease-lost': 1 });
    const told: boolean[] = [];
    inj.thief = { steal: async (_t, p) => void writes.push(`stolen ${p}`), swapAfterLoss: (accepted) => void told.push(accepted) };
    await inj.wrap(storage).maintenance!.swapInSegment(entry(0, 0), entry(0, 0), 'o', state, state);
    expect(writes).toEqual(['stolen 0', 'swap 0@0']);
    expect(told).toEqual([true]);
    expect(seen).toEqual(['lease-lost']);
  });

  it('refuse maintenance writes before they happen, or lose their answer after', async () => {
    const { storage, writes, state } = maintenanceStorage();
    const before = injector({ 'maintenance-write-error': 1 }).inj.wrap(storage);
    await expect(before.maintenance!.setState('t', 0, 'o', state, state)).rejects.toMatchObject({ code: 'THROTTLED' });
    await expect(before.partitions.advanceLogStart!('t', 0, 3)).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(writes).toEqual([]);
    const after = injector({ 'maintenance-timeout-after-write': 1 }).inj.wrap(storage);
    await expect(after.maintenance!.hollowOut(entry(0, 0))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(writes).toEqual(['hollow 0@0']);
  });

  it('fail a maintenance instance\'s reads as maintenance-read-error, at its own rate', async () => {
    const { storage } = maintenanceStorage();
    const { inj, seen } = injector({ 'read-error': 1, 'maintenance-read-error': 0 });
    inj.readKind = 'maintenance-read-error';
    const m = inj.wrap(storage);
    await expect(m.objects.getRange('objects/a', 0, 1)).resolves.toBeInstanceOf(Buffer);
    const failing = injector({ 'maintenance-read-error': 1 });
    failing.inj.readKind = 'maintenance-read-error';
    await expect(failing.inj.wrap(storage).index.before!('t', 0, 5, 10)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect([...seen, ...failing.seen]).toEqual(['maintenance-read-error']);
  });
});
