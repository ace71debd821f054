import { describe, expect, it } from 'vitest';
import { decodeBatches } from '../../../shared/codec/index.ts';
import { createEngine } from '../../../shared/log/engine.ts';
import type { Storage } from '../../../shared/log/ports.ts';
import { createClients, createStorage } from '../../../shared/storage/index.ts';
import { attachMeter } from '../../../shared/storage/metering.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';
import { record } from './helpers.ts';

/** An engine on the emulators whose DynamoDB reads are recorded: operation and ConsistentRead. */
function recordedEngine(wrap: (s: Storage) => Storage = (s) => s) {
  const config = storageConfig();
  const clients = createClients(config);
  const reads: Array<{ op: string; consistent: boolean }> = [];
  clients.ddb.middlewareStack.add(
    (next, context) => async (args) => {
      const op = (context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as { ConsistentRead?: boolean };
      if (op === 'Query' || op === 'GetItem') reads.push({ op, consistent: input.ConsistentRead === true });
      return next(args);
    },
    { step: 'initialize', name: 'testRecordReads' },
  );
  return { engine: createEngine(wrap(createStorage(config, clients))), reads, clients };
}

describe('read consistency on the emulators', () => {
  it('reads the fetch index eventually consistently, while the produce path stays strongly consistent', async () => {
    const { engine, reads } = recordedEngine();
    const topic = uniqueName('ec');
    await engine.topics.create({ name: topic, partitions: 2 });
    await engine.produce.produceJson(topic, [record('a', { partition: 0 }), record('b', { partition: 1 })]);
    // The produce path read each partition's high watermark strongly (a cold appender).
    expect(reads.filter((r) => r.op === 'Query').length).toBeGreaterThan(0);
    expect(reads.every((r) => r.consistent)).toBe(true);
    reads.length = 0;
    const out = await engine.fetch.fetch([0, 1].map((partition) => ({ topic, partition, offset: 0 })), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(out.map((d) => decodeBatches(d.batches)[0]!.records[0]!.value!.toString())).toEqual(['a', 'b']);
    const indexReads = reads.filter((r) => r.op === 'Query');
    // One eventually consistent forward Query per partition, and the log start (strong, then cached).
    expect(indexReads.filter((r) => !r.consistent)).toHaveLength(2);
    expect(indexReads.filter((r) => r.consistent)).toHaveLength(1);
    reads.length = 0;
    await engine.fetch.fetch([0, 1].map((partition) => ({ topic, partition, offset: 1 })), { maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(reads.filter((r) => r.op === 'Query' && r.consistent)).toHaveLength(0);
  });

  it('meters an eventually consistent index Query at half a read unit', async () => {
    const { engine, clients } = recordedEngine();
    const topic = uniqueName('rru');
    await engine.topics.create({ name: topic, partitions: 1 });
    await engine.produce.produceJson(topic, [record('a')]);
    await engine.fetch.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1 << 20, maxWaitMs: 0 }); // warms both caches
    const meter = attachMeter(clients);
    await engine.fetch.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1 << 20, maxWaitMs: 0 });
    const query = meter.snapshot().operations.find((o) => o.operation === 'Query')!;
    expect(query.calls).toBe(1);
    expect(query.rru).toBe(0.5);
    meter.detach();
  });

  it('fills a fetch of many partitions in append order: whole objects, one GET each', async () => {
    let gets = 0;
    const { engine } = recordedEngine((s) => ({
      ...s,
      objects: { put: s.objects.put.bind(s.objects), getRange: (k, a, b) => (gets++, s.objects.getRange(k, a, b)) },
    }));
    const topic = uniqueName('aligned');
    await engine.topics.create({ name: topic, partitions: 3 });
    const value = 'v'.repeat(900);
    for (let i = 0; i < 4; i++) await engine.produce.produceJson(topic, [0, 1, 2].map((p) => record(value, { partition: p })));
    const targets = [0, 1, 2].map((partition) => ({ topic, partition, offset: 0 }));
    // About two objects' worth (six ~1 KB batches): request order would have given partition 0 all four of its batches.
    const out = await engine.fetch.fetch(targets, { maxBytes: 6 * 1000, maxWaitMs: 0 });
    expect(out.map((d) => d.nextOffset)).toEqual([2, 2, 2]);
    expect(gets).toBe(2);
  });
});
