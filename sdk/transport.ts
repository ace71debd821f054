/**
 * The client's plumbing shared by Admin, Producer and readers: endpoint discovery, signing,
 * timeouts, JSON in and out, and the retry policy. Admin and reads retry every retriable error
 * (they have no side effects a retry could repeat, or a repeat is reported, like
 * TOPIC_ALREADY_EXISTS); the producer narrows the policy itself.
 */
import { cachedDiscovery, parseEndpoints, trimSlash, type Endpoints, type FunctionName } from './endpoints.ts';
import { createHttpSender, type FetchLike, type HttpResponse, type HttpSender } from './http.ts';
import { createRetry, type RetryHooks, type RetryOptions } from './retry.ts';
import type { RequestSigner } from './signer.ts';

export interface CallSpec {
  fn: FunctionName;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the function's base URL, starting with `/v1/`. Segments must be encoded by the caller. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Serialized as the JSON body. */
  json?: unknown;
  /** Raw body with its content type. */
  body?: { bytes: Uint8Array; contentType: string };
  accept?: string;
  signal?: AbortSignal;
  /** Added to the transport's request timeout (long-polls). */
  extraTimeoutMs?: number;
}

export interface TransportOptions {
  endpoint: string;
  sign: RequestSigner;
  fetch: FetchLike;
  retry?: RetryOptions;
  /** Skip discovery. */
  endpoints?: Partial<Endpoints>;
  requestTimeoutMs?: number;
}

export class Transport {
  readonly retryOptions: RetryOptions;
  private readonly sender: HttpSender;
  private readonly endpoints: () => Promise<Endpoints>;
  private readonly timeoutMs: number;

  constructor(options: TransportOptions) {
    this.sender = createHttpSender(options.sign, options.fetch);
    this.retryOptions = options.retry ?? {};
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    const admin = trimSlash(options.endpoint);
    const given = options.endpoints;
    this.endpoints = given?.admin && given.produce && given.fetch
      ? async () => parseEndpoints(given, admin)
      : cachedDiscovery(async () => {
          const res = await this.retrier()(() =>
            this.sender.send({ method: 'GET', url: `${admin}/v1/endpoints`, timeoutMs: this.timeoutMs, headers: { accept: 'application/json' } }));
          return parseEndpoints(parseJson(res), admin);
        });
  }

  /** Base URLs of the three functions (discovered once). */
  resolveEndpoints(): Promise<Endpoints> {
    return this.endpoints();
  }

  /** One attempt, no retry. */
  async call(spec: CallSpec): Promise<HttpResponse> {
    const endpoints = await this.endpoints();
    const base = endpoints[spec.fn] ?? endpoints.admin;
    const url = new URL(`${base}${spec.path}`);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: spec.accept ?? 'application/json' };
    let bytes: Uint8Array | undefined;
    if (spec.json !== undefined) {
      bytes = Buffer.from(JSON.stringify(spec.json));
      headers['content-type'] = 'application/json';
    } else if (spec.body) {
      bytes = spec.body.bytes;
      headers['content-type'] = spec.body.contentType;
    }
    return this.sender.send({
      method: spec.method,
      url: url.toString(),
      headers,
      body: bytes,
      signal: spec.signal,
      timeoutMs: this.timeoutMs + (spec.extraTimeoutMs ?? 0),
    });
  }

  /** A retrier with this client's policy (or `options`); `hooks.shouldRetry` narrows which errors are retried. */
  retrier(hooks: RetryHooks = {}, options: RetryOptions = this.retryOptions) {
    return createRetry(options, hooks);
  }

  /** Calls with retries on retriable errors and parses the JSON answer. */
  async json<T>(spec: CallSpec): Promise<T> {
    const res = await this.retrier({ signal: spec.signal })(() => this.call(spec));
    return parseJson(res) as T;
  }
}

export function parseJson(res: HttpResponse): unknown {
  return res.body.length === 0 ? undefined : JSON.parse(res.body.toString('utf8'));
}

/** Encodes one path segment (topic names may hold `.`, `_`, `-`). */
export function seg(s: string | number): string {
  return encodeURIComponent(String(s));
}
