import { describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../../shared/log/engine.ts';
import type { Storage } from '../../../shared/log/ports.ts';
import { MaintenanceService } from '../../../shared/maintenance/index.ts';
import { uniqueName } from '../../support/env.ts';
import { realEngine, record } from '../log/helpers.ts';
import { TEST_SETTINGS, entriesOf, readPartition, testEngine } from './helpers.ts';

// Maintenance runs many storage calls per test: generous on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

class Crash extends Error {}

type Step = { target: 'objects' | 'maintenance' | 'partitions'; method: string; nth: number; when: 'before' | 'after'; match?: (args: unknown[]) => boolean };

/**
 * Storage whose process dies at one step: the step's call (made or not), then every call after it
 * throws, as a killed function makes no more calls. Its leases are never released.
 */
function dying(s: Storage, step: Step): { storage: Storage; died: () => boolean } {
  let dead = false;
  let seen = 0;
  const wrap = <T extends object>(name: Step['target'], obj: T): T =>
    new Proxy(obj, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (dead) throw new Crash('dead');
          const hit = name === step.target && prop === step.method && (!step.match || step.match(args)) && ++seen === step.nth;
          if (hit && step.when === 'before') {
            dead = true;
            throw new Crash(`killed before ${String(prop)}`);
          }
          const out = await (value as (...a: unknown[]) => unknown).apply(target, args);
          if (hit) {
            dead = true;
            throw new Crash(`killed after ${String(prop)}`);
          }
          return out;
        };
      },
    });
  return {
    storage: { ...s, objects: wrap('objects', s.objects), maintenance: wrap('maintenance', s.maintenance!), partitions: wrap('partitions', s.partitions) },
    died: () => dead,
  };
}

const isSegmentPut = (args: unknown[]) => String(args[0]).startsWith('segments/');

const STEPS: [string, Step][] = [
  ['after the segment PUT, before the swap', { target: 'objects', method: 'put', nth: 1, when: 'after', match: isSegmentPut }],
  ['before the swap', { target: 'maintenance', method: 'swapInSegment', nth: 1, when: 'before' }],
  ['right after the swap', { target: 'maintenance', method: 'swapInSegment', nth: 1, when: 'after' }],
  ['after the first batch of deletes', { target: 'maintenance', method: 'deleteEntries', nth: 1, when: 'after' }],
  ['before the last replaced entry is deleted', { target: 'maintenance', method: 'deleteEntries', nth: 3, when: 'before' }],
  ['after the deletes, before the state records them', { target: 'maintenance', method: 'setState', nth: 1, when: 'before' }],
  ['after the second segment PUT', { target: 'objects', method: 'put', nth: 2, when: 'after', match: isSegmentPut }],
  ['after retention moved the log start, before its deletes', { target: 'partitions', method: 'advanceLogStart', nth: 1, when: 'after' }],
  ['before the last expired entry is hollowed', { target: 'maintenance', method: 'hollowOut', nth: 1, when: 'before' }],
];

async function setUp(engine: Engine, expire: boolean) {
  const topic = uniqueName('kill');
  // 60 entries of ~400 bytes: two segments of 30 (12 KB), each swap leaving 29 entries to delete (2 batches).
  await engine.topics.create({ name: topic, partitions: 1, configs: { 'segment.bytes': 12_000, 'segment.ms': 1000, 'retention.ms': expire ? 3_600_000 : -1 } });
  for (let i = 0; i < 60; i++) await engine.produce.produceJson(topic, [record(`r${i}`.padEnd(300, '.'), { timestamp: Date.now() - (expire && i < 30 ? 7_200_000 : 0) })]);
  return topic;
}

describe('maintenance killed at each step', () => {
  for (const [name, step] of STEPS) {
    it(`${name}: readers see every record once meanwhile, and the next pass finishes the work`, async () => {
      const engine = testEngine();
      const expire = step.target === 'partitions' || step.method === 'hollowOut';
      const topic = await setUp(engine, expire);
      await new Promise((r) => setTimeout(r, 1100));
      const before = await readPartition(engine, topic, 0, 0, 5000);
      if (step.method === 'hollowOut') await engine.deleteRecords(topic, [{ partition: 0, offset: -1 }]);
      const { storage, died } = dying(engine.storage, step);
      const settings = { ...TEST_SETTINGS, leaseMs: 60_000 };
      const crashed = await new MaintenanceService({ storage, settings }).runAll({ topics: [topic], gc: false }).then(
        (r) => r.report,
        () => undefined,
      );
      expect(died()).toBe(true);
      if (crashed) expect(crashed.failures.length).toBeGreaterThan(0);

      // Meanwhile: every record still there once, in order, byte for byte (above the log start).
      const t = await engine.topics.get(topic);
      const [bounds] = await engine.offsets.bounds(t);
      const during = await readPartition(realEngine(), topic, 0, bounds!.logStartOffset, 5000);
      expect(during.records).toEqual(before.records.filter((r) => r.offset >= bounds!.logStartOffset));

      // The lease of the dead job stops a second compactor until it expires.
      const blocked = await new MaintenanceService({ storage: engine.storage, settings }).runAll({ topics: [topic], gc: false });
      expect(blocked.report.leased).toBe(1);
      const later = () => Date.now() + 120_000;
      const recovered = await new MaintenanceService({ storage: engine.storage, settings, now: later }).runAll({ topics: [topic], gc: false });
      expect(recovered.report.failures).toEqual([]);
      await new MaintenanceService({ storage: engine.storage, settings, now: later }).runAll({ topics: [topic], gc: false });

      const [end] = await engine.offsets.bounds(t);
      const after = await readPartition(testEngine(), topic, 0, end!.logStartOffset, 5000);
      expect(after.records).toEqual(before.records.filter((r) => r.offset >= end!.logStartOffset));
      const entries = await entriesOf(engine, topic, 0);
      if (expire) {
        expect(end!.logStartOffset).toBe(expire && step.method === 'hollowOut' ? 60 : 30);
      } else {
        // Merged: segments tiling [0, 60), no replaced entry left behind.
        expect(entries.length).toBeGreaterThanOrEqual(2);
        let next = 0;
        for (const e of entries) {
          expect(e.chunks).toBeDefined();
          expect(e.baseOffset).toBe(next);
          next = e.baseOffset + e.count;
        }
        expect(next).toBe(60);
      }
      // The offsets continue where they were.
      const [next] = await engine.produce.produceJson(topic, [record('next')]);
      expect(next!.baseOffset).toBe(60);
    });
  }

  it('a compactor whose lease expired and was taken over cannot swap its segment in', async () => {
    const engine = testEngine();
    const topic = await setUp(engine, false);
    await new Promise((r) => setTimeout(r, 1100));
    const before = await readPartition(engine, topic, 0, 0, 5000);
    const t = await engine.topics.get(topic);
    let taken = false;
    // The old compactor stalls after its segment PUT; meanwhile its lease expires and another takes it.
    const stalled: Storage = {
      ...engine.storage,
      objects: {
        ...engine.storage.objects,
        put: async (key, body) => {
          await engine.storage.objects.put(key, body);
          if (key.startsWith('segments/') && !taken) {
            taken = true;
            const later = Date.now() + 20 * 60_000;
            expect(await engine.storage.maintenance!.acquire(t.id, 0, { owner: 'usurper', expiresAt: later + 60_000 }, later)).toBeDefined();
          }
        },
        getRange: engine.storage.objects.getRange.bind(engine.storage.objects),
      },
    };
    const old = await new MaintenanceService({ storage: stalled, settings: TEST_SETTINGS }).runAll({ topics: [topic], gc: false });
    expect(old.report.swapsRefused).toBe(1);
    expect(old.report.segmentsWritten).toBe(0);
    expect((await entriesOf(engine, topic, 0)).some((e) => e.chunks)).toBe(false);
    expect((await readPartition(engine, topic, 0, 0, 5000)).records).toEqual(before.records);
    await engine.storage.maintenance!.release(t.id, 0, 'usurper');
  });
});

describe('compaction killed at each step', () => {
  const COMPACT_STEPS: [string, Step][] = [
    ['after a rewritten segment is written', { target: 'objects', method: 'put', nth: 1, when: 'after', match: isSegmentPut }],
    ['after the first segment is swapped', { target: 'maintenance', method: 'swapInSegment', nth: 1, when: 'after' }],
    ['after the second segment is swapped', { target: 'maintenance', method: 'swapInSegment', nth: 2, when: 'after' }],
    ['before the checkpoint moves', { target: 'maintenance', method: 'setState', nth: 1, when: 'before' }],
  ];
  for (const [name, step] of COMPACT_STEPS) {
    it(`${name}: every key keeps its latest value meanwhile, and the next pass finishes`, async () => {
      const engine = testEngine();
      const topic = uniqueName('kill-compact');
      await engine.topics.create({ name: topic, partitions: 1, configs: { 'cleanup.policy': 'compact', 'segment.bytes': 3000, 'segment.ms': 1000 } });
      for (let i = 0; i < 40; i++) await engine.produce.produceJson(topic, [{ key: Buffer.from(`k${i % 5}`), value: Buffer.from(`v${i}`.padEnd(200, '.')), headers: [] }]);
      await new Promise((r) => setTimeout(r, 1100));
      // Merge first, without compaction's crash: segments exist before the pass under test.
      await engine.topics.alterConfigs(topic, { 'min.compaction.lag.ms': '3600000' });
      await new MaintenanceService({ storage: engine.storage, settings: { ...TEST_SETTINGS, leaseMs: 60_000 } }).runAll({ topics: [topic], gc: false });
      await engine.topics.alterConfigs(topic, { 'min.compaction.lag.ms': null });
      const latest = new Map<string, string>();
      for (const r of (await readPartition(engine, topic, 0)).records) latest.set(r.key!, r.value);
      expect(latest.size).toBe(5);

      const { storage, died } = dying(engine.storage, step);
      await new MaintenanceService({ storage, settings: { ...TEST_SETTINGS, leaseMs: 60_000 } }).runAll({ topics: [topic], gc: false }).catch(() => undefined);
      expect(died()).toBe(true);
      const during = await readPartition(realEngine(), topic, 0);
      const seen = new Map<string, string>();
      for (const r of during.records) seen.set(r.key!, r.value);
      expect(seen).toEqual(latest);
      expect(during.records.map((r) => r.offset)).toEqual([...during.records.map((r) => r.offset)].sort((a, b) => a - b));

      const later = () => Date.now() + 120_000;
      const recovered = await new MaintenanceService({ storage: engine.storage, settings: { ...TEST_SETTINGS, leaseMs: 60_000 }, now: later }).runAll({ topics: [topic], gc: false });
      expect(recovered.report.failures).toEqual([]);
      const after = await readPartition(testEngine(), topic, 0);
      expect(after.records).toHaveLength(5);
      expect(new Map(after.records.map((r) => [r.key!, r.value]))).toEqual(latest);
    });
  }
});
