import { QueryCommand, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { Item } from './attributes.ts';
import { guarded } from './aws-errors.ts';

/** Every page of a Query, following LastEvaluatedKey. */
export async function* queryPages(ddb: DynamoDBClient, input: QueryCommandInput): AsyncGenerator<Item[]> {
  let start: Item | undefined;
  do {
    const page = await guarded('DynamoDB Query', () => ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: start })));
    yield page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}
