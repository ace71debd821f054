// DeleteRecords through the local server: the HTTP route, its refusals, and the SDK call.
import { describe, expect, it } from 'vitest';
import { createClient, OffsetOutOfRangeError, SluiceApiError, type SluiceClient } from '../../sdk/index.ts';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';
import { signedFetch } from '../support/signed-fetch.ts';

function client(): SluiceClient {
  return createClient({ endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion() });
}

/** A topic of `partitions` partitions with `perPartition` records each, one record per batch. */
async function topicWith(c: SluiceClient, partitions: number, perPartition: number): Promise<string> {
  const topic = uniqueName('delrec');
  await c.admin().createTopic({ topic, numPartitions: partitions });
  const producer = c.producer({ lingerMs: 0 });
  for (let n = 0; n < perPartition; n++) {
    await producer.send({ topic, messages: Array.from({ length: partitions }, (_, partition) => ({ partition, value: `p${partition}-${n}` })) });
  }
  await producer.disconnect();
  return topic;
}

function deleteRecords(topic: string, body: unknown): Promise<Response> {
  return signedFetch(`/v1/topics/${encodeURIComponent(topic)}/delete-records`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

async function logStarts(c: SluiceClient, topic: string): Promise<number[]> {
  return (await c.admin().describeTopic(topic)).partitionInfo.map((p) => p.logStartOffset);
}

describe('DeleteRecords over HTTP', () => {
  it('moves log starts forward, answers the low watermarks, and fetches below them are out of range', async () => {
    const c = client();
    const topic = await topicWith(c, 3, 5);
    const res = await deleteRecords(topic, { partitions: [{ partition: 0, offset: 3 }, { partition: 2, offset: -1 }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ topic, partitions: [{ partition: 0, lowWatermark: 3 }, { partition: 2, lowWatermark: 5 }] });
    expect(await logStarts(c, topic)).toEqual([3, 0, 5]);
    // The fetch path caches log starts for 2 s (docs/architecture.md): past that, the old offsets are gone.
    await new Promise((r) => setTimeout(r, 2_100));
    const below = await signedFetch(`/v1/topics/${topic}/partitions/0/records`, { query: { offset: '2' } });
    expect(below.status).toBe(416);
    expect(((await below.json()) as { error: unknown }).error).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', logStartOffset: 3, highWatermark: 5 });
    const { records } = await c.reader({ topic, partition: 0, from: 'earliest' }).fetch();
    expect(records.map((r) => r.value?.toString())).toEqual(['p0-3', 'p0-4']);
    // Never backwards: an offset below the log start changes nothing.
    const again = await deleteRecords(topic, { partitions: [{ partition: 0, offset: 1 }] });
    expect(await again.json()).toEqual({ topic, partitions: [{ partition: 0, lowWatermark: 3 }] });
  });

  it('refuses bad input with a stable 4xx code and changes nothing', async () => {
    const c = client();
    const topic = await topicWith(c, 2, 4);
    const cases: [unknown, number, string][] = [
      // The second target is bad; the first must not move either.
      [{ partitions: [{ partition: 0, offset: 2 }, { partition: 1, offset: 9 }] }, 416, 'OFFSET_OUT_OF_RANGE'],
      [{ partitions: [{ partition: 0, offset: 2 }, { partition: 1, offset: -5 }] }, 400, 'INVALID_OFFSET'],
      [{ partitions: [{ partition: 0, offset: 2 }, { partition: 0, offset: 3 }] }, 400, 'INVALID_REQUEST'],
      [{ partitions: [{ partition: 0, offset: 2 }, { partition: 7, offset: 1 }] }, 404, 'UNKNOWN_PARTITION'],
      [{ partitions: [] }, 400, 'INVALID_REQUEST'],
      [{ partitions: [{ partition: 0, offset: 1.5 }] }, 400, 'INVALID_REQUEST'],
      [{ partitions: [{ partition: 0, offset: '2' }] }, 400, 'INVALID_REQUEST'],
      [{ partitions: [{ partition: 0, offset: 2 }], extra: 1 }, 400, 'INVALID_REQUEST'],
    ];
    for (const [body, status, code] of cases) {
      const res = await deleteRecords(topic, body);
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const beyond = await deleteRecords(topic, { partitions: [{ partition: 1, offset: 5 }] });
    expect(((await beyond.json()) as { error: unknown }).error).toMatchObject({ partition: 1, offset: 5, logStartOffset: 0, highWatermark: 4 });
    const notJson = await signedFetch(`/v1/topics/${topic}/delete-records`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    const unknown = await deleteRecords(uniqueName('nope'), { partitions: [{ partition: 0, offset: 0 }] });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_TOPIC');
    expect(await logStarts(c, topic)).toEqual([0, 0]);
  });
});

describe('DeleteRecords in the SDK', () => {
  it('deleteTopicRecords answers the low watermarks, KafkaJS-shaped', async () => {
    const c = client();
    const topic = await topicWith(c, 2, 3);
    const admin = c.admin();
    expect(await admin.deleteTopicRecords({ topic, partitions: [{ partition: 1, offset: 2 }] })).toEqual([{ partition: 1, lowWatermark: 2 }]);
    expect(await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: -1 }, { partition: 1, offset: -1 }] })).toEqual([
      { partition: 0, lowWatermark: 3 },
      { partition: 1, lowWatermark: 3 },
    ]);
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets).toEqual([
      { partition: 0, offset: 3, high: 3, low: 3 },
      { partition: 1, offset: 3, high: 3, low: 3 },
    ]);
  });

  it('maps refusals to SluiceApiError with their codes', async () => {
    const c = client();
    const topic = await topicWith(c, 1, 2);
    const admin = c.admin();
    const beyond = await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: 3 }] }).catch((e: unknown) => e);
    expect(beyond).toBeInstanceOf(SluiceApiError);
    expect(beyond).toBeInstanceOf(OffsetOutOfRangeError);
    expect(beyond).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', status: 416, retriable: false, logStartOffset: 0, highWatermark: 2 });
    await expect(admin.deleteTopicRecords({ topic: uniqueName('nope'), partitions: [{ partition: 0, offset: 0 }] })).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
    await expect(admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: -3 }] })).rejects.toMatchObject({ code: 'INVALID_OFFSET' });
    expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: 0, high: 2 });
  });
});
