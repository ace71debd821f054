import { describe, expect, it, vi } from 'vitest';
import { SluiceError } from '../../../shared/api/errors.ts';
import { decodeBatches, encodeBatch } from '../../../shared/codec/index.ts';
import type { MaintenanceSettings } from '../../../shared/maintenance/index.ts';
import { uniqueName } from '../../support/env.ts';
import { text } from '../log/helpers.ts';
import { entriesOf, maintenanceFor, testEngine } from './helpers.ts';

// Maintenance runs many storage calls per test: generous on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const engine = testEngine();
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  offset: number;
  key: string | null;
  value: string | null;
  headers: string;
  timestamp: number;
}

/** Every record of partition 0 from `from`, following nextOffset, and how many fetches it took. */
async function readAll(topic: string, from = 0, maxBytes = 1 << 20): Promise<{ records: Seen[]; nexts: number[] }> {
  const records: Seen[] = [];
  const nexts: number[] = [];
  let offset = from;
  for (;;) {
    const [d] = await engine.fetch.fetch([{ topic, partition: 0, offset }], { maxBytes, maxWaitMs: 0 });
    if (d!.error) throw d!.error;
    if (d!.nextOffset === offset) return { records, nexts };
    for (const b of decodeBatches(d!.batches)) {
      for (const r of b.records) {
        if (r.offset < offset) continue;
        records.push({
          offset: r.offset,
          key: r.key?.toString() ?? null,
          value: r.value?.toString() ?? null,
          headers: JSON.stringify(r.headers.map((h) => [h.key, h.value?.toString()])),
          timestamp: r.timestamp,
        });
      }
    }
    nexts.push(d!.nextOffset);
    offset = d!.nextOffset;
  }
}

/** The latest record per key among `records`. */
function latestPerKey(records: Seen[]): Map<string, Seen> {
  const out = new Map<string, Seen>();
  for (const r of records) out.set(r.key!, r);
  return out;
}

async function produce(topic: string, updates: [key: string, value: string | null][], timestamp = Date.now()) {
  const out = [];
  for (const [key, value] of updates) {
    out.push(
      ...(await engine.produce.produceJson(topic, [
        { key: text(key), value: value === null ? null : text(value.padEnd(120, '.')), headers: [{ key: 'h', value: text(`h-${value}`) }], partition: 0, timestamp },
      ])),
    );
  }
  return out;
}

const changelog = (n: number, keys: number, tag = 'v'): [string, string][] => Array.from({ length: n }, (_, i) => [`key-${i % keys}`, `${tag}${i}`]);

const compactSettings: Partial<MaintenanceSettings> = {};
const CONFIGS = { 'cleanup.policy': 'compact', 'segment.bytes': 2000, 'segment.ms': 1000 };

describe('compacted topics', () => {
  it('keep the latest value per key at its offset, with its headers and timestamp, and step over the holes', async () => {
    const topic = uniqueName('compact');
    await engine.topics.create({ name: topic, partitions: 1, configs: CONFIGS });
    await produce(topic, changelog(60, 6));
    await wait(1100);
    const before = await readAll(topic);
    // The head: produced just now, neither merged nor compacted.
    await produce(topic, [['key-0', 'head-a'], ['key-1', 'head-b']]);
    const result = await maintenanceFor(engine, compactSettings).runAll({ topics: [topic], gc: false });
    expect(result.report.failures).toEqual([]);
    expect(result.report.compactionPasses).toBe(1);
    expect(result.report.recordsCompactedAway).toBeGreaterThan(40);

    const after = await readAll(topic);
    // Every key's latest value among the compacted part survives, at its original offset.
    const compacted = after.records.filter((r) => r.offset < 60);
    const latest = latestPerKey(before.records);
    expect(new Map(compacted.map((r) => [r.key!, r]))).toEqual(latest);
    expect(compacted).toHaveLength(6);
    // Nothing else survives there: no key appears twice.
    expect(new Set(compacted.map((r) => r.key)).size).toBe(compacted.length);
    // The head is untouched.
    expect(after.records.filter((r) => r.offset >= 60).map((r) => [r.offset, r.value?.trim().replace(/\.+$/, '')])).toEqual([
      [60, 'head-a'],
      [61, 'head-b'],
    ]);
    // A fetch at an offset inside a hole returns the next record.
    const first = after.records[0]!;
    expect(first.offset).toBeGreaterThan(10);
    const inHole = await readAll(topic, 10);
    expect(inHole.records[0]).toEqual(first);
    // Small fetches step over holes one chunk at a time, and nextOffset always moves forward.
    const small = await readAll(topic, 0, 1);
    expect(small.records).toEqual(after.records);
    for (let i = 1; i < small.nexts.length; i++) expect(small.nexts[i]!).toBeGreaterThan(small.nexts[i - 1]!);
    // ListOffsets by time lands on a surviving record; the high watermark did not move.
    const t = await engine.topics.get(topic);
    expect(await engine.offsets.bounds(t)).toEqual([{ partition: 0, logStartOffset: 0, highWatermark: 62 }]);
    const [byTime] = await engine.offsets.list(t, { at: 'timestamp', timestamp: 0 });
    expect(byTime!.offset).toBe(after.records[0]!.offset);
    // The rewritten batches are valid Kafka batches: decoding checked every CRC above.
    const segments = await entriesOf(engine, topic, 0);
    expect(segments.filter((e) => e.chunks).every((e) => e.cleanedAt !== undefined)).toBe(true);
  });

  it('refuses records without a key, as Kafka does, JSON and binary alike, and writes nothing', async () => {
    const topic = uniqueName('keyless');
    await engine.topics.create({ name: topic, partitions: 1, configs: { 'cleanup.policy': 'compact,delete' } });
    const json = await engine.produce.produceJson(topic, [{ key: null, value: text('x'), headers: [] }]).catch((e: unknown) => e);
    expect(json).toBeInstanceOf(SluiceError);
    expect((json as SluiceError).code).toBe('INVALID_RECORD');
    const batch = encodeBatch([{ key: text('k'), value: text('v'), timestamp: 1 }, { key: null, value: text('v2'), timestamp: 1 }]);
    const binary = await engine.produce.produceBinary(topic, [{ partition: 0, batches: batch }]).catch((e: unknown) => e);
    expect((binary as SluiceError).code).toBe('INVALID_RECORD');
    const t = await engine.topics.get(topic);
    expect(await engine.offsets.bounds(t)).toEqual([{ partition: 0, logStartOffset: 0, highWatermark: 0 }]);
  });

  it('keep a tombstone readable for delete.retention.ms, then remove it with the key', async () => {
    const topic = uniqueName('tombstone');
    await engine.topics.create({ name: topic, partitions: 1, configs: { ...CONFIGS, 'delete.retention.ms': 1500 } });
    await produce(topic, [['gone', 'a'], ['stays', 'b'], ['gone', 'c'], ['gone', null], ...changelog(12, 3, 'f')]);
    await wait(1100);
    const service = maintenanceFor(engine, compactSettings);
    await service.runAll({ topics: [topic], gc: false });
    const first = await readAll(topic);
    expect(first.records.filter((r) => r.key === 'gone')).toEqual([expect.objectContaining({ offset: 3, value: null })]);
    expect(first.records.filter((r) => r.key === 'stays').map((r) => r.offset)).toEqual([1]);
    await wait(1600);
    const second = await service.runAll({ topics: [topic], gc: false });
    expect(second.report.tombstonesRemoved).toBe(1);
    const after = await readAll(topic);
    expect(after.records.some((r) => r.key === 'gone')).toBe(false);
    expect(after.records.filter((r) => r.key === 'stays').map((r) => r.offset)).toEqual([1]);
  });

  it('honour min.compaction.lag.ms, min.cleanable.dirty.ratio and max.compaction.lag.ms', async () => {
    const topic = uniqueName('lag');
    await engine.topics.create({ name: topic, partitions: 1, configs: { ...CONFIGS, 'min.compaction.lag.ms': 3_600_000 } });
    await produce(topic, changelog(30, 3));
    await wait(1100);
    const service = maintenanceFor(engine, compactSettings);
    const young = await service.runAll({ topics: [topic], gc: false });
    expect(young.report.segmentsWritten).toBeGreaterThan(0);
    expect(young.report.compactionPasses).toBe(0);
    // Lag lifted: compacted. Then more updates, a dirty share below the ratio: left alone.
    await engine.topics.alterConfigs(topic, { 'min.compaction.lag.ms': null, 'min.cleanable.dirty.ratio': '0.9' });
    expect((await service.runAll({ topics: [topic], gc: false })).report.compactionPasses).toBe(1);
    await produce(topic, changelog(6, 3, 'w'));
    await wait(1100);
    const below = await service.runAll({ topics: [topic], gc: false });
    expect(below.report.segmentsWritten).toBeGreaterThan(0);
    expect(below.report.compactionPasses).toBe(0);
    // max.compaction.lag.ms: dirty data older than it is compacted whatever the ratio.
    await engine.topics.alterConfigs(topic, { 'max.compaction.lag.ms': '1' });
    expect((await service.runAll({ topics: [topic], gc: false })).report.compactionPasses).toBe(1);
    const all = await readAll(topic);
    expect(all.records.map((r) => r.value?.replace(/\.+$/, ''))).toEqual(['w3', 'w4', 'w5']);
  });

  it('compact over several passes when the key map is small, correct in between', async () => {
    const topic = uniqueName('passes');
    await engine.topics.create({ name: topic, partitions: 1, configs: { ...CONFIGS, 'segment.bytes': 1200, 'min.cleanable.dirty.ratio': '0.01' } });
    await produce(topic, [...changelog(40, 20, 'a'), ...changelog(40, 20, 'b')]);
    await wait(1100);
    const before = latestPerKey((await readAll(topic)).records);
    // 16 slots: 14 keys a pass, fewer than the 20 keys.
    const service = maintenanceFor(engine, { compactionMapBytes: 16 * 24 });
    for (let pass = 0; pass < 8; pass++) {
      await service.runAll({ topics: [topic], gc: false });
      const now = await readAll(topic);
      // In between: every key's latest value is there, and no offset moved.
      expect(latestPerKey(now.records)).toEqual(before);
    }
    const final = await readAll(topic);
    expect(final.records).toHaveLength(20);
  });

  it('change policy both ways: delete to compact compacts, compact to delete stops and retention applies', async () => {
    const topic = uniqueName('policy');
    await engine.topics.create({ name: topic, partitions: 1, configs: { 'segment.bytes': 2000, 'segment.ms': 1000 } });
    await produce(topic, changelog(20, 2), Date.now() - 10_000);
    await wait(1100);
    const service = maintenanceFor(engine, compactSettings);
    expect((await service.runAll({ topics: [topic], gc: false })).report.compactionPasses).toBe(0);
    await engine.topics.alterConfigs(topic, { 'cleanup.policy': 'compact' });
    expect((await service.runAll({ topics: [topic], gc: false })).report.compactionPasses).toBe(1);
    expect((await readAll(topic)).records).toHaveLength(2);
    await engine.topics.alterConfigs(topic, { 'cleanup.policy': 'delete', 'retention.ms': 5000 });
    const expired = await service.runAll({ topics: [topic], gc: false });
    expect(expired.report.compactionPasses).toBe(0);
    const t = await engine.topics.get(topic);
    expect((await engine.offsets.bounds(t))[0]).toEqual({ partition: 0, logStartOffset: 20, highWatermark: 20 });
  });
});
