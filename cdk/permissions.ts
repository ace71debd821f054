import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { FunctionName } from '../shared/api/routes.ts';
import { acknowledgeWildcardResource } from './nag.ts';

/** Key prefix of the objects the produce path writes (`objects/{yyyy-mm-dd}/{uuid}`, docs/architecture.md). */
export const PRODUCE_OBJECT_PREFIX = 'objects/';

/** Key prefix of the segments maintenance merges partitions into (`segments/{topicId}/{partition}/...`). */
export const SEGMENT_OBJECT_PREFIX = 'segments/';

/** Key prefix of maintenance's own records (`maintenance/gc-pending.json`). */
export const MAINTENANCE_OBJECT_PREFIX = 'maintenance/';

/** Prefixes the read paths may read: every prefix an index item can point into. */
export const READABLE_OBJECT_PREFIXES: readonly string[] = [PRODUCE_OBJECT_PREFIX, SEGMENT_OBJECT_PREFIX];

/** S3 object actions and the key prefixes they apply to. */
export interface ObjectAccess {
  actions: readonly string[];
  prefixes: readonly string[];
}

/**
 * What one function may do. Nothing else is granted: only maintenance may delete objects, list the
 * bucket, scan or batch-write, and no function may change a table.
 */
export interface FunctionAccess {
  /** S3 object actions, one entry per set of prefixes. */
  objects?: ObjectAccess | readonly ObjectAccess[];
  /** s3:ListBucket on the bucket, limited to keys under these prefixes (the `s3:prefix` condition). */
  listPrefixes?: readonly string[];
  /** DynamoDB actions on the metadata table (topics, partition state). */
  metadata?: readonly string[];
  /** DynamoDB actions on the log table (batch index items). */
  log?: readonly string[];
  /** lambda:InvokeFunction on the function itself (granted by SluiceFunction, which knows its ARN). */
  invokeSelf?: boolean;
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
  maintenance: {
    // Merging reads batches (objects/ and segments/) and writes segments; GC lists both data
    // prefixes, deletes unreferenced objects (DeleteObjects needs s3:DeleteObject per key) and
    // keeps its pending record under maintenance/. Metadata: topics (GetItem, Query), log starts
    // (Query; advanced by UpdateItem), compactor leases and states (UpdateItem, also inside the
    // swap's TransactWriteItems), a deleted topic's items removed (BatchWriteItem). Log table:
    // index walks (Query), GC's mark phase (Scan), replaced and expired entries deleted
    // (BatchWriteItem), the segment's entry put in the swap and a last entry hollowed (PutItem).
    // A scheduled plan sends each job to an asynchronous invocation of this same function.
    objects: [
      { actions: ['s3:GetObject'], prefixes: [PRODUCE_OBJECT_PREFIX, SEGMENT_OBJECT_PREFIX, MAINTENANCE_OBJECT_PREFIX] },
      { actions: ['s3:PutObject'], prefixes: [SEGMENT_OBJECT_PREFIX, MAINTENANCE_OBJECT_PREFIX] },
      { actions: ['s3:DeleteObject'], prefixes: [PRODUCE_OBJECT_PREFIX, SEGMENT_OBJECT_PREFIX] },
    ],
    listPrefixes: [PRODUCE_OBJECT_PREFIX, SEGMENT_OBJECT_PREFIX],
    metadata: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
    log: ['dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
    invokeSelf: true,
  },
};

/**
 * What a Kafka gateway (gateway/) needs: it serves produce, fetch, the group protocol and the
 * admin APIs in one process, so its access is exactly the union of those four functions' rows,
 * and never maintenance's (no deletes of objects, no listing, no Scan, no BatchWriteItem).
 */
export const GATEWAY_ACCESS: FunctionAccess = unionAccess([FUNCTION_ACCESS.produce, FUNCTION_ACCESS.fetch, FUNCTION_ACCESS.admin, FUNCTION_ACCESS.groups]);

/** Several rows as one: each S3 action on the union of its prefixes, each table's actions once. */
export function unionAccess(rows: readonly FunctionAccess[]): FunctionAccess {
  const byAction = new Map<string, Set<string>>();
  const metadata = new Set<string>();
  const log = new Set<string>();
  const listPrefixes = new Set<string>();
  for (const row of rows) {
    const objects: readonly ObjectAccess[] = !row.objects ? [] : 'actions' in row.objects ? [row.objects] : row.objects;
    for (const o of objects) for (const action of o.actions) for (const prefix of o.prefixes) byAction.set(action, (byAction.get(action) ?? new Set()).add(prefix));
    for (const a of row.metadata ?? []) metadata.add(a);
    for (const a of row.log ?? []) log.add(a);
    for (const p of row.listPrefixes ?? []) listPrefixes.add(p);
  }
  return {
    objects: [...byAction].map(([action, prefixes]) => ({ actions: [action], prefixes: [...prefixes] })),
    ...(listPrefixes.size ? { listPrefixes: [...listPrefixes] } : {}),
    metadata: [...metadata],
    log: [...log],
  };
}

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
  if (access.listPrefixes?.length) {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [data.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': access.listPrefixes.map((prefix) => `${prefix}*`) } },
      }),
    );
  }
  const grants: readonly ObjectAccess[] = !access.objects ? [] : 'actions' in access.objects ? [access.objects] : access.objects;
  // One acknowledgement per resource, naming every action granted on it.
  const onResource = new Map<string, { resource: string; actions: string[] }>();
  for (const objects of grants) {
    for (const resource of grantObjects(role, objects, data)) {
      const key = JSON.stringify(Stack.of(role).resolve(resource));
      const seen = onResource.get(key) ?? { resource, actions: [] };
      seen.actions.push(...objects.actions);
      onResource.set(key, seen);
    }
  }
  for (const { resource, actions } of onResource.values()) {
    acknowledgeWildcardResource(
      role,
      resource,
      `Object-level S3 permission (${actions.join(', ')}) must name keys, and Sluice's keys are ` +
        'generated per request (date/uuid), so the resource is scoped to one key prefix of the Sluice bucket, never the whole bucket or other buckets.',
    );
  }
}

/** One statement of object actions on prefixes of the bucket (and the KMS key use they need); returns the resources. */
function grantObjects(role: IRole, objects: ObjectAccess, data: SluiceDataResources): string[] {
  const resources = objects.prefixes.map((prefix) => data.bucket.arnForObjects(`${prefix}*`));
  role.addToPrincipalPolicy(new PolicyStatement({ actions: [...objects.actions], resources }));
  const key = data.bucket.encryptionKey;
  if (key && objects.actions.includes('s3:PutObject')) key.grant(role, 'kms:GenerateDataKey');
  if (key && objects.actions.includes('s3:GetObject')) key.grant(role, 'kms:Decrypt');
  return resources;
}
