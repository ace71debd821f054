// A compacted topic read over HTTP by the SDK: its reader, its group consumer and ListOffsets
// step over the holes compaction leaves. The test compacts with the engine against the same
// tables and bucket as the local server (maintenance's own delays shortened).
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../shared/log/engine.ts';
import { MaintenanceService } from '../../shared/maintenance/index.ts';
import { createStorage } from '../../shared/storage/index.ts';
import type { ConsumedRecord } from '../../sdk/index.ts';
import { storageConfig, uniqueName } from '../support/env.ts';
import { client, FAST_GROUP, waitFor } from './groups-support.ts';

describe('a compacted topic through the SDK', () => {
  it('reader, group consumer and ListOffsets see the latest value per key, at their offsets, and reach the end', { timeout: 60_000 }, async () => {
    const c = client();
    const topic = uniqueName('compacted');
    await c.admin().createTopic({ topic, numPartitions: 1, configs: { 'cleanup.policy': 'compact', 'segment.bytes': '2000', 'segment.ms': '1000' } });
    const producer = c.producer();
    for (let i = 0; i < 50; i++) await producer.send({ topic, messages: [{ key: `user-${i % 5}`, value: `v${i}`.padEnd(150, '.'), partition: 0 }] });
    await producer.send({ topic, messages: [{ key: 'user-0', value: 'last', partition: 0 }] });
    await producer.disconnect();
    await new Promise((r) => setTimeout(r, 1100));
    const storage = createStorage(storageConfig());
    const result = await new MaintenanceService({ storage, settings: { entryDeleteDelayMs: 0, indexIntervalBytes: 1024 } }).runAll({ topics: [topic], gc: false });
    expect(result.report.compactionPasses).toBe(1);
    // What the engine says survives.
    const engine = createEngine(storage);
    // user-0's last value (offset 50) replaced its earlier one (45).
    const expected: [number, string][] = [[46, 'user-1'], [47, 'user-2'], [48, 'user-3'], [49, 'user-4'], [50, 'user-0']];

    // The reader, in small fetches, from the earliest offset.
    const reader = c.reader({ topic, partition: 0, from: 'earliest' });
    const read: ConsumedRecord[] = [];
    for (let i = 0; i < 100 && (reader.nextOffset ?? 0) < 51; i++) read.push(...(await reader.fetch({ maxBytes: 300 })).records);
    expect(read.map((r) => [r.offset, r.key?.toString()])).toEqual(expected);
    expect(reader.nextOffset).toBe(51);
    // From an offset inside a hole: the next record.
    const inHole = c.reader({ topic, partition: 0, fromOffset: 12 });
    expect((await inHole.fetch()).records[0]!.offset).toBe(46);

    // A group consumer from the beginning: the same records, then its committed offset at the end.
    const groupId = uniqueName('cg');
    const consumer = c.consumer({ groupId, ...FAST_GROUP });
    const seen: [number, string][] = [];
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push([Number(message.offset), message.key!.toString()]) });
    await waitFor('5 records', () => seen.length >= 5);
    await new Promise((r) => setTimeout(r, 500));
    await consumer.stop();
    expect(seen).toEqual(expected);
    const d = await c.groups().describeGroup(groupId);
    expect(d.partitions.map((p) => [p.committedOffset, p.lag])).toEqual([[51, 0]]);

    // ListOffsets: earliest is the log start (0: compaction moves no log start), by time a survivor.
    const t = await engine.topics.get(topic);
    const [byTime] = await engine.offsets.list(t, { at: 'timestamp', timestamp: 0 });
    expect(byTime!.offset).toBe(46);
    expect(await c.admin().fetchTopicOffsets(topic)).toEqual([{ partition: 0, offset: 51, high: 51, low: 0 }]);
  });
});
