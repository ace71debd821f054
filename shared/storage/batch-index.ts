import {
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { SluiceError } from '../api/errors.ts';
import type { BatchIndex, CommitOutcome, IndexEntry, ProducerCommitOutcome, ProducerState, ReadConsistency } from '../log/ports.ts';
import { N, S, type Item } from './attributes.ts';
import { guarded } from './aws-errors.ts';
import { queryPages } from './query-pages.ts';
import { itemDoesNotExist, namesFor, producerStateIs } from './conditions.ts';
import { decodeIndexEntry, encodeIndexEntry, partitionKey } from './index-item.ts';
import { decodeProducerState, encodeProducerState } from './producer-state-item.ts';
import { isConditionFailure } from './topic-store.ts';

/**
 * The batch index in the log table. A commit is one conditional PutItem that claims a base
 * offset; see docs/architecture.md for why that keeps offsets unique and contiguous.
 */
export class DynamoBatchIndex implements BatchIndex {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly table: string,
    /** Where idempotent producers' partition states live (shared/storage/producer-state-item.ts). */
    private readonly metadataTable: string,
  ) {}

  async commit(entry: IndexEntry): Promise<CommitOutcome> {
    try {
      await this.ddb.send(
        new PutItemCommand({
          TableName: this.table,
          Item: encodeIndexEntry(entry),
          ConditionExpression: itemDoesNotExist,
          ExpressionAttributeNames: namesFor(itemDoesNotExist),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { committed: true };
    } catch (e) {
      if (isConditionFailure(e)) {
        const old = (e as { Item?: Item }).Item;
        return { committed: false, ...(old ? { holder: decodeIndexEntry(old) } : {}) };
      }
      return guarded('DynamoDB PutItem', () => Promise.reject(e));
    }
  }

  async commitWithProducer(
    entry: IndexEntry,
    producerId: number,
    next: ProducerState,
    expected: ProducerState | undefined,
  ): Promise<ProducerCommitOutcome> {
    const stateCondition = expected ? producerStateIs : itemDoesNotExist;
    try {
      // The SDK retries a transaction with the same ClientRequestToken, which DynamoDB answers as
      // already done, so a lost answer never commits twice.
      await this.ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: encodeIndexEntry(entry),
                ConditionExpression: itemDoesNotExist,
                ExpressionAttributeNames: namesFor(itemDoesNotExist),
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Put: {
                TableName: this.metadataTable,
                Item: encodeProducerState(producerId, entry.topicId, entry.partition, next),
                ConditionExpression: stateCondition,
                ExpressionAttributeNames: namesFor(stateCondition),
                ...(expected
                  ? { ExpressionAttributeValues: { ':seenStateEpoch': N(expected.epoch), ':seenNextSeq': N(expected.nextSeq) } }
                  : {}),
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      );
      return { committed: true };
    } catch (e) {
      if (!(e instanceof TransactionCanceledException) && (e as { name?: string })?.name !== 'TransactionCanceledException') {
        return guarded('DynamoDB TransactWriteItems', () => Promise.reject(e));
      }
      const [offset, state] = (e as TransactionCanceledException).CancellationReasons ?? [];
      if ([offset, state].some((r) => r?.Code === 'ThrottlingError' || r?.Code === 'ProvisionedThroughputExceeded')) {
        throw new SluiceError('THROTTLED', 'DynamoDB TransactWriteItems: storage is throttling');
      }
      const offsetTaken = offset?.Code === 'ConditionalCheckFailed';
      const stateConflict = state?.Code === 'ConditionalCheckFailed';
      return {
        committed: false,
        offsetTaken,
        ...(offsetTaken && offset?.Item ? { holder: decodeIndexEntry(offset.Item) } : {}),
        ...(stateConflict ? { producerConflict: { state: state?.Item ? decodeProducerState(state.Item) : null } } : {}),
      };
    }
  }

  async latest(topicId: string, partition: number, consistency: ReadConsistency = 'strong'): Promise<IndexEntry | undefined> {
    const items = await this.query(topicId, partition, { forward: false, limit: 1, consistency });
    return items[0];
  }

  async floor(topicId: string, partition: number, offset: number, consistency: ReadConsistency = 'strong'): Promise<IndexEntry | undefined> {
    const items = await this.query(topicId, partition, { forward: false, limit: 1, sk: ['<=', offset], consistency });
    return items[0];
  }

  after(topicId: string, partition: number, offset: number, limit: number, consistency: ReadConsistency = 'strong'): Promise<IndexEntry[]> {
    return this.query(topicId, partition, { forward: true, limit, sk: ['>', offset], consistency });
  }

  before(topicId: string, partition: number, offset: number, limit: number, consistency: ReadConsistency = 'strong'): Promise<IndexEntry[]> {
    return this.query(topicId, partition, { forward: false, limit, sk: ['<=', offset], consistency });
  }

  async firstAtOrAfterTime(
    topicId: string,
    partition: number,
    fromOffset: number,
    timestamp: number,
  ): Promise<IndexEntry | undefined> {
    const pages = queryPages(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      FilterExpression: 't >= :ts',
      ExpressionAttributeValues: { ':pk': S(partitionKey(topicId, partition)), ':from': N(fromOffset), ':ts': N(timestamp) },
      ConsistentRead: true,
    });
    for await (const items of pages) if (items[0]) return decodeIndexEntry(items[0]);
    return undefined;
  }

  private async query(
    topicId: string,
    partition: number,
    opts: { forward: boolean; limit: number; sk?: ['<=' | '>', number]; consistency: ReadConsistency },
  ): Promise<IndexEntry[]> {
    const values: Item = { ':pk': S(partitionKey(topicId, partition)) };
    let condition = 'pk = :pk';
    if (opts.sk) {
      condition += ` AND sk ${opts.sk[0]} :sk`;
      values[':sk'] = N(opts.sk[1]);
    }
    const out = await guarded('DynamoDB Query', () =>
      this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: values,
          ScanIndexForward: opts.forward,
          Limit: opts.limit,
          // Eventually consistent costs half the read units; see ReadConsistency for who may ask.
          ConsistentRead: opts.consistency === 'strong',
        }),
      ),
    );
    return (out.Items ?? []).map(decodeIndexEntry);
  }
}
