import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { SluiceError } from '../api/errors.ts';
import type { TopicRecord, TopicStore } from '../log/ports.ts';
import { N, S, type Item } from './attributes.ts';
import { guarded } from './aws-errors.ts';
import { queryPages } from './query-pages.ts';
import { all, idIs, itemDoesNotExist, namesFor, versionIs } from './conditions.ts';
import { TOPICS_PK, decodeTopic, encodeTopic, topicKey } from './topic-item.ts';

/** Topics in the metadata table; every change is conditional on what was read. */
export class DynamoTopicStore implements TopicStore {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly table: string,
  ) {}

  async create(topic: TopicRecord): Promise<void> {
    const created = await this.conditionalPut(encodeTopic(topic), itemDoesNotExist, {});
    if (!created) throw new SluiceError('TOPIC_ALREADY_EXISTS', `topic ${topic.name} already exists`);
  }

  async get(name: string): Promise<TopicRecord | undefined> {
    const out = await guarded('DynamoDB GetItem', () =>
      this.ddb.send(new GetItemCommand({ TableName: this.table, Key: topicKey(name), ConsistentRead: true })),
    );
    return out.Item ? decodeTopic(out.Item) : undefined;
  }

  async list(): Promise<TopicRecord[]> {
    const topics: TopicRecord[] = [];
    const pages = queryPages(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': S(TOPICS_PK) },
      ConsistentRead: true,
    });
    for await (const items of pages) for (const item of items) topics.push(decodeTopic(item));
    return topics;
  }

  replace(topic: TopicRecord, expectedVersion: number): Promise<boolean> {
    return this.conditionalPut(encodeTopic(topic), all(versionIs), { ':expectedVersion': N(expectedVersion) });
  }

  async delete(name: string, id: string): Promise<boolean> {
    try {
      await guarded('DynamoDB DeleteItem', () =>
        this.ddb.send(
          new DeleteItemCommand({
            TableName: this.table,
            Key: topicKey(name),
            ConditionExpression: idIs,
            ExpressionAttributeNames: namesFor(idIs),
            ExpressionAttributeValues: { ':expectedId': S(id) },
          }),
        ),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  private async conditionalPut(item: Item, condition: string, values: Item): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutItemCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: condition,
          ExpressionAttributeNames: namesFor(condition),
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      return guarded('DynamoDB PutItem', () => Promise.reject(e));
    }
  }
}

export function isConditionFailure(e: unknown): boolean {
  return e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === 'ConditionalCheckFailedException';
}
