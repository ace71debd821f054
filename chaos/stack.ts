/**
 * The local stack of a chaos run started from the command line: DynamoDB Local and s3rver on a
 * data directory, plus the HTTP server, on ports kept across restarts, so that a restart of the
 * whole stack mid-run keeps every byte written and every client's endpoint.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCredentialsFromEnv, type LocalCredentials } from '../local/credentials.ts';
import { startLocalStackServices, type RunningStack } from '../local/stack.ts';
import type { StorageConfig } from '../shared/storage/config.ts';

export interface ChaosStack {
  storage: StorageConfig;
  url: string;
  credentials: LocalCredentials;
  /** Stops everything and starts it again on the same data and ports. Resolves once it answers. */
  restart(): Promise<void>;
  /** Stops everything and removes the data. */
  stop(): Promise<void>;
}

const portOf = (url: string | undefined): number => (url ? Number(new URL(url).port) : 0);

export async function startChaosStack(options: { log?: (line: string) => void } = {}): Promise<ChaosStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sluice-chaos-'));
  const credentials = localCredentialsFromEnv();
  const base = {
    names: { bucket: 'sluice-chaos', metadataTable: 'sluice-chaos-metadata', logTable: 'sluice-chaos-log' },
    region: 'us-east-1',
    credentials,
    dataDir,
    log: options.log ?? (() => undefined),
  };
  let running: RunningStack = await startLocalStackServices({ ...base, port: 0 });
  const ports = {
    port: portOf(running.url),
    dynamodbPort: portOf(running.storage.dynamodbEndpoint),
    s3Port: portOf(running.storage.s3Endpoint),
  };
  return {
    storage: running.storage,
    url: running.url,
    credentials,
    async restart() {
      await running.stop();
      running = await startLocalStackServices({ ...base, ...ports });
    },
    async stop() {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
