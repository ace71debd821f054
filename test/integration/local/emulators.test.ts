import { randomBytes } from 'node:crypto';
import {
  CreateTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ConditionalCheckFailedException,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createClients } from '../../../shared/storage/clients.ts';
import { ensureStorage } from '../../../shared/storage/provision.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';

describe('the local stack storage', () => {
  const config = storageConfig();
  const { ddb, s3 } = createClients(config);

  it('has both tables ACTIVE and the bucket, and ensureStorage can run again', async () => {
    await ensureStorage(config);
    for (const TableName of [config.metadataTable, config.logTable]) {
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName }));
      expect(Table?.TableStatus).toBe('ACTIVE');
    }
    const log = await ddb.send(new DescribeTableCommand({ TableName: config.logTable }));
    expect(log.Table?.AttributeDefinitions).toContainEqual({ AttributeName: 'sk', AttributeType: 'N' });
  });

  it('DynamoDB Local creates a table and does conditional puts and consistent gets', async () => {
    const TableName = uniqueName('scratch');
    await ddb.send(new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
    const item = { pk: { S: 'a' }, n: { N: '1' } };
    await ddb.send(new PutItemCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    await expect(
      ddb.send(new PutItemCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const got = await ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: 'a' } }, ConsistentRead: true }));
    expect(got.Item).toEqual(item);
  });

  // s3rver quirk: `bytes=0-0` returns the whole object and suffix ranges (`bytes=-N`) are wrong;
  // the read path only asks for `bytes=a-b` with b > 0, as here.
  it('s3rver answers ranged GETs byte for byte', async () => {
    const Key = `${uniqueName('ranged')}/object`;
    const body = randomBytes(1024 * 1024 + 17);
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key, Body: body }));
    for (const [start, end] of [[0, 60], [100, 1099], [body.length - 10, body.length - 1], [524_288, 1_048_592]] as const) {
      const res = await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key, Range: `bytes=${start}-${end}` }));
      const bytes = Buffer.from(await res.Body!.transformToByteArray());
      expect({ start, end, length: bytes.length, equal: bytes.equals(body.subarray(start, end + 1)) }).toEqual({ start, end, length: end - start + 1, equal: true });
    }
  });

  it('s3rver pages ListObjectsV2 with continuation tokens', async () => {
    const prefix = `${uniqueName('list')}/`;
    const keys = Array.from({ length: 23 }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
    await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket: config.bucket, Key, Body: Buffer.from(Key) }))));
    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix, MaxKeys: 10, ContinuationToken }));
      pages += 1;
      seen.push(...(page.Contents ?? []).map((o) => o.Key!));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(keys);
  });
});
