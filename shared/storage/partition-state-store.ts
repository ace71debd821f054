import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PartitionStateStore } from '../log/ports.ts';
import { N, S, readN, type Item } from './attributes.ts';
import { guarded } from './aws-errors.ts';
import { queryPages } from './query-pages.ts';
import { decodePartitionState, partitionStateKey, partitionStatePk, partitionStateSk } from './partition-state-item.ts';
import { isConditionFailure } from './topic-store.ts';

/** Log start offsets. One Query reads a whole topic's states, or the range the request needs. */
export class DynamoPartitionStateStore implements PartitionStateStore {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly table: string,
  ) {}

  async logStartOffsets(topicId: string, partitions: number[]): Promise<Map<number, number>> {
    const result = new Map<number, number>(partitions.map((p) => [p, 0]));
    if (partitions.length === 0) return result;
    const lo = Math.min(...partitions);
    const hi = Math.max(...partitions);
    const pages = queryPages(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: {
        ':pk': S(partitionStatePk(topicId)),
        ':lo': S(partitionStateSk(lo)),
        ':hi': S(partitionStateSk(hi)),
      },
      ConsistentRead: true,
    });
    for await (const items of pages) {
      for (const item of items) {
        const state = decodePartitionState(topicId, item);
        if (result.has(state.partition)) result.set(state.partition, state.logStartOffset);
      }
    }
    return result;
  }

  /**
   * One conditional UpdateItem: the log start becomes `offset` only if it is lower now (or unset).
   * When it is already at or past `offset`, the stored value comes back with the failure.
   */
  async advanceLogStart(topicId: string, partition: number, offset: number): Promise<number> {
    try {
      await this.ddb.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: partitionStateKey(topicId, partition),
          UpdateExpression: 'SET logStartOffset = :offset',
          ConditionExpression: 'attribute_not_exists(logStartOffset) OR logStartOffset < :offset',
          ExpressionAttributeValues: { ':offset': N(offset) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return offset;
    } catch (e) {
      if (isConditionFailure(e)) {
        const old = (e as { Item?: Item }).Item;
        return old?.logStartOffset ? readN(old, 'logStartOffset') : offset;
      }
      return guarded('DynamoDB UpdateItem', () => Promise.reject(e));
    }
  }
}
