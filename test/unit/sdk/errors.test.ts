import { describe, expect, it } from 'vitest';
import { errorFromFailure, errorFromResponse } from '../../../sdk/error-mapping.ts';
import { OffsetOutOfRangeError, SluiceApiError } from '../../../sdk/errors.ts';

const body = (error: Record<string, unknown>) => JSON.stringify({ error });

describe('errors from responses', () => {
  it('takes code, message, retriable and details from the service body', () => {
    const e = errorFromResponse(404, body({ code: 'UNKNOWN_TOPIC', message: 'no topic orders', retriable: false, topic: 'orders' }));
    expect(e).toBeInstanceOf(SluiceApiError);
    expect(e).toMatchObject({ code: 'UNKNOWN_TOPIC', message: 'no topic orders', status: 404, retriable: false, noSideEffects: true, details: { topic: 'orders' } });
  });

  it('treats THROTTLED and CONCURRENT_APPEND as refused before any write', () => {
    for (const [status, code] of [[429, 'THROTTLED'], [503, 'CONCURRENT_APPEND']] as const) {
      expect(errorFromResponse(status, body({ code, message: 'm', retriable: true }))).toMatchObject({ code, retriable: true, noSideEffects: true });
    }
  });

  it('treats STORAGE_UNAVAILABLE as retriable with an unknown outcome, unless the body says it wrote nothing', () => {
    expect(errorFromResponse(503, body({ code: 'STORAGE_UNAVAILABLE', message: 'm', retriable: true }))).toMatchObject({ retriable: true, noSideEffects: false });
    expect(errorFromResponse(503, body({ code: 'STORAGE_UNAVAILABLE', message: 'm', retriable: true, noSideEffects: true }))).toMatchObject({ noSideEffects: true });
  });

  it('marks a partially committed produce as having side effects and keeps the committed and failed lists', () => {
    const e = errorFromResponse(503, body({
      code: 'CONCURRENT_APPEND', message: 'm', retriable: true,
      committed: [{ partition: 0, baseOffset: 7, recordCount: 2, logAppendTime: 1 }], failed: [{ partition: 1, code: 'CONCURRENT_APPEND', message: 'm' }],
    }));
    expect(e).toMatchObject({ retriable: true, noSideEffects: false, details: { committed: [{ partition: 0 }], failed: [{ partition: 1 }] } });
  });

  it('does not promise anything about side effects for a structured INTERNAL error', () => {
    expect(errorFromResponse(500, body({ code: 'INTERNAL', message: 'boom', retriable: false }))).toMatchObject({ retriable: false, noSideEffects: false });
  });

  it('builds an OffsetOutOfRangeError carrying both bounds', () => {
    const e = errorFromResponse(416, body({ code: 'OFFSET_OUT_OF_RANGE', message: 'out', retriable: false, offset: 99, logStartOffset: 5, highWatermark: 42 }));
    expect(e).toBeInstanceOf(OffsetOutOfRangeError);
    expect(e).toBeInstanceOf(SluiceApiError);
    expect(e).toMatchObject({ logStartOffset: 5, highWatermark: 42, details: { offset: 99 } });
  });

  it('maps a non-JSON 5xx to HTTP_<status>, retriable, with unknown side effects', () => {
    expect(errorFromResponse(502, '<html>Bad Gateway</html>')).toMatchObject({ code: 'HTTP_502', status: 502, retriable: true, noSideEffects: false });
  });

  it('maps the Function URL front door refusal (foreign JSON) to HTTP_403, not retriable', () => {
    expect(errorFromResponse(403, '{"Message":"Forbidden"}')).toMatchObject({ code: 'HTTP_403', message: 'Forbidden', retriable: false });
  });

  it('treats a bare 429 as a throttle before invocation: retriable and side-effect free', () => {
    expect(errorFromResponse(429, '{"Reason":"ConcurrentInvocationLimitExceeded"}')).toMatchObject({ code: 'HTTP_429', retriable: true, noSideEffects: true });
  });
});

describe('errors without a response', () => {
  const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it('marks a refused connection retriable and side-effect free', () => {
    expect(errorFromFailure(fetchFailed('ECONNREFUSED'), { timedOut: false, aborted: false })).toMatchObject({ code: 'NETWORK_ERROR', retriable: true, noSideEffects: true });
  });

  it('marks a reset connection retriable but possibly written', () => {
    expect(errorFromFailure(fetchFailed('ECONNRESET'), { timedOut: false, aborted: false })).toMatchObject({ code: 'NETWORK_ERROR', retriable: true, noSideEffects: false });
  });

  it('marks a timeout retriable but possibly written, and an abort final', () => {
    expect(errorFromFailure(new Error('aborted'), { timedOut: true, aborted: false })).toMatchObject({ code: 'TIMEOUT', retriable: true, noSideEffects: false });
    expect(errorFromFailure(new Error('aborted'), { timedOut: false, aborted: true })).toMatchObject({ code: 'ABORTED', retriable: false });
  });
});
