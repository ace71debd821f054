import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../support/env.ts';
import { record } from '../log/helpers.ts';
import { entriesOf, maintenanceFor, readPartition, testEngine } from './helpers.ts';

const engine = testEngine();

describe('maintenance smoke', () => {
  it('merges a partition into segments and reads back the same bytes', async () => {
    const topic = uniqueName('merge');
    await engine.topics.create({ name: topic, partitions: 2, configs: { 'segment.bytes': 8192, 'segment.ms': 1000 } });
    for (let i = 0; i < 40; i++) {
      await engine.produce.produceJson(topic, [record(`v${i}-`.padEnd(300, 'x'), { partition: i % 2 }), record(`w${i}`, { partition: i % 2 })]);
    }
    const before = await readPartition(engine, topic, 0);
    const result = await maintenanceFor(engine).runAll({ topics: [topic], gc: false });
    expect(result.report.failures).toEqual([]);
    expect(result.report.segmentsWritten).toBeGreaterThan(0);
    const after = await readPartition(engine, topic, 0);
    expect(after.records).toEqual(before.records);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    const entries = await entriesOf(engine, topic, 0);
    expect(entries.length).toBeLessThan(10);
    expect(entries.some((e) => e.chunks)).toBe(true);
    const mid = await readPartition(engine, topic, 0, 17);
    expect(mid.records).toEqual(before.records.filter((r) => r.offset >= 17));
  });
});
