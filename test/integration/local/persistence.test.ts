import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../../../local/emulators/dynamodb.ts';
import { S3RVER_CREDENTIALS, startS3rver } from '../../../local/emulators/s3.ts';
import { createClients } from '../../../shared/storage/clients.ts';
import type { StorageConfig } from '../../../shared/storage/config.ts';
import { ensureStorage } from '../../../shared/storage/provision.ts';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';

// What `npm start` promises: stop the emulators, start them on the same data directory, and
// the tables, items, bucket and objects are all still there.
describe('emulators started on a data directory', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keep tables, items and objects across a restart', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-persist-'));
    dirs.push(dir);
    const start = async () => {
      const [ddb, s3] = await Promise.all([
        startDynamoDbLocal({ dbPath: join(dir, 'dynamodb') }),
        startS3rver({ directory: join(dir, 's3') }),
      ]);
      const config: StorageConfig = {
        bucket: 'persist',
        metadataTable: 'persist-metadata',
        logTable: 'persist-log',
        region: 'us-east-1',
        s3Endpoint: s3.endpoint,
        dynamodbEndpoint: ddb.endpoint,
        credentials: { ...S3RVER_CREDENTIALS },
      };
      return { config, clients: createClients(config), stop: () => Promise.all([ddb.stop(), s3.stop()]) };
    };

    const first = await start();
    await ensureStorage(first.config);
    await first.clients.ddb.send(new PutItemCommand({ TableName: 'persist-log', Item: { pk: { S: 'p' }, sk: { N: '0' } } }));
    await first.clients.s3.send(new PutObjectCommand({ Bucket: 'persist', Key: 'k', Body: Buffer.from('kept') }));
    await first.stop();

    const second = await start();
    try {
      await ensureStorage(second.config);
      const item = await second.clients.ddb.send(new GetItemCommand({ TableName: 'persist-log', Key: { pk: { S: 'p' }, sk: { N: '0' } } }));
      expect(item.Item).toEqual({ pk: { S: 'p' }, sk: { N: '0' } });
      const object = await second.clients.s3.send(new GetObjectCommand({ Bucket: 'persist', Key: 'k' }));
      expect(await object.Body!.transformToString()).toBe('kept');
    } finally {
      await second.stop();
    }
  });
});
