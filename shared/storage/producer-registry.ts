import { GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SluiceError } from '../api/errors.ts';
import type { ProducerRegistry, ProducerState } from '../log/ports.ts';
import { N } from './attributes.ts';
import { guarded } from './aws-errors.ts';
import { itemDoesNotExist, namedProducerIs, namesFor } from './conditions.ts';
import { counterKey, decodeNamedProducer, encodeNamedProducer, namedProducerKey } from './producer-item.ts';
import { decodeProducerState, producerStateKey } from './producer-state-item.ts';
import { isConditionFailure } from './topic-store.ts';

/** Kafka's producer epoch is an int16; past it a named producer gets a new id. */
const MAX_EPOCH = 32_767;
const MAX_ATTEMPTS = 10;

/** Producer ids and epochs (InitProducerId), and the per-partition state the commit keeps. */
export class DynamoProducerRegistry implements ProducerRegistry {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly table: string,
  ) {}

  async init(name?: string): Promise<{ producerId: number; producerEpoch: number }> {
    if (name === undefined) return { producerId: await this.allocate(), producerEpoch: 0 };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const out = await guarded('DynamoDB GetItem', () =>
        this.ddb.send(new GetItemCommand({ TableName: this.table, Key: namedProducerKey(name), ConsistentRead: true })),
      );
      const current = out.Item ? decodeNamedProducer(name, out.Item) : undefined;
      const next =
        current && current.epoch < MAX_EPOCH
          ? { name, producerId: current.producerId, epoch: current.epoch + 1 }
          : { name, producerId: await this.allocate(), epoch: 0 };
      const condition = current ? namedProducerIs : itemDoesNotExist;
      try {
        await this.ddb.send(
          new PutItemCommand({
            TableName: this.table,
            Item: encodeNamedProducer(next),
            ConditionExpression: condition,
            ExpressionAttributeNames: namesFor(condition),
            ...(current ? { ExpressionAttributeValues: { ':seenId': N(current.producerId), ':seenEpoch': N(current.epoch) } } : {}),
          }),
        );
        return { producerId: next.producerId, producerEpoch: next.epoch };
      } catch (e) {
        if (!isConditionFailure(e)) return guarded('DynamoDB PutItem', () => Promise.reject(e));
      }
    }
    throw new SluiceError('CONCURRENT_APPEND', `producer ${name} is being initialized concurrently; retry`);
  }

  async state(producerId: number, topicId: string, partition: number): Promise<ProducerState | undefined> {
    const out = await guarded('DynamoDB GetItem', () =>
      this.ddb.send(
        new GetItemCommand({ TableName: this.table, Key: producerStateKey(producerId, topicId, partition), ConsistentRead: true }),
      ),
    );
    return out.Item ? decodeProducerState(out.Item) : undefined;
  }

  /** A new producer id: an atomic counter, so no id is ever handed out twice. */
  private async allocate(): Promise<number> {
    const out = await guarded('DynamoDB UpdateItem', () =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: counterKey,
          UpdateExpression: 'ADD #next :one',
          ExpressionAttributeNames: { '#next': 'next' },
          ExpressionAttributeValues: { ':one': N(1) },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(out.Attributes!.next!.N);
  }
}
