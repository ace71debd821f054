import { describe, expect, it } from 'vitest';
import { decodeBatches } from '../../../shared/codec/index.ts';
import { uniqueName } from '../../support/env.ts';
import { realEngine, record } from './helpers.ts';

const engine = realEngine();

describe('topics on the emulators', () => {
  it('creates, lists, describes, alters, grows and deletes a topic', async () => {
    const name = uniqueName('t');
    const created = await engine.topics.create({ name, partitions: 3, configs: { 'retention.ms': 1000 } });
    expect(created).toMatchObject({ name, partitions: 3, configs: { 'retention.ms': '1000' }, version: 1 });
    expect((await engine.topics.list()).map((t) => t.name)).toContain(name);

    const altered = await engine.topics.alterConfigs(name, { 'retention.ms': null, 'cleanup.policy': 'delete,compact' });
    expect(altered.configs).toEqual({ 'cleanup.policy': 'compact,delete' });
    const grown = await engine.topics.createPartitions(name, 5);
    expect(grown.partitions).toBe(5);
    await expect(engine.topics.createPartitions(name, 5)).rejects.toMatchObject({ code: 'INVALID_PARTITIONS' });

    await engine.topics.delete(name);
    await expect(engine.topics.get(name)).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
    await expect(engine.topics.delete(name)).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
  });

  it('refuses a duplicate name, bad names, bad partition counts and unknown configs', async () => {
    const name = uniqueName('dup');
    await engine.topics.create({ name });
    await expect(engine.topics.create({ name })).rejects.toMatchObject({ code: 'TOPIC_ALREADY_EXISTS' });
    for (const bad of ['', '.', '..', 'a/b', 'a b', 'ü', 'x'.repeat(250)]) {
      await expect(engine.topics.create({ name: bad })).rejects.toMatchObject({ code: 'INVALID_TOPIC_NAME' });
    }
    await expect(engine.topics.create({ name: 'x'.repeat(249) + '' })).resolves.toMatchObject({ partitions: 1 });
    await engine.topics.delete('x'.repeat(249));
    for (const partitions of [0, -1, 1.5, 4097]) {
      await expect(engine.topics.create({ name: uniqueName('p'), partitions })).rejects.toMatchObject({ code: 'INVALID_PARTITIONS' });
    }
    await expect(engine.topics.create({ name: uniqueName('c'), configs: { 'no.such': 1 } })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(engine.topics.create({ name: uniqueName('c'), configs: { 'retention.ms': 'soon' } })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
  });

  it('gives a recreated topic a new id, so old records never show through', async () => {
    const name = uniqueName('re');
    const first = await engine.topics.create({ name });
    await engine.produce.produceJson(name, [record('old')]);
    await engine.topics.delete(name);
    const second = await engine.topics.create({ name });
    expect(second.id).not.toBe(first.id);
    const [d] = await engine.fetch.fetch([{ topic: name, partition: 0, offset: 0 }], { maxBytes: 1000, maxWaitMs: 0 });
    expect(d).toMatchObject({ highWatermark: 0 });
    await engine.produce.produceJson(name, [record('new')]);
    const [e] = await engine.fetch.fetch([{ topic: name, partition: 0, offset: 0 }], { maxBytes: 1000, maxWaitMs: 0 });
    expect(decodeBatches(e!.batches).flatMap((b) => b.records.map((r) => r.value!.toString()))).toEqual(['new']);
  });

  it('supports at least 1,000 partitions, described with their bounds', async () => {
    const name = uniqueName('wide');
    await engine.topics.create({ name, partitions: 1000 });
    await engine.produce.produceJson(name, [record('x', { partition: 999 })]);
    const bounds = await engine.offsets.bounds(await engine.topics.get(name));
    expect(bounds).toHaveLength(1000);
    expect(bounds[999]).toEqual({ partition: 999, logStartOffset: 0, highWatermark: 1 });
    expect(bounds.slice(0, 999).every((b) => b.highWatermark === 0)).toBe(true);
  });
});
