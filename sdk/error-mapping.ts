/**
 * Turns HTTP responses and fetch failures into {@link SluiceApiError}s, and decides
 * `noSideEffects`: whether the request is known to have written nothing.
 *
 * - A 4xx from our handlers wrote nothing: bad input is refused before the S3 PUT (invariant 6).
 * - THROTTLED and CONCURRENT_APPEND wrote nothing: the storage refused every write attempt.
 * - STORAGE_UNAVAILABLE and INTERNAL promise nothing: the failed storage call may be a commit
 *   whose answer was lost.
 * - A produce whose partitions committed partly answers with the first failure's code plus
 *   `committed` and `failed` lists; it has side effects (the producer uses the lists).
 * - An explicit boolean `noSideEffects` in the error body wins over all of the above.
 * - Without our body: a 429 is the Lambda front door throttling before invocation (nothing
 *   written); any other 5xx, a timeout or a dropped connection may come after a write; a refused
 *   connection or a DNS failure happens before a byte is sent.
 */
import { ERROR_TABLE } from '../shared/api/errors.ts';
import { OffsetOutOfRangeError, SluiceApiError } from './errors.ts';

const REFUSED_BEFORE_SENDING = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Retriable service codes that are refusals before any write. */
const REFUSED_BEFORE_WRITE = new Set(['THROTTLED', 'CONCURRENT_APPEND']);

/** The side-effect rule for one service error code (see the top of this file). */
export function codeHasNoSideEffects(code: string, status?: number): boolean {
  const known = (ERROR_TABLE as Record<string, { status: number } | undefined>)[code]?.status;
  return (known ?? status ?? 500) < 500 || REFUSED_BEFORE_WRITE.has(code);
}

function sideEffectFree(code: string, status: number, details: Record<string, unknown>): boolean {
  if (typeof details.noSideEffects === 'boolean') return details.noSideEffects;
  if (Array.isArray(details.committed) && details.committed.length > 0) return false;
  return codeHasNoSideEffects(code, status);
}

interface ErrorBody {
  code: string;
  message?: unknown;
  retriable?: unknown;
  [k: string]: unknown;
}

function structuredError(parsed: unknown): ErrorBody | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const error = (parsed as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  return typeof (error as { code?: unknown }).code === 'string' ? (error as ErrorBody) : undefined;
}

/** Builds the error for a non-2xx response from its status and body text. */
export function errorFromResponse(status: number, text: string): SluiceApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const body = structuredError(parsed);
  if (body) {
    const { code, message, retriable, ...details } = body;
    const init = {
      code: code as SluiceApiError['code'],
      message: typeof message === 'string' ? message : code,
      status,
      retriable: retriable === true,
      noSideEffects: sideEffectFree(code, status, details),
      details,
    };
    if (code === 'OFFSET_OUT_OF_RANGE') {
      return new OffsetOutOfRangeError({
        ...init,
        logStartOffset: Number(details.logStartOffset),
        highWatermark: Number(details.highWatermark),
      });
    }
    return new SluiceApiError(init);
  }
  // Not our body: a gateway, the Function URL front door (`{"Message":"Forbidden"}`), a proxy.
  const foreign = (parsed as { Message?: unknown; message?: unknown } | undefined) ?? {};
  const message = typeof foreign.Message === 'string' ? foreign.Message
    : typeof foreign.message === 'string' ? foreign.message
    : text.slice(0, 200) || `HTTP ${status}`;
  return new SluiceApiError({
    code: `HTTP_${status}`,
    message,
    status,
    retriable: status >= 500 || status === 429,
    noSideEffects: status === 429,
  });
}

/** Builds the error for a request that got no response: network failure, timeout or abort. */
export function errorFromFailure(e: unknown, how: { timedOut: boolean; aborted: boolean }): SluiceApiError {
  if (how.aborted) {
    return new SluiceApiError({ code: 'ABORTED', message: 'request aborted', status: 0, retriable: false, noSideEffects: false, cause: e });
  }
  if (how.timedOut) {
    return new SluiceApiError({ code: 'TIMEOUT', message: 'request timed out', status: 0, retriable: true, noSideEffects: false, cause: e });
  }
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const sysCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const detail = typeof cause?.message === 'string' ? cause.message : e instanceof Error ? e.message : String(e);
  return new SluiceApiError({
    code: 'NETWORK_ERROR',
    message: `network error: ${detail}`,
    status: 0,
    retriable: true,
    noSideEffects: sysCode !== undefined && REFUSED_BEFORE_SENDING.has(sysCode),
    details: sysCode ? { syscallCode: sysCode } : {},
    cause: e,
  });
}
