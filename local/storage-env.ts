import type { StorageConfig } from '../shared/storage/config.ts';

/**
 * The environment variables that make `storageConfigFromEnv()` return `config`: the handlers
 * read their configuration from process.env at module load, so the local stack sets these
 * before it imports them.
 */
export function storageEnv(config: StorageConfig): Record<string, string> {
  return {
    SLUICE_BUCKET: config.bucket,
    SLUICE_METADATA_TABLE: config.metadataTable,
    SLUICE_LOG_TABLE: config.logTable,
    AWS_REGION: config.region,
    ...(config.s3Endpoint ? { SLUICE_S3_ENDPOINT: config.s3Endpoint } : {}),
    ...(config.dynamodbEndpoint ? { SLUICE_DYNAMODB_ENDPOINT: config.dynamodbEndpoint } : {}),
    ...(config.credentials
      ? {
          SLUICE_STORAGE_ACCESS_KEY_ID: config.credentials.accessKeyId,
          SLUICE_STORAGE_SECRET_ACCESS_KEY: config.credentials.secretAccessKey,
        }
      : {}),
  };
}
