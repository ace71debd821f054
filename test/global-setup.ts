// Starts the local stack once for the integration and e2e tests: DynamoDB Local (in memory) and
// s3rver (temporary directory) on free ports, the tables and the bucket, and the local server
// with signature verification on a free port. With SLUICE_AWS_ENDPOINT set (LocalStack) no
// emulator starts; the run gets its own table and bucket names and drops them at the end.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { localCredentialsFromEnv } from '../local/credentials.ts';
import { startLocalStackServices, type StackNames } from '../local/stack.ts';
import type { RunningGateway } from '../gateway/start.ts';
import type { StorageConfig } from '../shared/storage/config.ts';
import { dropStorage } from '../shared/storage/provision.ts';
import type { SluiceTestEnv } from './support/provided.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const externalEndpoint = process.env.SLUICE_AWS_ENDPOINT;
  const runId = randomBytes(4).toString('hex');
  const names: StackNames = externalEndpoint
    ? { bucket: `sluice-test-${runId}`, metadataTable: `sluice-test-${runId}-metadata`, logTable: `sluice-test-${runId}-log` }
    : { bucket: 'sluice-test', metadataTable: 'sluice-test-metadata', logTable: 'sluice-test-log' };
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const started = Date.now();
  const stack = await startLocalStackServices({
    names,
    region,
    credentials: localCredentialsFromEnv(),
    port: 0,
    verifySignatures: true,
    ...(externalEndpoint
      ? {
          external: {
            s3Endpoint: process.env.SLUICE_S3_ENDPOINT ?? externalEndpoint,
            dynamodbEndpoint: process.env.SLUICE_DYNAMODB_ENDPOINT ?? externalEndpoint,
            ...externalCredentials(),
          },
        }
      : {}),
  });
  if (process.env.SLUICE_TEST_VERBOSE) {
    console.log(`sluice test stack: ${stack.url} (emulators ${stack.emulatorStartMs} ms, ready in ${Date.now() - started} ms)`);
  }
  const gateway = await startTestGateway(stack.storage);
  const provided: SluiceTestEnv = {
    endpoint: stack.url,
    ...(gateway ? { kafkaBroker: `${gateway.host}:${gateway.port}` } : {}),
    credentials: stack.credentials,
    region,
    storage: stack.storage,
    mode: externalEndpoint ? 'external' : 'emulators',
  };
  project.provide('sluice', provided);
  return async () => {
    const stopping = Date.now();
    await gateway?.close();
    if (externalEndpoint) await dropStorage(stack.storage).catch((e: unknown) => console.error('sluice test teardown:', e));
    await stack.stop();
    if (process.env.SLUICE_TEST_VERBOSE) console.log(`sluice test stack stopped in ${Date.now() - stopping} ms`);
  };
}

/**
 * The Kafka gateway on a free loopback port. Loaded and started apart from the stack so that a
 * gateway that fails to load fails only the tests that ask for it (localKafkaBroker()).
 */
async function startTestGateway(storage: StorageConfig): Promise<RunningGateway | undefined> {
  try {
    const { startGateway } = await import('../gateway/start.ts');
    return await startGateway({ host: '127.0.0.1', port: 0, storage, log: (m) => console.error(`sluice test gateway: ${m}`) });
  } catch (err) {
    console.error('sluice test stack: the Kafka gateway did not start:', err);
    return undefined;
  }
}

function externalCredentials(): { credentials?: { accessKeyId: string; secretAccessKey: string } } {
  const accessKeyId = process.env.SLUICE_STORAGE_ACCESS_KEY_ID;
  const secretAccessKey = process.env.SLUICE_STORAGE_SECRET_ACCESS_KEY;
  return accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {};
}
