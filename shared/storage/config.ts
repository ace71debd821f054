/**
 * Storage configuration, read once per cold start. Production reads the names CDK sets; the local
 * stack and the tests add emulator endpoints and emulator credentials.
 */
export interface StorageConfig {
  bucket: string;
  metadataTable: string;
  logTable: string;
  region: string;
  /** S3 endpoint override (s3rver, LocalStack). Path-style addressing is used when set. */
  s3Endpoint?: string;
  /** DynamoDB endpoint override (DynamoDB Local, LocalStack). */
  dynamodbEndpoint?: string;
  /** Credentials for the storage services only; when absent the AWS default chain is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Sluice configuration: environment variable ${name} is required`);
  return value;
}

/**
 * Parses the environment. `SLUICE_AWS_ENDPOINT` points both services at one endpoint
 * (LocalStack); `SLUICE_S3_ENDPOINT` / `SLUICE_DYNAMODB_ENDPOINT` set them one by one.
 */
export function storageConfigFromEnv(env: Env = process.env): StorageConfig {
  const shared = env.SLUICE_AWS_ENDPOINT;
  const accessKeyId = env.SLUICE_STORAGE_ACCESS_KEY_ID;
  const secretAccessKey = env.SLUICE_STORAGE_SECRET_ACCESS_KEY;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error('Sluice configuration: set both SLUICE_STORAGE_ACCESS_KEY_ID and SLUICE_STORAGE_SECRET_ACCESS_KEY, or neither');
  }
  return {
    bucket: required(env, 'SLUICE_BUCKET'),
    metadataTable: required(env, 'SLUICE_METADATA_TABLE'),
    logTable: required(env, 'SLUICE_LOG_TABLE'),
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    s3Endpoint: env.SLUICE_S3_ENDPOINT ?? shared,
    dynamodbEndpoint: env.SLUICE_DYNAMODB_ENDPOINT ?? shared,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  };
}
