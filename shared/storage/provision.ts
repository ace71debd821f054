import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createClients, type AwsClients } from './clients.ts';
import type { StorageConfig } from './config.ts';
import { logTableInput, metadataTableInput } from './tables.ts';

/** How long to wait for a new table to become ACTIVE (emulators: instant; AWS: seconds). */
const TABLE_WAIT_SECONDS = 120;

/**
 * Creates Sluice's two tables and its bucket when they are missing, and waits until the tables
 * are ACTIVE. Idempotent and safe to run concurrently. Used by the local stack and the tests;
 * in AWS the CDK stack owns these resources.
 *
 * @example
 * await ensureStorage(storageConfigFromEnv());
 */
export async function ensureStorage(config: StorageConfig, clients: AwsClients = createClients(config)): Promise<void> {
  await Promise.all([
    ensureTable(clients.ddb, metadataTableInput(config.metadataTable)),
    ensureTable(clients.ddb, logTableInput(config.logTable)),
    ensureBucket(clients.s3, config.bucket, config.region),
  ]);
}

/**
 * Deletes the tables and the bucket with everything in it. For throwaway stacks only (the tests'
 * per-run names on LocalStack); never called on a deployment.
 */
export async function dropStorage(config: StorageConfig, clients: AwsClients = createClients(config)): Promise<void> {
  await Promise.all([
    dropTable(clients.ddb, config.metadataTable),
    dropTable(clients.ddb, config.logTable),
    dropBucket(clients.s3, config.bucket),
  ]);
}

async function ensureTable(ddb: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  const TableName = input.TableName;
  try {
    await ddb.send(new CreateTableCommand(input));
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
  const described = await ddb.send(new DescribeTableCommand({ TableName }));
  if (described.Table?.TableStatus === 'ACTIVE') return;
  await waitUntilTableExists({ client: ddb, maxWaitTime: TABLE_WAIT_SECONDS, minDelay: 1, maxDelay: 5 }, { TableName });
}

async function dropTable(ddb: DynamoDBClient, TableName: string): Promise<void> {
  try {
    await ddb.send(new DeleteTableCommand({ TableName }));
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return;
    throw e;
  }
  await waitUntilTableNotExists({ client: ddb, maxWaitTime: TABLE_WAIT_SECONDS, minDelay: 1, maxDelay: 5 }, { TableName });
}

function isMissingBucket(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NotFound' || err?.name === 'NoSuchBucket' || err?.$metadata?.httpStatusCode === 404;
}

async function ensureBucket(s3: S3Client, Bucket: string, region: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket }));
    return;
  } catch (e) {
    if (!isMissingBucket(e)) throw e;
  }
  try {
    // us-east-1 refuses an explicit LocationConstraint; every other region requires one.
    await s3.send(new CreateBucketCommand({
      Bucket,
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }));
  } catch (e) {
    // Another process created it between our HEAD and our PUT.
    if ((e as { name?: string })?.name !== 'BucketAlreadyOwnedByYou') throw e;
  }
}

async function dropBucket(s3: S3Client, Bucket: string): Promise<void> {
  try {
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken }));
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    await s3.send(new DeleteBucketCommand({ Bucket }));
  } catch (e) {
    if (!isMissingBucket(e)) throw e;
  }
}
