import { describe, expect, it } from 'vitest';
import type { Topics } from '../../../shared/log/topics.ts';
import type { TopicRecord } from '../../../shared/log/ports.ts';
import { TopicIds } from '../../../gateway/handlers/data/topic-ids.ts';

const ID_A = '0b7e8c2a-1d3f-4a5b-9c6d-7e8f9a0b1c2d';
const ID_B = '5f4e3d2c-1b0a-4987-8654-3210fedcba98';

/** A topic list that counts its reads; `later` topics appear once `made` is set. */
function fakeTopics(): { topics: Topics; reads: () => number; make: (id: string, name: string) => void } {
  const live: Array<Pick<TopicRecord, 'id' | 'name'>> = [];
  let reads = 0;
  const topics = {
    list: async () => {
      reads++;
      return live.map((t) => ({ ...t }) as TopicRecord);
    },
  } as unknown as Topics;
  return { topics, reads: () => reads, make: (id, name) => live.push({ id, name }) };
}

describe('topic ids', () => {
  it('finds a topic made just after a read that missed, by waiting for the next read', async () => {
    const store = fakeTopics();
    const ids = new TopicIds(store.topics, Date.now, 80);
    expect(await ids.nameOf(ID_A)).toBeUndefined();
    store.make(ID_B, 'b');
    const began = Date.now();
    // Inside the interval: an answer from the earlier read would say "unknown".
    expect(await ids.nameOf(ID_B.toUpperCase())).toBe('b');
    expect(Date.now() - began).toBeGreaterThanOrEqual(60);
    expect(store.reads()).toBe(2);
  });

  it('reads the list at most once per interval, however many misses arrive', async () => {
    const store = fakeTopics();
    const ids = new TopicIds(store.topics, Date.now, 50);
    const unknown = Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const began = Date.now();
    const answers = await Promise.all(unknown.map((id) => ids.nameOf(id)));
    expect(answers.every((a) => a === undefined)).toBe(true);
    // The first read, then one more for the misses that arrived while it was in flight.
    expect(store.reads()).toBeLessThanOrEqual(2);
    expect(store.reads()).toBeLessThanOrEqual(1 + Math.ceil((Date.now() - began) / 50));
  });

  it('answers an id it handed out without reading', async () => {
    const store = fakeTopics();
    const ids = new TopicIds(store.topics, Date.now, 1_000);
    ids.learn(ID_A.toUpperCase(), 'a');
    expect(await ids.nameOf(ID_A)).toBe('a');
    expect(store.reads()).toBe(0);
  });
});
