// Committed offsets live in DynamoDB: stop the whole local stack (DynamoDB Local, s3rver, the
// HTTP server), start it again on the same data directory, and the group resumes where it was.
// This file runs its own stack (with a data directory), apart from the suite's in-memory one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_CREDENTIALS } from '../../local/credentials.ts';
import { freePort } from '../../local/emulators/free-port.ts';
import { startLocalStackServices, type RunningStack } from '../../local/stack.ts';
import { createClient, type SluiceClient } from '../../sdk/index.ts';
import { FAST_GROUP, produce, waitFor } from './groups-support.ts';

describe('a consumer group across a restart of the whole local stack', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('resumes from the offsets committed before the restart', { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sluice-groups-restart-'));
    dirs.push(dataDir);
    // The same ports both times: the handlers' storage clients outlive the restart in this process.
    const [port, dynamodbPort, s3Port] = [await freePort(), await freePort(), await freePort()];
    const up = () => startLocalStackServices({
      names: { bucket: 'restart', metadataTable: 'restart-metadata', logTable: 'restart-log' },
      region: 'us-east-1', credentials: DEFAULT_LOCAL_CREDENTIALS, port, dynamodbPort, s3Port, dataDir,
      log: () => undefined,
    });
    const clientOf = (stack: RunningStack): SluiceClient => createClient({ endpoint: stack.url, credentials: stack.credentials, region: 'us-east-1' });

    const first = await up();
    let stopped = false;
    try {
      const c = clientOf(first);
      await c.admin().createTopic({ topic: 'orders', numPartitions: 2 });
      await produce(c, 'orders', 2, 0, 6);
      const consumer = c.consumer({ groupId: 'billing', ...FAST_GROUP });
      let seen = 0;
      await consumer.subscribe({ topic: 'orders', fromBeginning: true });
      await consumer.run({ eachMessage: async () => void seen++ });
      await waitFor('12 records', () => seen === 12);
      await consumer.stop();
      expect((await c.groups().fetchOffsets('billing', 'orders')).map((o) => o.offset)).toEqual([6, 6]);
      await first.stop();
      stopped = true;
    } finally {
      if (!stopped) await first.stop();
    }

    const second = await up();
    try {
      const c = clientOf(second);
      expect((await c.groups().fetchOffsets('billing', 'orders')).map((o) => o.offset)).toEqual([6, 6]);
      expect((await c.groups().listGroups()).map((g) => g.groupId)).toEqual(['billing']);
      await produce(c, 'orders', 2, 6, 3);
      const consumer = c.consumer({ groupId: 'billing', ...FAST_GROUP });
      const got: string[] = [];
      await consumer.subscribe({ topic: 'orders', fromBeginning: true });
      await consumer.run({ eachMessage: async ({ partition, message }) => void got.push(`${partition}:${message.offset}`) });
      await waitFor('the 6 new records', () => got.length === 6);
      await new Promise((r) => setTimeout(r, 300));
      expect(got.sort()).toEqual(['0:6', '0:7', '0:8', '1:6', '1:7', '1:8']);
      await consumer.stop();
    } finally {
      await second.stop();
    }
  });
});
