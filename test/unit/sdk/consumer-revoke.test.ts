import { afterEach, describe, expect, it } from 'vitest';
import { setBaseOffset } from '../../../shared/codec/index.ts';
import type { SeenRequest } from './fake-service.ts';
import { fakeClient, netError } from './helpers.ts';

// The group consumer against a fake groups API answered by hand: the member is given partition 0,
// then, while a message is being processed, the partition is revoked; the auto-commit after that
// message fails on the network. The batch's failure is the consumer's to report; the revocation
// that waited for the batch must not become an unhandled rejection (which ends a Node process).
describe('group consumer revocation', () => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', onRejection);
  });

  it('leaves no unhandled rejection when a revoked partition\'s batch fails its commit', async () => {
    process.on('unhandledRejection', onRejection);
    const { fake, client } = fakeClient();
    fake.createTopic('t', 1);
    await client.producer().send({ topic: 't', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });

    let revoked = false;
    let commits = 0;
    fake.respond = (req: SeenRequest) => {
      const path = req.url.pathname;
      if (path === '/v1/groups/g/heartbeat') {
        return {
          status: 200,
          body: {
            memberId: 'm1', memberEpoch: revoked ? 2 : 1, heartbeatIntervalMs: 10, sessionTimeoutMs: 30_000, leaseExpiresInMs: 30_000,
            assignment: revoked ? [] : [{ topic: 't', partitions: [0] }], pending: [],
          },
        };
      }
      if (path === '/v1/groups/g/offsets' && req.method === 'GET') return { status: 200, body: { offsets: [] } };
      if (path === '/v1/groups/g/offsets' && req.method === 'POST') {
        commits++;
        return { throw: netError('ECONNREFUSED') };
      }
      if (path.startsWith('/v1/groups/g/members/')) return { status: 200, body: {} };
      if (path === '/v1/fetch') {
        const asked = JSON.parse(req.body.toString()) as { partitions: Array<{ topic: string; partition: number; offset: number }> };
        return {
          status: 200,
          body: {
            partitions: asked.partitions.map((p) => {
              const log = fake.topics.get(p.topic)!.partitions[p.partition]!;
              const batches = log.filter((b) => b.base + b.count > p.offset).map((b) => {
                const copy = Buffer.from(b.bytes);
                setBaseOffset(copy, 0, b.base);
                return copy;
              });
              const hw = fake.highWatermark(p.topic, p.partition);
              return { ...p, highWatermark: hw, logStartOffset: 0, nextOffset: batches.length ? hw : p.offset, batches: Buffer.concat(batches).toString('base64') };
            }),
          },
        };
      }
      return undefined;
    };

    const consumer = client.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['t'], fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({
      autoCommitThreshold: 1,
      eachMessage: async ({ message }) => {
        seen.push(String(message.value));
        if (seen.length === 1) {
          // Revoked while this message is processed: the revocation waits for this batch.
          revoked = true;
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    });
    for (let i = 0; i < 100 && commits === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    await consumer.disconnect();
    await new Promise((r) => setTimeout(r, 50));

    expect(seen[0]).toBe('a');
    expect(commits).toBeGreaterThan(0);
    expect(rejections).toEqual([]);
  });
});
