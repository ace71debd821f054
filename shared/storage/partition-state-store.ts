import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PartitionStateStore } from '../log/ports.ts';
import { S } from './attributes.ts';
import { queryPages } from './query-pages.ts';
import { decodePartitionState, partitionStatePk, partitionStateSk } from './partition-state-item.ts';

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
}
