import { describe, expect, it, vi } from 'vitest';
import { OffsetOutOfRangeError, SluiceError } from '../../../shared/api/errors.ts';
import { uniqueName } from '../../support/env.ts';
import { record } from '../log/helpers.ts';
import { entriesOf, maintenanceFor, readPartition, testEngine } from './helpers.ts';

// Maintenance runs many storage calls per test: generous on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const engine = testEngine();
const DAY = 86_400_000;

async function produceAt(topic: string, n: number, timestamp: (i: number) => number, size = 100, partition = 0) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const [r] = await engine.produce.produceJson(topic, [record(`m${i}`.padEnd(size, '-'), { partition, timestamp: timestamp(i) })]);
    out.push(r!);
  }
  return out;
}

async function fetchAt(topic: string, offset: number) {
  const [d] = await engine.fetch.fetch([{ topic, partition: 0, offset }], { maxBytes: 1 << 20, maxWaitMs: 0 });
  return d!;
}

describe('retention, as Kafka does it', () => {
  it('retention.ms drops whole entries whose newest record is older than the limit, and fetches below the new start are out of range', async () => {
    const topic = uniqueName('ret-ms');
    await engine.topics.create({ name: topic, partitions: 1, configs: { 'retention.ms': DAY } });
    const now = Date.now();
    await produceAt(topic, 5, () => now - 3 * DAY);
    await produceAt(topic, 3, () => now);
    const result = await maintenanceFor(engine).runAll({ topics: [topic], gc: false });
    expect(result.report.failures).toEqual([]);
    expect(result.report.recordsExpired).toBe(5);
    const t = await engine.topics.get(topic);
    expect(await engine.offsets.bounds(t)).toEqual([{ partition: 0, logStartOffset: 5, highWatermark: 8 }]);
    const below = await fetchAt(topic, 2);
    expect(below.error).toBeInstanceOf(OffsetOutOfRangeError);
    expect(below.error!.toBody().error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', logStartOffset: 5, highWatermark: 8 });
    expect((await readPartition(engine, topic, 0, 5)).records.map((r) => r.offset)).toEqual([5, 6, 7]);
    // The entries behind the start are gone from the index.
    expect((await entriesOf(engine, topic, 0)).map((e) => e.baseOffset)).toEqual([5, 6, 7]);
    const [earliest] = await engine.offsets.list(t, { at: 'earliest' });
    expect(earliest!.offset).toBe(5);
  });

  it('retention.bytes keeps at least the limit per partition, dropping the oldest, on segments and unmerged entries alike', async () => {
    const topic = uniqueName('ret-bytes');
    await engine.topics.create({ name: topic, partitions: 2, configs: { 'retention.bytes': 2000, 'segment.bytes': 1500, 'segment.ms': 1000 } });
    const now = Date.now();
    await produceAt(topic, 20, () => now, 200, 0);
    await produceAt(topic, 3, () => now, 200, 1);
    await new Promise((r) => setTimeout(r, 1100));
    const service = maintenanceFor(engine);
    await service.runAll({ topics: [topic], gc: false });
    await service.runAll({ topics: [topic], gc: false });
    const t = await engine.topics.get(topic);
    const [p0, p1] = await engine.offsets.bounds(t);
    expect(p1).toEqual({ partition: 1, logStartOffset: 0, highWatermark: 3 });
    expect(p0!.highWatermark).toBe(20);
    expect(p0!.logStartOffset).toBeGreaterThan(0);
    const entries = await entriesOf(engine, topic, 0);
    const kept = entries.reduce((n, e) => n + e.byteLength, 0);
    // What remains is at least the limit, and dropping its oldest entry would go below it.
    expect(kept).toBeGreaterThanOrEqual(2000);
    expect(kept - entries[0]!.byteLength).toBeLessThan(2000);
    expect(entries[0]!.baseOffset).toBe(p0!.logStartOffset);
    const left = await readPartition(engine, topic, 0, p0!.logStartOffset);
    expect(left.records.map((r) => r.offset)).toEqual(Array.from({ length: 20 - p0!.logStartOffset }, (_, i) => p0!.logStartOffset + i));
  });

  it('-1 keeps everything, and a compact-only topic is not trimmed by time', async () => {
    const topic = uniqueName('forever');
    await engine.topics.create({ name: topic, partitions: 1, configs: { 'retention.ms': -1 } });
    await produceAt(topic, 3, () => Date.now() - 400 * DAY);
    const compacted = uniqueName('compact');
    await engine.topics.create({ name: compacted, partitions: 1, configs: { 'retention.ms': 1000, 'cleanup.policy': 'compact' } });
    for (const key of ['a', 'b']) await engine.produce.produceJson(compacted, [record(key, { key, timestamp: Date.now() - 400 * DAY })]);
    const result = await maintenanceFor(engine).runAll({ topics: [topic, compacted], gc: false });
    expect(result.report.recordsExpired).toBe(0);
    expect((await readPartition(engine, topic, 0)).records.length).toBe(3);
  });

  it('keeps the log end when everything expires: produce, let all of it go, produce again, offsets continue', async () => {
    const topic = uniqueName('expire-all');
    await engine.topics.create({ name: topic, partitions: 1, configs: { 'retention.ms': -1, 'segment.bytes': 1024, 'segment.ms': 1000 } });
    await produceAt(topic, 6, () => Date.now() - 2 * DAY, 400);
    await new Promise((r) => setTimeout(r, 1100));
    const service = maintenanceFor(engine);
    // First a merge into segments, then retention is set and everything expires.
    const merged = await service.runAll({ topics: [topic], gc: false });
    expect(merged.report.segmentsWritten).toBeGreaterThan(1);
    await engine.topics.alterConfigs(topic, { 'retention.ms': DAY });
    const expired = await service.runAll({ topics: [topic], gc: false });
    expect(expired.report.recordsExpired).toBe(6);
    const t = await engine.topics.get(topic);
    expect(await engine.offsets.bounds(t)).toEqual([{ partition: 0, logStartOffset: 6, highWatermark: 6 }]);
    // One hollow entry keeps the end; it points at no object.
    const left = await entriesOf(engine, topic, 0);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ objectKey: '', byteLength: 0 });
    expect(left[0]!.baseOffset + left[0]!.count).toBe(6);
    const below = await fetchAt(topic, 0);
    expect(below.error).toBeInstanceOf(OffsetOutOfRangeError);
    const empty = await fetchAt(topic, 6);
    expect(empty.error).toBeUndefined();
    expect(empty.batches.length).toBe(0);

    // A fresh engine (a new function) produces at 6, not 0.
    const fresh = testEngine();
    const [r] = await fresh.produce.produceJson(topic, [record('after', { timestamp: Date.now() })]);
    expect(r!.baseOffset).toBe(6);
    expect((await readPartition(fresh, topic, 0, 6)).records.map((x) => [x.offset, x.value])).toEqual([[6, 'after']]);
  });

  it('continues offsets even when no entry at all is left', async () => {
    const topic = uniqueName('no-entry');
    await engine.topics.create({ name: topic, partitions: 1 });
    await produceAt(topic, 4, () => Date.now());
    await engine.deleteRecords(topic, [{ partition: 0, offset: -1 }]);
    const t = await engine.topics.get(topic);
    // Delete every entry by hand, hollow one included, as if a much older design had removed them.
    const entries = await entriesOf(engine, topic, 0);
    await engine.storage.maintenance!.deleteEntries(entries);
    const fresh = testEngine();
    const [r] = await fresh.produce.produceJson(topic, [record('next')]);
    expect(r!.baseOffset).toBe(4);
    expect(await fresh.offsets.bounds(t)).toEqual([{ partition: 0, logStartOffset: 4, highWatermark: 5 }]);
  });
});

describe('DeleteRecords', () => {
  it('moves log starts forward by hand, never back, and maintenance drops what lies behind', async () => {
    const topic = uniqueName('delrec');
    await engine.topics.create({ name: topic, partitions: 2 });
    await produceAt(topic, 10, () => Date.now(), 50, 0);
    await produceAt(topic, 4, () => Date.now(), 50, 1);
    expect(await engine.deleteRecords(topic, [{ partition: 0, offset: 7 }, { partition: 1, offset: -1 }])).toEqual([
      { partition: 0, lowWatermark: 7 },
      { partition: 1, lowWatermark: 4 },
    ]);
    // Backwards changes nothing.
    expect(await engine.deleteRecords(topic, [{ partition: 0, offset: 3 }])).toEqual([{ partition: 0, lowWatermark: 7 }]);
    const below = await fetchAt(topic, 6);
    expect(below.error!.toBody().error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', logStartOffset: 7 });
    expect((await readPartition(engine, topic, 0, 7)).records.map((r) => r.offset)).toEqual([7, 8, 9]);
    await maintenanceFor(engine).runAll({ topics: [topic], gc: false });
    expect((await entriesOf(engine, topic, 0)).map((e) => e.baseOffset)).toEqual([7, 8, 9]);
    const t = await engine.topics.get(topic);
    expect(await engine.offsets.bounds(t)).toEqual([
      { partition: 0, logStartOffset: 7, highWatermark: 10 },
      { partition: 1, logStartOffset: 4, highWatermark: 4 },
    ]);
  });

  it('refuses an offset beyond the high watermark, a bad offset or partition, and changes nothing then', async () => {
    const topic = uniqueName('delrec-bad');
    await engine.topics.create({ name: topic, partitions: 2 });
    await produceAt(topic, 3, () => Date.now());
    const t = await engine.topics.get(topic);
    const cases: [unknown, string][] = [
      [[{ partition: 0, offset: 2 }, { partition: 1, offset: 1 }], 'OFFSET_OUT_OF_RANGE'],
      [[{ partition: 0, offset: -2 }], 'INVALID_OFFSET'],
      [[{ partition: 0, offset: 1.5 }], 'INVALID_OFFSET'],
      [[{ partition: 5, offset: 0 }], 'UNKNOWN_PARTITION'],
      [[{ partition: 0, offset: 1 }, { partition: 0, offset: 2 }], 'INVALID_REQUEST'],
    ];
    for (const [targets, code] of cases) {
      const err = await engine.deleteRecords(topic, targets as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SluiceError);
      expect((err as SluiceError).code).toBe(code);
    }
    expect(await engine.offsets.bounds(t)).toEqual([
      { partition: 0, logStartOffset: 0, highWatermark: 3 },
      { partition: 1, logStartOffset: 0, highWatermark: 0 },
    ]);
  });
});
