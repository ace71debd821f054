import { SluiceError } from '../api/errors.ts';

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
  'TooManyRequestsException',
]);

/**
 * Turns an AWS SDK failure into the service's error vocabulary, so that the engine and the
 * handlers never look at AWS error names. Unknown failures are storage outages: retriable,
 * because every write path is conditional and idempotent on retry.
 */
export function toSluiceError(e: unknown, what: string): SluiceError {
  if (e instanceof SluiceError) return e;
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = err?.name ?? 'Error';
  if (THROTTLING.has(name)) return new SluiceError('THROTTLED', `${what}: storage is throttling (${name})`);
  return new SluiceError('STORAGE_UNAVAILABLE', `${what}: ${name}: ${err?.message ?? String(e)}`);
}

/** Runs one storage call and translates its failure. */
export async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toSluiceError(e, what);
  }
}
