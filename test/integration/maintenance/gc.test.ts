import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeBatch } from '../../../shared/codec/index.ts';
import { createEngine, type Engine } from '../../../shared/log/engine.ts';
import type { Storage } from '../../../shared/log/ports.ts';
import { DATA_PREFIXES, MaintenanceService, PENDING_KEY } from '../../../shared/maintenance/index.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { dropStorage, ensureStorage } from '../../../shared/storage/provision.ts';
import type { StorageConfig } from '../../../shared/storage/config.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';
import { record } from '../log/helpers.ts';
import { TEST_SETTINGS, entriesOf, readPartition } from './helpers.ts';

// Maintenance runs many storage calls per test: generous on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

// Garbage collection looks at the whole bucket and table, so it gets storage of its own: other
// tests' produces in flight would be (rightly) unreferenced objects younger than no grace at all.
let config: StorageConfig;
let storage: Storage;
let engine: Engine;
let clock = 0;
const now = () => Date.now() + clock;

beforeAll(async () => {
  const base = storageConfig();
  const name = uniqueName('gc');
  config = { ...base, bucket: name, metadataTable: `${name}-metadata`, logTable: `${name}-log` };
  await ensureStorage(config);
  storage = createStorage(config);
  engine = createEngine(storage, { guessTrustMs: 0 });
});

afterAll(async () => {
  await dropStorage(config).catch(() => undefined);
});

async function keys(): Promise<string[]> {
  const out: string[] = [];
  for (const prefix of DATA_PREFIXES) for await (const page of storage.objects.list!(prefix)) out.push(...page.map((o) => o.key));
  return out.sort();
}

/** A collector with a one-minute grace, on a clock the test moves. */
function collector(graceMs = 60_000) {
  return new MaintenanceService({ storage, settings: { ...TEST_SETTINGS, gcGraceMs: graceMs }, now });
}

describe('garbage collection', () => {
  it('deletes orphans of crashed produces after two collections a grace period apart, and nothing referenced', async () => {
    const topic = uniqueName('orphans');
    await engine.topics.create({ name: topic, partitions: 3 });
    await engine.produce.produceJson(topic, [record('a', { partition: 0 }), record('b', { partition: 1 }), record('c', { partition: 2 })]);
    // A produce that died after its PUT: an object no entry will ever reference.
    await storage.objects.put('objects/2020-01-01/crashed-produce', Buffer.from('orphan bytes'));
    const all = await keys();
    expect(all).toHaveLength(2);

    // Young objects are never touched, however unreferenced.
    clock = 0;
    expect((await collector().runAll({ gc: true, topics: [] })).gc).toMatchObject({ ran: true, objectsDeleted: 0, objectsPending: 0 });
    // Old enough: found unreferenced, and pending.
    clock = 120_000;
    expect((await collector().runAll({ gc: true, topics: [] })).gc).toMatchObject({ objectsDeleted: 0, objectsPending: 1 });
    expect(await storage.objects.get!(PENDING_KEY)).toBeDefined();
    // Not yet a grace period since it was first found.
    clock = 150_000;
    expect((await collector().runAll({ gc: true, topics: [] })).gc).toMatchObject({ objectsDeleted: 0, objectsPending: 1 });
    clock = 200_000;
    expect((await collector().runAll({ gc: true, topics: [] })).gc).toMatchObject({ objectsDeleted: 1, objectsPending: 0 });
    expect(await keys()).toEqual(all.filter((k) => k !== 'objects/2020-01-01/crashed-produce'));
    // The produce object, referenced by three partitions, is intact.
    for (const p of [0, 1, 2]) expect((await readPartition(engine, topic, p)).records).toHaveLength(1);
  });

  it('keeps a produce object until every partition in it has merged, then deletes it', async () => {
    const topic = uniqueName('shared-object');
    await engine.topics.create({ name: topic, partitions: 2, configs: { 'segment.bytes': 1024, 'segment.ms': 1000 } });
    const before = new Set(await keys());
    await engine.produce.produceJson(topic, [record('p0', { partition: 0 }), record('p1', { partition: 1 })]);
    // This produce's object: the bucket also holds the earlier tests' objects, in random key order.
    const fresh = (await keys()).filter((k) => !before.has(k));
    expect(fresh).toHaveLength(1);
    const object = fresh[0]!;
    const t = await engine.topics.get(topic);
    clock = 400_000;
    // Only partition 0 merges: partition 1 still references the object.
    await new MaintenanceService({ storage, settings: TEST_SETTINGS, now }).runJob({ kind: 'partitions', topic, topicId: t.id, partitions: [0] });
    expect((await entriesOf(engine, topic, 0))[0]!.objectKey.startsWith('segments/')).toBe(true);
    clock = 500_000;
    await collector().runAll({ gc: true, topics: [] });
    clock = 600_000;
    await collector().runAll({ gc: true, topics: [] });
    expect(await keys()).toContain(object);
    // Partition 1 merges too: now nothing references it.
    await new MaintenanceService({ storage, settings: TEST_SETTINGS, now }).runJob({ kind: 'partitions', topic, topicId: t.id, partitions: [1] });
    clock = 700_000;
    await collector().runAll({ gc: true, topics: [] });
    clock = 800_000;
    const done = await collector().runAll({ gc: true, topics: [] });
    expect(done.gc!.objectsDeleted).toBeGreaterThanOrEqual(1);
    expect(await keys()).not.toContain(object);
    for (const p of [0, 1]) expect((await readPartition(engine, topic, p)).records.map((r) => r.value)).toEqual([`p${p}`]);
  });

  it('removes a deleted topic: its entries, its per-partition items and producer states and, after the grace, all its objects', async () => {
    const keep = uniqueName('keep');
    const drop = uniqueName('drop');
    await engine.topics.create({ name: keep, partitions: 1 });
    await engine.topics.create({ name: drop, partitions: 2, configs: { 'segment.bytes': 1024, 'segment.ms': 1000 } });
    await engine.produce.produceJson(keep, [record('kept')]);
    for (let i = 0; i < 4; i++) await engine.produce.produceJson(drop, [record(`d${i}`.padEnd(400, '.'), { partition: i % 2 })]);
    // One idempotent producer writes to both topics: its states in the deleted one go, the other stays.
    const { producerId, producerEpoch } = await storage.producers.init();
    const idempotent = (value: string) =>
      Buffer.from(encodeBatch([{ key: null, value: Buffer.from(value), timestamp: Date.now() }], { producerId, producerEpoch, baseSequence: 0 }));
    await engine.produce.produceBinary(keep, [{ partition: 0, batches: idempotent('kept-idempotent') }]);
    for (const p of [0, 1]) await engine.produce.produceBinary(drop, [{ partition: p, batches: idempotent(`dropped-${p}`) }]);
    const kept = await engine.topics.get(keep);
    clock = 900_000;
    await new MaintenanceService({ storage, settings: TEST_SETTINGS, now }).runAll({ topics: [drop], gc: false });
    await engine.deleteRecords(drop, [{ partition: 0, offset: 1 }]);
    const dropped = await engine.topics.get(drop);
    for (const p of [0, 1]) expect(await storage.producers.state(producerId, dropped.id, p)).toMatchObject({ nextSeq: 1 });
    const before = await keys();
    expect(before.some((k) => k.startsWith(`segments/${dropped.id}/`))).toBe(true);
    await engine.topics.delete(drop);

    clock = 1_000_000;
    const first = await collector().runAll({ gc: true, topics: [] });
    expect(first.gc!.topicsForgotten).toBe(1);
    expect(first.gc!.entriesOfDeletedTopics).toBeGreaterThan(0);
    expect(await storage.index.latest(dropped.id, 0)).toBeUndefined();
    expect(await storage.index.latest(dropped.id, 1)).toBeUndefined();
    expect((await storage.partitions.logStartOffsets(dropped.id, [0])).get(0)).toBe(0);
    for (const p of [0, 1]) expect(await storage.producers.state(producerId, dropped.id, p)).toBeUndefined();
    expect(await storage.producers.state(producerId, kept.id, 0)).toMatchObject({ epoch: producerEpoch, nextSeq: 1 });
    clock = 1_100_000;
    await collector().runAll({ gc: true, topics: [] });
    const after = await keys();
    expect(after.some((k) => k.startsWith(`segments/${dropped.id}/`))).toBe(false);
    expect((await readPartition(engine, keep, 0)).records.map((r) => r.value)).toEqual(['kept', 'kept-idempotent']);
  });

  it('one collector at a time: a second one finds the lease taken and does nothing', async () => {
    const t = Date.now() + clock;
    const store = storage.maintenance!;
    expect(await store.acquire('gc', -1, { owner: 'someone-else', expiresAt: t + 60_000 }, t)).toBeDefined();
    const result = await collector().runAll({ gc: true, topics: [] });
    expect(result.gc).toMatchObject({ ran: false, objectsDeleted: 0 });
    await store.release('gc', -1, 'someone-else');
  });
});
