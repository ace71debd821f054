import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageConfig } from '../shared/storage/config.ts';
import { ensureStorage } from '../shared/storage/provision.ts';
import type { LocalCredentials } from './credentials.ts';
import { startDynamoDbLocal } from './emulators/dynamodb.ts';
import type { Emulator } from './emulators/emulator.ts';
import { S3RVER_CREDENTIALS, startS3rver } from './emulators/s3.ts';
import { startLocalServer, type LocalServerOptions } from './server.ts';
import { storageEnv } from './storage-env.ts';

export interface StackNames {
  bucket: string;
  metadataTable: string;
  logTable: string;
}

export interface LocalStackOptions {
  names: StackNames;
  region: string;
  /** Credentials requests to the HTTP server are signed with. */
  credentials: LocalCredentials;
  /** HTTP server port; 0 picks a free one. */
  port: number;
  host?: string;
  verifySignatures?: boolean;
  /**
   * Where the emulators keep data (`{dir}/dynamodb`, `{dir}/s3`), surviving restarts. Without
   * it DynamoDB Local runs in memory and s3rver in a temporary directory removed on stop.
   */
  dataDir?: string;
  /** Emulator ports; 0 or absent picks free ones. */
  dynamodbPort?: number;
  s3Port?: number;
  /**
   * Use these storage services instead of starting emulators (LocalStack: one endpoint for
   * both). Credentials default to LocalStack's `test`/`test`.
   */
  external?: { s3Endpoint: string; dynamodbEndpoint: string; credentials?: LocalCredentials };
  loadHandler?: LocalServerOptions['loadHandler'];
  fetchInvokeMode?: LocalServerOptions['fetchInvokeMode'];
  log?: (message: string) => void;
  accessLog?: (line: string) => void;
}

export interface RunningStack {
  url: string;
  credentials: LocalCredentials;
  storage: StorageConfig;
  /** How long the emulators took to answer, in ms (0 in external mode). */
  emulatorStartMs: number;
  stop(): Promise<void>;
}

/**
 * Brings up the local stack: storage (emulators, or external endpoints), tables and bucket, the
 * handlers' environment, and the HTTP server. `stop()` takes it all down, in reverse.
 */
export async function startLocalStackServices(options: LocalStackOptions): Promise<RunningStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    stops.length = 0;
  };
  try {
    const started = Date.now();
    const storage = await startStorage(options, stops);
    const emulatorStartMs = options.external ? 0 : Date.now() - started;
    await ensureStorage(storage);
    Object.assign(process.env, storageEnv(storage));
    const server = await startLocalServer({
      port: options.port,
      host: options.host,
      credentials: options.credentials,
      verifySignatures: options.verifySignatures,
      region: options.region,
      loadHandler: options.loadHandler,
      fetchInvokeMode: options.fetchInvokeMode,
      log: options.log,
      accessLog: options.accessLog,
    });
    stops.push(() => server.close());
    return { url: server.url, credentials: options.credentials, storage, emulatorStartMs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function startStorage(options: LocalStackOptions, stops: Array<() => Promise<void>>): Promise<StorageConfig> {
  const base = { ...options.names, region: options.region };
  if (options.external) {
    return {
      ...base,
      s3Endpoint: options.external.s3Endpoint,
      dynamodbEndpoint: options.external.dynamodbEndpoint,
      credentials: options.external.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' },
    };
  }
  let s3Dir = options.dataDir ? join(options.dataDir, 's3') : undefined;
  if (!s3Dir) {
    const tmp = await mkdtemp(join(tmpdir(), 'sluice-s3-'));
    stops.push(() => rm(tmp, { recursive: true, force: true }));
    s3Dir = tmp;
  }
  const emulators: Array<Promise<Emulator>> = [
    startDynamoDbLocal({
      port: options.dynamodbPort,
      ...(options.dataDir ? { dbPath: join(options.dataDir, 'dynamodb') } : {}),
    }),
    startS3rver({ directory: s3Dir, port: options.s3Port }),
  ];
  const settled = await Promise.allSettled(emulators);
  for (const s of settled) if (s.status === 'fulfilled') stops.push(() => s.value.stop());
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const [ddb, s3] = settled.map((s) => (s as PromiseFulfilledResult<Emulator>).value) as [Emulator, Emulator];
  // DynamoDB Local accepts any credentials; s3rver only its own, so both get s3rver's.
  return { ...base, s3Endpoint: s3.endpoint, dynamodbEndpoint: ddb.endpoint, credentials: { ...S3RVER_CREDENTIALS } };
}
