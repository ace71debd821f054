// The SDK Consumer against the local stack: the groups function behind the local server, on
// DynamoDB Local and s3rver.
import { describe, expect, it } from 'vitest';
import { uniqueName } from '../support/env.ts';
import { client, cuttableClient, FAST_GROUP, produce, Recorder, topicWith, waitFor } from './groups-support.ts';

describe('Consumer on the local stack', () => {
  it('consumes a topic from the beginning, commits as it goes, and leaves the group on stop', async () => {
    const c = client();
    const topic = await topicWith(c, 3, 20);
    const groupId = uniqueName('cg');
    const consumer = c.consumer({ groupId, ...FAST_GROUP });
    const joined: unknown[] = [];
    consumer.on(consumer.events.GROUP_JOIN, (e) => joined.push(e.payload));
    const seen: string[] = [];
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void seen.push(`${partition}:${message.value}`) });
    await waitFor('60 records', () => seen.length >= 60);
    expect(joined).toHaveLength(1);
    for (let p = 0; p < 3; p++) {
      expect(seen.filter((s) => s.startsWith(`${p}:`))).toEqual(Array.from({ length: 20 }, (_, n) => `${p}:p${p}-${n}`));
    }
    await consumer.stop();
    const d = await c.groups().describeGroup(groupId);
    expect(d.state).toBe('Empty');
    expect(d.partitions.map((p) => [p.committedOffset, p.lag])).toEqual([[20, 0], [20, 0], [20, 0]]);
  });

  it('hands a partition over only after its owner finished the record in hand, when a member joins and when one leaves', { timeout: 60_000 }, async () => {
    const c = client();
    const topic = await topicWith(c, 2, 30);
    const groupId = uniqueName('cg');
    const recorder = new Recorder();
    // While `slow`, a record takes a second: a handover then always meets a record in hand.
    let slow = false;
    const start = async (name: string) => {
      const consumer = c.consumer({ groupId, ...FAST_GROUP });
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: recorder.handler(name, () => (slow ? 1_000 : 20)), partitionsConsumedConcurrently: 2 });
      return consumer;
    };
    const a = await start('a');
    await waitFor('a busy on both partitions', () => recorder.delivered(0).size > 2 && recorder.delivered(1).size > 2);
    slow = true;
    await new Promise((r) => setTimeout(r, 100));
    const b = await start('b');
    await waitFor('b to take one partition over', () => recorder.deliveries.some((d) => d.member === 'b'), 15_000);
    slow = false;
    await waitFor('a busy again', () => recorder.deliveries.filter((d) => d.member === 'a').length > recorder.deliveries.length / 4);
    slow = true;
    await new Promise((r) => setTimeout(r, 100));
    await a.stop();
    slow = false;
    await waitFor('every record', () => recorder.delivered(0).size === 30 && recorder.delivered(1).size === 30, 30_000);
    expect(new Set(recorder.deliveries.map((d) => d.member))).toEqual(new Set(['a', 'b']));
    expect(recorder.overlaps()).toEqual([]);
    expect(recorder.skips()).toEqual([]);
    expect(recorder.disorder()).toEqual([]);
    await b.stop();
  });

  it('shares partitions between members, moves them through joins, leaves and a crash, and never lets two members process one partition at once', { timeout: 90_000 }, async () => {
    const c = client();
    const partitions = 6;
    const topic = await topicWith(c, partitions, 10);
    const groupId = uniqueName('cg');
    const recorder = new Recorder();
    const start = async (name: string, which = client()) => {
      const consumer = which.consumer({ groupId, ...FAST_GROUP });
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: recorder.handler(name, 50), autoCommitInterval: 200, partitionsConsumedConcurrently: partitions });
      return consumer;
    };
    const a = await start('a');
    const b = await start('b');
    const crashing = cuttableClient();
    const c3 = await start('c', crashing.client);
    await waitFor('the three members to split the partitions', async () => (await c.groups().describeGroup(groupId)).state === 'Stable');
    expect([a, b, c3].map((m) => m.assignment().reduce((n, t) => n + t.partitions.length, 0))).toEqual([2, 2, 2]);

    // Every change below lands while the members are busy: 50 ms a record, 20 new per partition.
    await produce(c, topic, partitions, 10, 20);
    const d = await start('d');
    const cutAt = Date.now();
    crashing.cut();
    const owned = () => new Set([a, b, d].flatMap((m) => m.assignment().flatMap((t) => t.partitions)));
    await waitFor('the crashed member’s partitions to move', () => owned().size === partitions, 15_000);
    // Session timeout plus one heartbeat interval, plus a few round trips on a busy machine.
    expect(Date.now() - cutAt).toBeLessThanOrEqual(FAST_GROUP.sessionTimeout + FAST_GROUP.heartbeatInterval + 1_000);
    await produce(c, topic, partitions, 30, 10);
    await a.stop();
    await waitFor('every record delivered', () => Array.from({ length: partitions }, (_, p) => recorder.delivered(p).size).every((n) => n === 40), 60_000);
    expect(c3.assignment()).toEqual([]);
    const survivors = [b, d].map((m) => m.assignment().reduce((n, t) => n + t.partitions.length, 0));
    expect(survivors.reduce((x, y) => x + y)).toBe(partitions);

    expect(recorder.overlaps()).toEqual([]);
    expect(recorder.skips()).toEqual([]);
    expect(recorder.disorder()).toEqual([]);
    await Promise.all([b.stop(), d.stop(), c3.stop()]);
    const final = await c.groups().describeGroup(groupId);
    expect(final.totalLag).toBe(0);
    expect(final.partitions.every((p) => p.committedOffset === 40)).toBe(true);
  });

  it('does not commit past a record whose handler fails, and retries it', async () => {
    const c = client();
    const topic = await topicWith(c, 1, 10);
    const groupId = uniqueName('cg');
    const consumer = c.consumer({ groupId, ...FAST_GROUP, retry: { initialRetryTime: 50, maxRetryTime: 100 } });
    let failures = 0;
    let healed = false;
    const handled: number[] = [];
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommitThreshold: 1,
      eachMessage: async ({ message }) => {
        if (message.offset === 5 && !healed) {
          failures++;
          throw new Error('poison');
        }
        handled.push(message.offset);
      },
    });
    await waitFor('two failed attempts', () => failures >= 2);
    const [committed] = await c.groups().fetchOffsets(groupId, topic);
    expect(committed!.offset).toBe(5);
    healed = true;
    await waitFor('the rest', () => handled.length === 10);
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await consumer.stop();
    expect((await c.groups().fetchOffsets(groupId, topic))[0]!.offset).toBe(10);
  });

  it('commits by hand, seeks, pauses and resumes, with eachBatch', async () => {
    const c = client();
    const topic = await topicWith(c, 2, 5);
    const groupId = uniqueName('cg');
    const consumer = c.consumer({ groupId, ...FAST_GROUP });
    const got: string[] = [];
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        for (const m of batch.messages) {
          got.push(`${batch.partition}:${m.offset}`);
          resolveOffset(m.offset);
        }
      },
    });
    await waitFor('both partitions', () => got.length === 10);
    await consumer.commitOffsets([{ topic, partition: 0, offset: 3 }]);
    expect((await c.groups().fetchOffsets(groupId, topic)).map((o) => o.offset)).toEqual([3, -1]);

    consumer.pause([{ topic, partitions: [1] }]);
    expect(consumer.paused()).toEqual([{ topic, partitions: [1] }]);
    consumer.seek({ topic, partition: 0, offset: 2 });
    await produce(c, topic, 2, 5, 1);
    await waitFor('partition 0 again from 2', () => got.filter((g) => g.startsWith('0:')).length === 9);
    expect(got.filter((g) => g.startsWith('0:')).slice(5)).toEqual(['0:2', '0:3', '0:4', '0:5']);
    expect(got.filter((g) => g.startsWith('1:'))).toHaveLength(5);
    consumer.resume([{ topic }]);
    await waitFor('partition 1 resumed', () => got.includes('1:5'));
    await consumer.stop();
  });

  it('starts at the end without fromBeginning, and refuses to start without an offset when autoOffsetReset is none', async () => {
    const c = client();
    const topic = await topicWith(c, 1, 5);
    const latest = c.consumer({ groupId: uniqueName('cg'), ...FAST_GROUP });
    const got: number[] = [];
    await latest.subscribe({ topic });
    await latest.run({ eachMessage: async ({ message }) => void got.push(message.offset) });
    await waitFor('assignment', () => latest.assignment().length === 1);
    await new Promise((r) => setTimeout(r, 300));
    await produce(c, topic, 1, 5, 2);
    await waitFor('the new records', () => got.length === 2);
    expect(got).toEqual([5, 6]);
    await latest.stop();

    const strict = c.consumer({ groupId: uniqueName('cg'), ...FAST_GROUP, autoOffsetReset: 'none' });
    const crashes: unknown[] = [];
    strict.on(strict.events.CRASH, (e) => crashes.push(e.payload.error));
    await strict.subscribe({ topic });
    await strict.run({ eachMessage: async () => {} });
    await waitFor('a crash', () => crashes.length > 0);
    expect(crashes[0]).toMatchObject({ code: 'NO_COMMITTED_OFFSET' });
    await strict.stop();
  });

  it('subscribes by RegExp and picks up a topic created later', async () => {
    const c = client();
    const prefix = uniqueName('rx');
    await topicWith(c, 1, 2, `${prefix}-a`);
    const consumer = c.consumer({ groupId: uniqueName('cg'), ...FAST_GROUP });
    const topics = new Set<string>();
    await consumer.subscribe({ topics: [new RegExp(`^${prefix}-`)], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ topic }) => void topics.add(topic) });
    await waitFor('the first topic', () => topics.size === 1);
    const later = await topicWith(c, 2, 1, `${prefix}-b`);
    await waitFor('the topic created later', () => topics.has(later), 15_000);
    expect(consumer.assignment().map((t) => t.topic)).toContain(later);
    await consumer.stop();
  });
});
