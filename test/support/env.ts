// The local stack as the tests see it. test/global-setup.ts starts it once per run for the
// `integration` project (test/integration/**, test/e2e/**); unit tests get no stack.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { StorageConfig } from '../../shared/storage/config.ts';
import type { SluiceTestEnv } from './provided.ts';

function env(): SluiceTestEnv {
  const provided = inject('sluice');
  if (!provided) {
    throw new Error(
      'The local stack is not running for this test: it starts only for test/integration/** and test/e2e/** ' +
        '(the `integration` project in vitest.config.ts). Move the test there, or keep it pure.',
    );
  }
  return provided;
}

/** Base URL of the local server, e.g. `http://127.0.0.1:41234`. Requests must be SigV4-signed (service `lambda`). */
export function localEndpoint(): string {
  return env().endpoint;
}

/** The key pair the local server accepts. */
export function localCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return { ...env().credentials };
}

/** The region to sign for (any region verifies; this one matches the storage). */
export function localRegion(): string {
  return env().region;
}

/** The storage configuration the server's handlers use: same tables, same bucket. */
export function storageConfig(): StorageConfig {
  const { storage } = env();
  return { ...storage, ...(storage.credentials ? { credentials: { ...storage.credentials } } : {}) };
}

/**
 * `host:port` of the Kafka gateway the setup started over the same storage (loopback, no TLS, no
 * SASL, topics not auto-created), for Kafka clients: `new Kafka({ brokers: [localKafkaBroker()] })`.
 */
export function localKafkaBroker(): string {
  const broker = env().kafkaBroker;
  if (!broker) throw new Error('The Kafka gateway did not start with the test stack: see the setup output for why.');
  return broker;
}

let counter = 0;

/**
 * A name no other test in this run (or an earlier run on the same stack) uses, valid as a Kafka
 * topic name: `{prefix}-{random}-{n}`. Tests share one stack, so each should make its own topics.
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${randomBytes(5).toString('hex')}-${counter}`;
}
