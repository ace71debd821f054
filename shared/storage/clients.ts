import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from './config.ts';

export interface AwsClients {
  s3: S3Client;
  ddb: DynamoDBClient;
}

/**
 * Builds the S3 and DynamoDB clients for a configuration. Checksums are computed only when an
 * operation requires them: s3rver stores a streamed body with its chunk framing otherwise, and
 * Sluice sends Buffers, whose integrity TLS and the batch CRCs already cover.
 */
export function createClients(config: StorageConfig): AwsClients {
  const common = {
    region: config.region,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    maxAttempts: 3,
  };
  const s3 = new S3Client({
    ...common,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const ddb = new DynamoDBClient({
    ...common,
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
  });
  return { s3, ddb };
}
