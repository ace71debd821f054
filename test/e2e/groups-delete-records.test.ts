// Group members whose committed offset fell below the log start (DeleteRecords past the commit)
// restart per their reset policy, as Kafka consumers do with auto.offset.reset.
import { describe, expect, it } from 'vitest';
import { uniqueName } from '../support/env.ts';
import { client, FAST_GROUP, produce, topicWith, waitFor } from './groups-support.ts';

/** Consumes the whole topic in a group, commits, and leaves: the group's offset is then the high watermark. */
async function commitEverything(topic: string, groupId: string, count: number): Promise<void> {
  const c = client();
  const consumer = c.consumer({ groupId, ...FAST_GROUP });
  let seen = 0;
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => void seen++ });
  await waitFor(`${count} records`, () => seen >= count);
  await consumer.stop();
  const d = await c.groups().describeGroup(groupId);
  expect(d.partitions.map((p) => p.committedOffset)).toEqual([count]);
}

describe('a group member whose committed offset went below the log start', () => {
  it('restarts at the new log start with earliest', { timeout: 60_000 }, async () => {
    const c = client();
    const topic = await topicWith(c, 1, 10);
    const groupId = uniqueName('cg-del');
    await commitEverything(topic, groupId, 10);
    await produce(c, topic, 1, 10, 10);
    expect(await c.admin().deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: 15 }] })).toEqual([{ partition: 0, lowWatermark: 15 }]);
    // The fetch function caches log starts for 2 s; past that, offset 10 is out of range.
    await new Promise((r) => setTimeout(r, 2_100));
    const consumer = c.consumer({ groupId, ...FAST_GROUP, autoOffsetReset: 'earliest' });
    const offsets: number[] = [];
    const values: string[] = [];
    await consumer.subscribe({ topic });
    await consumer.run({ eachMessage: async ({ message }) => void (offsets.push(message.offset), values.push(String(message.value))) });
    await waitFor('the records from the new log start', () => offsets.length >= 5);
    await consumer.stop();
    expect(offsets).toEqual([15, 16, 17, 18, 19]);
    expect(values).toEqual(['p0-15', 'p0-16', 'p0-17', 'p0-18', 'p0-19']);
    expect((await c.groups().describeGroup(groupId)).partitions.map((p) => p.committedOffset)).toEqual([20]);
  });

  it('restarts at the high watermark with latest, and takes what comes next', { timeout: 60_000 }, async () => {
    const c = client();
    const topic = await topicWith(c, 1, 6);
    const groupId = uniqueName('cg-del');
    await commitEverything(topic, groupId, 6);
    await produce(c, topic, 1, 6, 6);
    await c.admin().deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: 9 }] });
    await new Promise((r) => setTimeout(r, 2_100));
    const consumer = c.consumer({ groupId, ...FAST_GROUP, autoOffsetReset: 'latest' });
    const offsets: number[] = [];
    let fetches = 0;
    consumer.on(consumer.events.FETCH, () => void fetches++);
    await consumer.subscribe({ topic });
    await consumer.run({ eachMessage: async ({ message }) => void offsets.push(message.offset) });
    // The first fetch meets the out-of-range offset and the member resets; the second reads from the reset position.
    await waitFor('two fetches', () => fetches >= 2);
    await produce(c, topic, 1, 12, 1);
    await waitFor('the next record', () => offsets.length >= 1);
    await consumer.stop();
    expect(offsets).toEqual([12]);
  });

  it('surfaces the error with none', { timeout: 60_000 }, async () => {
    const c = client();
    const topic = await topicWith(c, 1, 4);
    const groupId = uniqueName('cg-del');
    await commitEverything(topic, groupId, 4);
    await produce(c, topic, 1, 4, 4);
    await c.admin().deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: 6 }] });
    await new Promise((r) => setTimeout(r, 2_100));
    const consumer = c.consumer({ groupId, ...FAST_GROUP, autoOffsetReset: 'none' });
    const crashes: unknown[] = [];
    consumer.on(consumer.events.CRASH, (e) => crashes.push((e.payload as { error: unknown }).error));
    const offsets: number[] = [];
    await consumer.subscribe({ topic });
    await consumer.run({ eachMessage: async ({ message }) => void offsets.push(message.offset) });
    await waitFor('the crash', () => crashes.length > 0);
    await consumer.stop();
    expect(crashes[0]).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', logStartOffset: 6 });
    expect(offsets).toEqual([]);
  });
});
