/**
 * Turns HTTP responses and fetch failures into {@link SluiceApiError}s.
 *
 * Side effects: a structured error body comes from our handlers, which refuse bad input before
 * writing (invariant 6: every 4xx) and acknowledge only after commit (invariant 2), so a 4xx or a
 * structured retriable error (THROTTLED, CONCURRENT_APPEND, STORAGE_UNAVAILABLE) means nothing
 * was committed. A structured non-retriable 5xx (INTERNAL) promises nothing. A 429
 * without our body is the Lambda front door throttling before invocation: also nothing written.
 * Any other unstructured 5xx, a timeout or a dropped connection may come after a write.
 * Connection refused / DNS failures happen before a byte is sent.
 */
import { OffsetOutOfRangeError, SluiceApiError } from './errors.ts';

const REFUSED_BEFORE_SENDING = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

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
      noSideEffects: retriable === true || status < 500,
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
