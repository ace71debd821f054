import { describe, expect, it } from 'vitest';
import { Crash, FaultInjector, type FaultPlan } from '../../../chaos/faults.ts';
import { createRng } from '../../../chaos/rng.ts';
import { SluiceError } from '../../../shared/api/errors.ts';
import type { IndexEntry, Storage } from '../../../shared/log/ports.ts';

/** Just enough storage to see which writes happened: a record of calls, nothing else. */
function recordingStorage() {
  const writes: string[] = [];
  const storage = {
    objects: {
      put: async (key: string) => void writes.push(`put ${key}`),
      getRange: async () => Buffer.alloc(0),
    },
    index: {
      commit: async (e: IndexEntry) => (writes.push(`commit ${e.partition}@${e.baseOffset}`), { committed: true as const }),
      commitWithProducer: async (e: IndexEntry) => (writes.push(`commit* ${e.partition}@${e.baseOffset}`), { committed: true as const }),
      latest: async () => undefined,
      floor: async () => undefined,
      after: async () => [],
      firstAtOrAfterTime: async () => undefined,
    },
    topics: { create: async () => undefined, get: async () => undefined, list: async () => [], replace: async () => true, delete: async () => true },
    partitions: { logStartOffsets: async () => new Map<number, number>() },
    producers: { init: async () => ({ producerId: 1, producerEpoch: 0 }), state: async () => undefined },
  } satisfies Storage;
  return { storage, writes };
}

const entry = (partition: number, baseOffset: number): IndexEntry => ({
  topicId: 't', partition, baseOffset, count: 1, objectKey: 'k', byteStart: 0, byteLength: 1, maxTimestamp: 0, appendTime: 0,
});

function injector(plan: FaultPlan, seed = 1) {
  const seen: string[] = [];
  const inj = new FaultInjector({ plan, rng: createRng(seed), onFault: (kind) => seen.push(kind) });
  return { inj, seen };
}

describe('the storage fault injector', () => {
  it('refuses a write before it happens', async () => {
    const { storage, writes } = recordingStorage();
    const { inj, seen } = injector({ 'ddb-throttle': 1 });
    const faulty = inj.wrap(storage);
    await expect(faulty.index.commit(entry(0, 0))).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(writes).toEqual([]);
    expect(seen).toEqual(['ddb-throttle']);
  });

  it('fails a write after it happened (a timeout where the write did happen)', async () => {
    const { storage, writes } = recordingStorage();
    const faulty = injector({ 'ddb-timeout-after-write': 1 }).inj.wrap(storage);
    const err = await faulty.index.commit(entry(0, 3)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SluiceError);
    expect(err).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(writes).toEqual(['commit 0@3']);
  });

  it('injects the same faults into idempotent commits', async () => {
    const { storage, writes } = recordingStorage();
    const faulty = injector({ 'ddb-throttle-after-write': 1 }).inj.wrap(storage);
    await expect(faulty.index.commitWithProducer(entry(1, 0), 7, { epoch: 0, nextSeq: 1, recent: [] }, undefined)).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(writes).toEqual(['commit* 1@0']);
  });

  it('fails an S3 PUT before or after the write', async () => {
    const before = recordingStorage();
    await expect(injector({ 's3-error': 1 }).inj.wrap(before.storage).objects.put('o', Buffer.alloc(1))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(before.writes).toEqual([]);
    const after = recordingStorage();
    await expect(injector({ 's3-timeout-after-write': 1 }).inj.wrap(after.storage).objects.put('o', Buffer.alloc(1))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(after.writes).toEqual(['put o']);
  });

  it('kills the instance at a crash: the step before it happened, nothing after it runs', async () => {
    const { storage, writes } = recordingStorage();
    const { inj } = injector({ 'crash-after-put': 1 });
    const faulty = inj.wrap(storage);
    await expect(faulty.objects.put('o', Buffer.alloc(1))).rejects.toBeInstanceOf(Crash);
    expect(inj.dead).toBe(true);
    await expect(faulty.index.commit(entry(0, 0))).rejects.toBeInstanceOf(Crash);
    await expect(faulty.index.latest('t', 0)).rejects.toBeInstanceOf(Crash);
    await expect(faulty.topics.list()).rejects.toBeInstanceOf(Crash);
    expect(writes).toEqual(['put o']);
  });

  it('crashes between partition commits without doing the second', async () => {
    const { storage, writes } = recordingStorage();
    const faulty = injector({ 'crash-before-commit': 1 }).inj.wrap(storage);
    await expect(faulty.index.commit(entry(1, 0))).rejects.toBeInstanceOf(Crash);
    expect(writes).toEqual([]);
  });

  it('fails reads with a retriable error', async () => {
    const { storage } = recordingStorage();
    const faulty = injector({ 'read-error': 1 }).inj.wrap(storage);
    for (const read of [() => faulty.index.latest('t', 0), () => faulty.objects.getRange('k', 0, 1), () => faulty.topics.get('x'), () => faulty.producers.state(1, 't', 0)]) {
      await expect(read()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', retriable: true });
    }
  });

  it('passes everything through when disabled', async () => {
    const { storage, writes } = recordingStorage();
    const { inj, seen } = injector({ 'ddb-throttle': 1, 's3-error': 1, 'read-error': 1 });
    inj.enabled = false;
    const faulty = inj.wrap(storage);
    await faulty.objects.put('o', Buffer.alloc(1));
    await faulty.index.commit(entry(0, 0));
    await faulty.index.latest('t', 0);
    expect(writes).toEqual(['put o', 'commit 0@0']);
    expect(seen).toEqual([]);
  });

  it('draws the same faults from the same seed', async () => {
    const run = async (seed: number) => {
      const { storage } = recordingStorage();
      const { inj, seen } = injector({ 'ddb-error': 0.3, 'ddb-timeout-after-write': 0.3 }, seed);
      const faulty = inj.wrap(storage);
      for (let i = 0; i < 50; i++) await faulty.index.commit(entry(0, i)).catch(() => undefined);
      return seen.join(',');
    };
    expect(await run(7)).toBe(await run(7));
    expect(await run(7)).not.toBe(await run(8));
  });
});
