import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { decodeBatches } from '../../../shared/codec/index.ts';
import type { Storage } from '../../../shared/log/ports.ts';
import { createClients } from '../../../shared/storage/index.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';
import { realEngine, record } from './helpers.ts';

class Crash extends Error {}

/** Real storage, except that the process "dies" right after the object PUT, before any commit. */
function crashAfterPut(s: Storage): Storage {
  return {
    ...s,
    objects: {
      put: async (key, body) => {
        await s.objects.put(key, body);
        throw new Crash(`killed after writing ${key}`);
      },
      getRange: s.objects.getRange.bind(s.objects),
    },
  };
}

describe('a produce killed between its S3 write and its commit', () => {
  it('leaves nothing visible, nothing corrupt, and the next produce takes the same offsets', async () => {
    const topic = uniqueName('crash');
    const engine = realEngine();
    await engine.topics.create({ name: topic, partitions: 2 });
    await engine.produce.produceJson(topic, [record('before', { partition: 0 })]);

    const doomed = realEngine({}, crashAfterPut);
    await expect(
      doomed.produce.produceJson(topic, [record('lost-0', { partition: 0 }), record('lost-1', { partition: 1 })]),
    ).rejects.toBeInstanceOf(Crash);

    const t = await engine.topics.get(topic);
    expect(await engine.offsets.bounds(t)).toEqual([
      { partition: 0, logStartOffset: 0, highWatermark: 1 },
      { partition: 1, logStartOffset: 0, highWatermark: 0 },
    ]);
    const [p0, p1] = await engine.fetch.fetch(
      [
        { topic, partition: 0, offset: 0 },
        { topic, partition: 1, offset: 0 },
      ],
      { maxBytes: 1 << 20, maxWaitMs: 0 },
    );
    expect(decodeBatches(p0!.batches).flatMap((b) => b.records.map((r) => r.value!.toString()))).toEqual(['before']);
    expect(p1!.batches.length).toBe(0);

    // The orphan object is there (for garbage collection), referenced by nothing.
    const { s3 } = createClients(storageConfig());
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: storageConfig().bucket, Prefix: 'objects/' }));
    expect((listed.Contents ?? []).length).toBeGreaterThan(0);

    const [next] = await engine.produce.produceJson(topic, [record('after', { partition: 0 })]);
    expect(next!.baseOffset).toBe(1);
    const [again] = await engine.fetch.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(decodeBatches(again!.batches).flatMap((b) => b.records.map((r) => [r.offset, r.value!.toString()]))).toEqual([
      [0, 'before'],
      [1, 'after'],
    ]);
  });

  it('a commit that fails on one partition leaves the others committed and reports both', async () => {
    const topic = uniqueName('partial');
    const engine = realEngine();
    await engine.topics.create({ name: topic, partitions: 2 });
    const t = await engine.topics.get(topic);
    const failing = realEngine({}, (s) => ({
      ...s,
      index: Object.assign(Object.create(Object.getPrototypeOf(s.index)), s.index, {
        commit: async (e: Parameters<Storage['index']['commit']>[0]) => {
          if (e.partition === 1) throw new (await import('../../../shared/api/errors.ts')).SluiceError('STORAGE_UNAVAILABLE', 'injected');
          return s.index.commit(e);
        },
      }),
    }));
    const err = await failing.produce
      .produceJson(topic, [record('a', { partition: 0 }), record('b', { partition: 1 })])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORAGE_UNAVAILABLE', details: { committed: [{ partition: 0, baseOffset: 0 }], failed: [{ partition: 1 }] } });
    expect((await engine.offsets.bounds(t)).map((b) => b.highWatermark)).toEqual([1, 0]);
  });
});
