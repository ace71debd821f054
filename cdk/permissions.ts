import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { FunctionName } from '../shared/api/routes.ts';
import { acknowledgeWildcardResource } from './nag.ts';

/** Key prefix of the objects the produce path writes (`objects/{yyyy-mm-dd}/{uuid}`, docs/architecture.md). */
export const PRODUCE_OBJECT_PREFIX = 'objects/';

/**
 * Prefixes the fetch path may read: every prefix an index item can point into. Compaction's
 * segment prefix joins this list when maintenance lands.
 */
export const READABLE_OBJECT_PREFIXES: readonly string[] = [PRODUCE_OBJECT_PREFIX];

/** What one function may do. Nothing else is granted: no s3:DeleteObject, no Scan, no table admin. */
export interface FunctionAccess {
  /** S3 actions and the key prefixes they apply to. */
  objects?: { actions: readonly string[]; prefixes: readonly string[] };
  /** DynamoDB actions on the metadata table (topics, partition state). */
  metadata?: readonly string[];
  /** DynamoDB actions on the log table (batch index items). */
  log?: readonly string[];
}

/**
 * The whole IAM surface of Sluice, one row per function. Each entry says why, from the storage
 * modules that function reaches.
 */
export const FUNCTION_ACCESS: Readonly<Record<FunctionName, FunctionAccess>> = {
  produce: {
    // One PUT of the request's object; topic lookup; the commit is a conditional PutItem of the
    // index item, and the high watermark a descending Query (ALL_OLD comes back on a conflict).
    // Idempotent producers: the commit's transaction also puts the producer's partition state in
    // the metadata table, and init bumps a counter (UpdateItem) or a named producer's epoch (PutItem).
    objects: { actions: ['s3:PutObject'], prefixes: [PRODUCE_OBJECT_PREFIX] },
    metadata: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    log: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  },
  fetch: {
    // Ranged GETs of committed objects; topic, partition state and index lookups.
    objects: { actions: ['s3:GetObject'], prefixes: READABLE_OBJECT_PREFIXES },
    metadata: ['dynamodb:GetItem', 'dynamodb:Query'],
    log: ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  admin: {
    // Topic items are created, changed and deleted conditionally; describe reads high watermarks.
    metadata: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query'],
    log: ['dynamodb:Query'],
  },
  groups: {
    // Group, member and lease items are put, updated and deleted conditionally (several at once in
    // TransactWriteItems, which needs the same per-action permissions); topics are read for
    // subscriptions. Describe reads high watermarks; a reset to a timestamp finds the first record
    // at or after it, which reads the batch from S3, as ListOffsets does.
    objects: { actions: ['s3:GetObject'], prefixes: READABLE_OBJECT_PREFIXES },
    metadata: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query'],
    log: ['dynamodb:Query'],
  },
};

export interface SluiceDataResources {
  bucket: IBucket;
  metadataTable: ITable;
  logTable: ITable;
}

/**
 * Adds a function's row of {@link FUNCTION_ACCESS} to its role. Tables go through `ITable.grant`
 * (exactly these actions on the table ARN); S3 takes explicit statements because the bucket grants
 * add wildcard actions (`s3:PutObject*`, `s3:Abort*`). A bucket passed in with SSE-KMS also gets
 * the key use S3 needs from the caller: GenerateDataKey to put, Decrypt to get.
 */
export function grantFunctionAccess(role: IRole, access: FunctionAccess, data: SluiceDataResources): void {
  if (access.metadata?.length) data.metadataTable.grant(role, ...access.metadata);
  if (access.log?.length) data.logTable.grant(role, ...access.log);
  const objects = access.objects;
  if (!objects) return;
  const resources = objects.prefixes.map((prefix) => data.bucket.arnForObjects(`${prefix}*`));
  role.addToPrincipalPolicy(new PolicyStatement({ actions: [...objects.actions], resources }));
  const key = data.bucket.encryptionKey;
  if (key && objects.actions.includes('s3:PutObject')) key.grant(role, 'kms:GenerateDataKey');
  if (key && objects.actions.includes('s3:GetObject')) key.grant(role, 'kms:Decrypt');
  for (const resource of resources) {
    acknowledgeWildcardResource(
      role,
      resource,
      `Object-level S3 permission (${objects.actions.join(', ')}) must name keys, and Sluice's keys are ` +
        'generated per request (date/uuid), so the resource is scoped to one key prefix of the Sluice bucket, never the whole bucket or other buckets.',
    );
  }
}
