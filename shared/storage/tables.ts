import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * Key schemas of Sluice's tables. The CDK construct and the local stack both build their tables
 * from these, so that the emulators and AWS hold the same shapes.
 */
export const METADATA_TABLE_KEYS = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const;

export const LOG_TABLE_KEYS = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'N' },
} as const;

type Keys = typeof METADATA_TABLE_KEYS | typeof LOG_TABLE_KEYS;

function createTableInput(tableName: string, keys: Keys): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: keys.partitionKey.name, AttributeType: keys.partitionKey.type },
      { AttributeName: keys.sortKey.name, AttributeType: keys.sortKey.type },
    ],
    KeySchema: [
      { AttributeName: keys.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: keys.sortKey.name, KeyType: 'RANGE' },
    ],
  };
}

export function metadataTableInput(tableName: string): CreateTableCommandInput {
  return createTableInput(tableName, METADATA_TABLE_KEYS);
}

export function logTableInput(tableName: string): CreateTableCommandInput {
  return createTableInput(tableName, LOG_TABLE_KEYS);
}
