/**
 * The SDK's one error class. Every failure a caller sees (a service error, a network error, a
 * timeout) is a {@link SluiceApiError}; {@link OffsetOutOfRangeError} is the only subclass, because
 * its caller acts on the bounds it carries.
 *
 * Side effects decide retries (see `retry.ts` and `producer.ts`): `noSideEffects` is true only
 * when we know nothing was written, so even a non-idempotent produce may be resent.
 */
import type { ErrorCode } from '../shared/api/errors.ts';

/** Codes the SDK raises itself, beside the service's {@link ErrorCode}s. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'ABORTED' | 'NO_COMMITTED_OFFSET' | `HTTP_${number}`;

export interface SluiceApiErrorInit {
  code: ErrorCode | ClientErrorCode;
  message: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  retriable: boolean;
  /** True when the request is known to have changed nothing (refused before any write). */
  noSideEffects: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * An error from the Sluice service or from the way to it.
 *
 * @example
 * ```ts
 * try {
 *   await admin.createTopic({ topic: 'orders', numPartitions: 3 });
 * } catch (e) {
 *   if (e instanceof SluiceApiError && e.code === 'TOPIC_ALREADY_EXISTS') console.log('exists');
 *   else throw e;
 * }
 * ```
 */
export class SluiceApiError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly status: number;
  readonly retriable: boolean;
  readonly noSideEffects: boolean;
  /** Extra fields of the error body (everything but code, message and retriable). */
  readonly details: Record<string, unknown>;

  constructor(init: SluiceApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SluiceApiError';
    this.code = init.code;
    this.status = init.status;
    this.retriable = init.retriable;
    this.noSideEffects = init.noSideEffects;
    this.details = init.details ?? {};
  }
}

/**
 * A fetch asked for an offset outside `[logStartOffset, highWatermark]`.
 *
 * @example
 * ```ts
 * try { await reader.fetch(); } catch (e) {
 *   if (e instanceof OffsetOutOfRangeError) reader.seek(e.logStartOffset);
 * }
 * ```
 */
export class OffsetOutOfRangeError extends SluiceApiError {
  readonly logStartOffset: number;
  readonly highWatermark: number;

  constructor(init: SluiceApiErrorInit & { logStartOffset: number; highWatermark: number }) {
    super(init);
    this.name = 'OffsetOutOfRangeError';
    this.logStartOffset = init.logStartOffset;
    this.highWatermark = init.highWatermark;
  }
}

/** True for errors a retry may cure. Anything that is not a {@link SluiceApiError} is a bug: not retriable. */
export function isRetriable(e: unknown): boolean {
  return e instanceof SluiceApiError && e.retriable;
}
