import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { localCredentials, localEndpoint, localRegion } from './env.ts';

export interface SignedFetchInit {
  method?: string;
  /** Added to the path as `?...`; values are encoded for you. */
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Default: the local stack's. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  signingDate?: Date;
  /** Default: the local stack's endpoint. */
  endpoint?: string;
}

/** Signs a request the way the AWS SDK would for a Function URL (SigV4, service `lambda`). */
export async function signRequest(path: string, init: SignedFetchInit = {}): Promise<{ url: string; init: RequestInit }> {
  const base = new URL(init.endpoint ?? localEndpoint());
  const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body;
  const request = new HttpRequest({
    method: init.method ?? (body ? 'POST' : 'GET'),
    protocol: base.protocol,
    hostname: base.hostname,
    ...(base.port ? { port: Number(base.port) } : {}),
    path,
    query: init.query ?? {},
    headers: { host: base.host, ...init.headers },
    ...(body ? { body } : {}),
  });
  const signer = new SignatureV4({
    service: 'lambda',
    region: init.region ?? localRegion(),
    credentials: init.credentials ?? localCredentials(),
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request, init.signingDate ? { signingDate: init.signingDate } : {});
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(signed.query ?? {})) for (const x of Array.isArray(v) ? v : [v]) search.append(k, String(x));
  // URLSearchParams writes spaces as '+'; SigV4 canonicalization treats '+' literally.
  const qs = search.toString().replace(/\+/g, '%20');
  const { host: _host, ...headers } = signed.headers;
  return {
    url: `${base.origin}${path}${qs ? `?${qs}` : ''}`,
    init: { method: signed.method, headers, ...(body ? { body } : {}) },
  };
}

/**
 * `fetch` against the local server, signed with the local credentials.
 *
 * @example
 * const res = await signedFetch('/v1/topics', { method: 'POST', body: JSON.stringify({ name }), headers: { 'content-type': 'application/json' } });
 */
export async function signedFetch(path: string, init: SignedFetchInit = {}): Promise<Response> {
  const { url, init: requestInit } = await signRequest(path, init);
  return fetch(url, requestInit);
}
