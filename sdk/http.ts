/**
 * One signed HTTP exchange: sign, send with `fetch`, map failures to {@link SluiceApiError}.
 * No retries here; callers wrap this in `createRetry` according to the side effects of the call.
 */
import { errorFromFailure, errorFromResponse } from './error-mapping.ts';
import type { RequestSigner } from './signer.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Absolute URL, query included. */
  url: string;
  headers?: Record<string, string>;
  /** JSON bodies are serialized by the caller's `json` option; bytes are sent as is. */
  body?: Uint8Array;
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

export interface HttpSender {
  send(spec: HttpRequestSpec): Promise<HttpResponse>;
}

export function createHttpSender(sign: RequestSigner, fetchImpl: FetchLike): HttpSender {
  return {
    async send(spec) {
      const url = new URL(spec.url);
      const headers = await sign({ method: spec.method, url, headers: spec.headers ?? {}, body: spec.body });
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), spec.timeoutMs);
      const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal;
      let response: Response;
      let body: Buffer;
      try {
        // `host` is set by fetch itself from the URL, identical to the signed value.
        const { host: _host, ...sendHeaders } = headers;
        response = await fetchImpl(spec.url, { method: spec.method, headers: sendHeaders, body: spec.body, signal });
        body = Buffer.from(await response.arrayBuffer());
      } catch (e) {
        throw errorFromFailure(e, { timedOut: timeout.signal.aborted, aborted: spec.signal?.aborted === true });
      } finally {
        clearTimeout(timer);
      }
      if (response.status >= 400) throw errorFromResponse(response.status, body.toString('utf8'));
      return { status: response.status, headers: response.headers, body };
    },
  };
}
