import type { Rng } from './rng.ts';

/** The chaos clients' retry policy: the SDK's shape (jittered exponential backoff), with short waits so runs stay quick. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 8, initialMs: 10, maxMs: 400 };

/** Wait before retry number `retry` (0-based): initial × 2^retry, ±20%, capped. */
export function backoffMs(policy: RetryPolicy, retry: number, rng: Rng): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** retry);
  return Math.round(base * (0.8 + 0.4 * rng.next()));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
