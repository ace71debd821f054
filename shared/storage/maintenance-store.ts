import {
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { EntryKey, IndexEntry, LeaseHold, MaintenanceState, MaintenanceStore } from '../log/ports.ts';
import { N, S, type Item } from './attributes.ts';
import { guarded } from './aws-errors.ts';
import { any, leaseHasExpired, leaseIsFree, leaseOwnerIs, namesFor } from './conditions.ts';
import { decodeIndexEntry, encodeIndexEntry, indexKey } from './index-item.ts';
import { decodeMaintenanceState, maintenanceKey, maintenancePk, stateUpdate } from './maintenance-item.ts';
import { partitionStatePk } from './partition-state-item.ts';
import { PRODUCER_STATE_PK_PREFIX, producerStateTopicPrefix } from './producer-state-item.ts';
import { isConditionFailure } from './topic-store.ts';

/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_MAX = 25;
/** Unprocessed batch items are retried this many times before the call fails (retriable). */
const BATCH_RETRIES = 8;

/**
 * Maintenance's storage: leases and states in the metadata table, the segment swap across both
 * tables, entry deletion, and the garbage collector's scan of the log table.
 */
export class DynamoMaintenanceStore implements MaintenanceStore {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly metadataTable: string,
    private readonly logTable: string,
  ) {}

  async acquire(topicId: string, partition: number, hold: LeaseHold, now: number): Promise<MaintenanceState | undefined> {
    const condition = any(leaseIsFree, leaseHasExpired, leaseOwnerIs);
    try {
      const out = await this.ddb.send(
        new UpdateItemCommand({
          TableName: this.metadataTable,
          Key: maintenanceKey(topicId, partition),
          UpdateExpression: 'SET #leaseOwner = :owner, #leaseExpiry = :expiresAt',
          ConditionExpression: condition,
          ExpressionAttributeNames: namesFor(`${condition} #leaseOwner #leaseExpiry`),
          ExpressionAttributeValues: { ':owner': S(hold.owner), ':expiresAt': N(hold.expiresAt), ':now': N(now) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return decodeMaintenanceState(out.Attributes);
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      return guarded('DynamoDB UpdateItem', () => Promise.reject(e));
    }
  }

  async release(topicId: string, partition: number, owner: string): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateItemCommand({
          TableName: this.metadataTable,
          Key: maintenanceKey(topicId, partition),
          UpdateExpression: 'REMOVE #leaseOwner, #leaseExpiry',
          ConditionExpression: leaseOwnerIs,
          ExpressionAttributeNames: namesFor(`${leaseOwnerIs} #leaseExpiry`),
          ExpressionAttributeValues: { ':owner': S(owner) },
        }),
      );
    } catch (e) {
      if (isConditionFailure(e)) return;
      await guarded('DynamoDB UpdateItem', () => Promise.reject(e));
    }
  }

  async peek(topicId: string, partition: number): Promise<MaintenanceState | undefined> {
    const out = await guarded('DynamoDB GetItem', () =>
      this.ddb.send(new GetItemCommand({ TableName: this.metadataTable, Key: maintenanceKey(topicId, partition), ConsistentRead: false })),
    );
    return out.Item ? decodeMaintenanceState(out.Item) : undefined;
  }

  async swapInSegment(segment: IndexEntry, first: IndexEntry, owner: string, from: MaintenanceState, to: MaintenanceState): Promise<boolean> {
    const state = this.stateWrite(segment.topicId, segment.partition, owner, from, to);
    try {
      await this.ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Update: state },
            {
              Put: {
                TableName: this.logTable,
                Item: encodeIndexEntry(segment),
                // The entry at the segment's base offset is still the one merged.
                ConditionExpression: '#k = :firstKey AND #n = :firstCount AND #b = :firstStart',
                ExpressionAttributeNames: { '#k': 'k', '#n': 'n', '#b': 'b' },
                ExpressionAttributeValues: { ':firstKey': S(first.objectKey), ':firstCount': N(first.count), ':firstStart': N(first.byteStart) },
              },
            },
          ],
        }),
      );
      return true;
    } catch (e) {
      if (isCancelled(e)) return false;
      return guarded('DynamoDB TransactWriteItems', () => Promise.reject(e));
    }
  }

  async setState(topicId: string, partition: number, owner: string, from: MaintenanceState, to: MaintenanceState): Promise<boolean> {
    try {
      await this.ddb.send(new UpdateItemCommand(this.stateWrite(topicId, partition, owner, from, to)));
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      return guarded('DynamoDB UpdateItem', () => Promise.reject(e));
    }
  }

  async hollowOut(entry: IndexEntry): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutItemCommand({
          TableName: this.logTable,
          Item: encodeIndexEntry({ ...entry, objectKey: '', byteStart: 0, byteLength: 0, chunks: undefined, cumulativeBytes: undefined }),
          ConditionExpression: '#k = :seenKey AND #n = :seenCount',
          ExpressionAttributeNames: { '#k': 'k', '#n': 'n' },
          ExpressionAttributeValues: { ':seenKey': S(entry.objectKey), ':seenCount': N(entry.count) },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      return guarded('DynamoDB PutItem', () => Promise.reject(e));
    }
  }

  async deleteEntries(keys: EntryKey[]): Promise<void> {
    const requests = keys.map((k): WriteRequest => ({ DeleteRequest: { Key: indexKey(k.topicId, k.partition, k.baseOffset) } }));
    await this.batchWrite(this.logTable, requests);
  }

  async *scanEntries(): AsyncIterable<IndexEntry[]> {
    let start: Item | undefined;
    do {
      const page = await guarded('DynamoDB Scan', () =>
        this.ddb.send(new ScanCommand({ TableName: this.logTable, ConsistentRead: true, ExclusiveStartKey: start })),
      );
      yield (page.Items ?? []).map(decodeIndexEntry);
      start = page.LastEvaluatedKey;
    } while (start);
  }

  async forgetTopic(topicId: string): Promise<void> {
    // Its idempotent producers' states are keyed by producer, so they are found by a Scan of the
    // metadata table, eventually consistent, which runs only when a deleted topic is forgotten. (A
    // produce already past its topic check when the topic was deleted may still write a state
    // after it; that one is left behind.)
    await this.deleteFound((start) =>
      guarded('DynamoDB Scan', () =>
        this.ddb.send(
          new ScanCommand({
            TableName: this.metadataTable,
            FilterExpression: 'begins_with(pk, :states) AND begins_with(sk, :topic)',
            ExpressionAttributeValues: { ':states': S(PRODUCER_STATE_PK_PREFIX), ':topic': S(producerStateTopicPrefix(topicId)) },
            ProjectionExpression: 'pk, sk',
            ExclusiveStartKey: start,
          }),
        ),
      ),
    );
    for (const pk of [partitionStatePk(topicId), maintenancePk(topicId)]) {
      await this.deleteFound((start) =>
        guarded('DynamoDB Query', () =>
          this.ddb.send(
            new QueryCommand({
              TableName: this.metadataTable,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': S(pk) },
              ProjectionExpression: 'pk, sk',
              ExclusiveStartKey: start,
            }),
          ),
        ),
      );
    }
  }

  /** Deletes the metadata items a paged Query or Scan finds, page by page. */
  private async deleteFound(read: (start: Item | undefined) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>): Promise<void> {
    let start: Item | undefined;
    do {
      const found = await read(start);
      await this.batchWrite(
        this.metadataTable,
        (found.Items ?? []).map((item) => ({ DeleteRequest: { Key: { pk: item.pk!, sk: item.sk! } } })),
      );
      start = found.LastEvaluatedKey;
    } while (start);
  }

  /** An UpdateItem input writing a state, fenced on the lease and on the state read. */
  private stateWrite(topicId: string, partition: number, owner: string, from: MaintenanceState, to: MaintenanceState) {
    const { set, remove, values } = stateUpdate(to);
    const condition = `${leaseOwnerIs} AND ${from.mergedTo === 0 ? '(attribute_not_exists(mergedTo) OR mergedTo = :seenMergedTo)' : 'mergedTo = :seenMergedTo'}`;
    return {
      TableName: this.metadataTable,
      Key: maintenanceKey(topicId, partition),
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: namesFor(condition),
      ExpressionAttributeValues: { ...values, ':owner': S(owner), ':seenMergedTo': N(from.mergedTo) },
    };
  }

  private async batchWrite(table: string, requests: WriteRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH_WRITE_MAX) {
      let pending = requests.slice(i, i + BATCH_WRITE_MAX);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > BATCH_RETRIES) {
          await guarded('DynamoDB BatchWriteItem', () => Promise.reject(Object.assign(new Error('items left unprocessed'), { name: 'ThrottlingException' })));
        }
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out = await guarded('DynamoDB BatchWriteItem', () =>
          this.ddb.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } })),
        );
        pending = out.UnprocessedItems?.[table] ?? [];
      }
    }
  }
}

function isCancelled(e: unknown): boolean {
  const err = e as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (err?.name !== 'TransactionCanceledException') return false;
  const reasons = err.CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
}
