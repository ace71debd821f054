import { describe, expect, it, vi } from 'vitest';
import { decodeBatches, encodeBatch } from '../../../shared/codec/index.ts';
import { uniqueName } from '../../support/env.ts';
import { record, text } from '../log/helpers.ts';
import { entriesOf, maintenanceFor, readPartition, testEngine } from './helpers.ts';

// Maintenance runs many storage calls per test: generous on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const engine = testEngine();

/** Produces `requests` requests of two records per partition, values of ~300 bytes. */
async function fill(topic: string, partitions: number, requests: number, tag = 'v') {
  for (let i = 0; i < requests; i++) {
    const records = [];
    for (let p = 0; p < partitions; p++) {
      records.push(record(`${tag}${i}-p${p}-`.padEnd(300, 'x'), { partition: p, key: `k${i % 7}` }), record(`${tag}${i}-p${p}-b`, { partition: p }));
    }
    await engine.produce.produceJson(topic, records);
  }
}

describe('merging committed batches into per-partition segments', () => {
  it('keeps every record at its offset with its bytes and CRC, and replaces many entries by one per segment', async () => {
    const topic = uniqueName('merge');
    await engine.topics.create({ name: topic, partitions: 3, configs: { 'segment.bytes': 6000, 'segment.ms': 1000 } });
    await fill(topic, 3, 30);
    // A binary batch, compressed, stored as the client sent it.
    const batch = encodeBatch([{ key: text('bk'), value: text('binary-1'), timestamp: 1_700_000_000_000, headers: [{ key: 'h', value: text('hv') }] }], { compression: 'gzip' });
    await engine.produce.produceBinary(topic, [{ partition: 1, batches: batch }]);
    await new Promise((r) => setTimeout(r, 1100));

    const before = await Promise.all([0, 1, 2].map((p) => readPartition(engine, topic, p)));
    const entriesBefore = await Promise.all([0, 1, 2].map((p) => entriesOf(engine, topic, p)));
    const result = await maintenanceFor(engine).runAll({ topics: [topic], gc: false });
    expect(result.report.failures).toEqual([]);
    expect(result.report.partitions).toBe(3);

    for (const p of [0, 1, 2]) {
      const after = await readPartition(engine, topic, p);
      // Byte for byte: the same batches, with the same offsets, the same CRCs.
      expect(after.bytes.equals(before[p]!.bytes)).toBe(true);
      expect(after.records).toEqual(before[p]!.records);
      expect(after.records.map((r) => r.offset)).toEqual(after.records.map((_, i) => i));
      // Decoding checks every batch's CRC-32C.
      expect(decodeBatches(after.bytes).length).toBeGreaterThan(0);
      const entries = await entriesOf(engine, topic, p);
      expect(entries.every((e) => e.chunks !== undefined)).toBe(true);
      expect(entries.length).toBeLessThan(entriesBefore[p]!.length / 3);
      // Segments tile the log: contiguous from 0 to the high watermark.
      let next = 0;
      for (const e of entries) {
        expect(e.baseOffset).toBe(next);
        expect(e.objectKey.startsWith(`segments/`)).toBe(true);
        next = e.baseOffset + e.count;
      }
      expect(next).toBe(before[p]!.highWatermark);
    }
    const t = await engine.topics.get(topic);
    expect(result.report.entriesMerged).toBe(entriesBefore.flat().length);
    expect(result.report.segmentsWritten).toBe((await Promise.all([0, 1, 2].map((p) => entriesOf(engine, topic, p)))).flat().length);
    // The binary batch kept its compression and headers.
    const last = (await readPartition(engine, topic, 1, before[1]!.highWatermark - 1)).records;
    expect(last).toEqual([expect.objectContaining({ value: 'binary-1', key: 'bk', timestamp: 1_700_000_000_000 })]);
    expect(t.partitions).toBe(3);
  });

  it('serves a fetch from any offset inside a segment, and ListOffsets by time, from the chunk index', async () => {
    const topic = uniqueName('mid');
    await engine.topics.create({ name: topic, partitions: 1, configs: { 'segment.bytes': 1_000_000, 'segment.ms': 1000 } });
    const base = 1_800_000_000_000;
    for (let i = 0; i < 40; i++) {
      await engine.produce.produceJson(topic, [record(`r${i}a`.padEnd(200, '.'), { timestamp: base + i * 1000 }), record(`r${i}b`, { timestamp: base + i * 1000 + 1 })]);
    }
    await new Promise((r) => setTimeout(r, 1100));
    const whole = await readPartition(engine, topic, 0);
    await maintenanceFor(engine).runAll({ topics: [topic], gc: false });
    const [segment] = await entriesOf(engine, topic, 0);
    expect(segment!.chunks!.length).toBeGreaterThan(3);
    for (const from of [0, 1, 2, 17, 40, 41, 63, 79]) {
      const part = await readPartition(engine, topic, 0, from, 3000);
      expect(part.records).toEqual(whole.records.filter((r) => r.offset >= from));
    }
    // A small fetch reads one chunk, not the segment.
    const [d] = await engine.fetch.fetch([{ topic, partition: 0, offset: 50 }], { maxBytes: 1, maxWaitMs: 0 });
    expect(d!.batches.length).toBeLessThanOrEqual(4096);
    expect(d!.nextOffset).toBeGreaterThan(50);
    const t = await engine.topics.get(topic);
    const [byTime] = await engine.offsets.list(t, { at: 'timestamp', timestamp: base + 25_000 });
    expect(byTime).toEqual({ partition: 0, offset: 50, timestamp: base + 25_000 });
    const [late] = await engine.offsets.list(t, { at: 'timestamp', timestamp: base + 39_001 });
    expect(late).toEqual({ partition: 0, offset: 79, timestamp: base + 39_001 });
  });

  it('merges again as more is produced, and a produce during merging keeps offsets contiguous', async () => {
    const topic = uniqueName('again');
    await engine.topics.create({ name: topic, partitions: 2, configs: { 'segment.bytes': 3000, 'segment.ms': 1000 } });
    await fill(topic, 2, 10, 'a');
    await new Promise((r) => setTimeout(r, 1100));
    const service = maintenanceFor(engine);
    const [merge] = await Promise.all([service.runAll({ topics: [topic], gc: false }), fill(topic, 2, 10, 'b')]);
    expect(merge.report.failures).toEqual([]);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await service.runAll({ topics: [topic], gc: false });
    expect(second.report.segmentsWritten).toBeGreaterThan(0);
    for (const p of [0, 1]) {
      const all = await readPartition(engine, topic, p);
      expect(all.records.map((r) => r.offset)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(all.records.filter((r) => r.value.startsWith('a')).length).toBe(20);
      expect(all.records.filter((r) => r.value.startsWith('b')).length).toBe(20);
      const entries = await entriesOf(engine, topic, p);
      expect(entries.every((e) => e.chunks)).toBe(true);
    }
    // Nothing left to do: a third pass writes nothing, and takes no lease (idle partitions).
    const third = await service.runAll({ topics: [topic], gc: false });
    expect(third.report.segmentsWritten).toBe(0);
    expect(third.report).toMatchObject({ idle: 2, partitions: 0 });
    // New data: not idle any more.
    await fill(topic, 2, 1, 'c');
    expect((await service.runAll({ topics: [topic], gc: false })).report).toMatchObject({ idle: 0, partitions: 2 });
  });

  it('leaves young entries and a small quiet partition alone until segment.ms has passed', async () => {
    const topic = uniqueName('young');
    await engine.topics.create({ name: topic, partitions: 1, configs: { 'segment.bytes': 1_000_000, 'segment.ms': 60_000 } });
    await fill(topic, 1, 5);
    const idle = await maintenanceFor(engine).runAll({ topics: [topic], gc: false });
    expect(idle.report.segmentsWritten).toBe(0);
    const delayed = await maintenanceFor(engine, { entryDeleteDelayMs: 60_000 }).runAll({ topics: [topic], gc: false });
    expect(delayed.report.segmentsWritten).toBe(0);
    expect((await entriesOf(engine, topic, 0)).length).toBe(5);
  });
});
