/**
 * Retry with jittered exponential backoff, as KafkaJS does it (`createRetry(policy)(fn)`).
 *
 * The first retry waits `initialRetryTime ± factor`; each next one waits the previous wait,
 * jittered by `± factor`, times `multiplier`, capped at `maxRetryTime`. A non-retriable error
 * stops at once. After `retries` retries the last error is thrown unchanged.
 */
import { isRetriable, SluiceApiError } from './errors.ts';

/** Backoff policy. Defaults are KafkaJS's. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 5. */
  retries?: number;
  /** First wait in ms, before jitter. Default 300. */
  initialRetryTime?: number;
  /** Longest wait in ms. Default 30000. */
  maxRetryTime?: number;
  /** Jitter: each wait is drawn from `[t·(1−factor), t·(1+factor)]`. Default 0.2. */
  factor?: number;
  /** Growth per retry. Default 2. */
  multiplier?: number;
}

/** Hooks, injectable so that tests need no clock or dice. */
export interface RetryHooks {
  /** Which errors to retry. Default: `SluiceApiError` with `retriable`. */
  shouldRetry?: (error: unknown) => boolean;
  /** Uniform in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Waits `ms`; rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each wait. */
  onRetry?: (info: { error: unknown; retryCount: number; delayMs: number }) => void;
  /** Stops retrying (the pending wait rejects) when aborted. */
  signal?: AbortSignal;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  retries: 5,
  initialRetryTime: 300,
  maxRetryTime: 30_000,
  factor: 0.2,
  multiplier: 2,
};

/** The wait in ms before retry number `retryCount` (0-based) given the previous wait. */
export function nextRetryTime(policy: Required<RetryOptions>, previous: number | undefined, random: () => number): number {
  const jitter = (t: number) => Math.ceil(t * (1 - policy.factor) + random() * 2 * policy.factor * t);
  const wait = previous === undefined ? jitter(policy.initialRetryTime) : jitter(previous) * policy.multiplier;
  return Math.min(wait, policy.maxRetryTime);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): SluiceApiError {
  return new SluiceApiError({ code: 'ABORTED', message: 'aborted', status: 0, retriable: false, noSideEffects: false });
}

/** What the retried function learns about its attempt. */
export interface Attempt {
  /** 0 for the first attempt. */
  retryCount: number;
}

/**
 * Builds a retrier.
 *
 * @example
 * ```ts
 * const retry = createRetry({ retries: 3, initialRetryTime: 100 });
 * const topics = await retry(() => admin.listTopics());
 * ```
 */
export function createRetry(options: RetryOptions = {}, hooks: RetryHooks = {}) {
  const policy = { ...DEFAULT_RETRY, ...stripUndefined(options) };
  const shouldRetry = hooks.shouldRetry ?? isRetriable;
  const random = hooks.random ?? Math.random;
  const wait = hooks.sleep ?? sleep;

  return async function retry<T>(fn: (attempt: Attempt) => Promise<T>): Promise<T> {
    let delay: number | undefined;
    for (let retryCount = 0; ; retryCount++) {
      try {
        return await fn({ retryCount });
      } catch (error) {
        if (retryCount >= policy.retries || !shouldRetry(error) || hooks.signal?.aborted) throw error;
        delay = nextRetryTime(policy, delay, random);
        hooks.onRetry?.({ error, retryCount, delayMs: delay });
        await wait(delay, hooks.signal);
      }
    }
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
