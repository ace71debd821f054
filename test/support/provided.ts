import type { StorageConfig } from '../../shared/storage/config.ts';

/** What test/global-setup.ts hands to the integration and e2e tests (must be serializable). */
export interface SluiceTestEnv {
  /** Base URL of the local HTTP server (SigV4 verification on). */
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** The storage the server's handlers use, for tests that build the engine directly. */
  storage: StorageConfig;
  /**
   * The Kafka gateway over the same storage, `host:port` on a free port; absent when it did not
   * start (the setup logs why, and the other tests still run).
   */
  kafkaBroker?: string;
  /** 'emulators' (DynamoDB Local + s3rver started by the setup) or 'external' (LocalStack). */
  mode: 'emulators' | 'external';
}

declare module 'vitest' {
  export interface ProvidedContext {
    sluice: SluiceTestEnv;
  }
}
