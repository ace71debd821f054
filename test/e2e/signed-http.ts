import { createSigner } from '../../sdk/signer.ts';
import { localCredentials, localEndpoint } from '../support/env.ts';

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  json: () => any;
}

/** A signed request to the local server, below the SDK, so tests can send anything at all. */
export async function signedRequest(
  method: string,
  path: string,
  opts: { body?: Buffer | string; headers?: Record<string, string>; sign?: boolean; credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
): Promise<RawResponse> {
  const url = new URL(path, localEndpoint());
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body);
  let headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.sign !== false) {
    const signer = createSigner({ region: 'us-east-1', credentials: opts.credentials ?? localCredentials() });
    headers = await signer({ method, url, headers, ...(body ? { body } : {}) });
  }
  delete headers.host;
  const res = await fetch(url, { method, headers, ...(body ? { body } : {}) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body: bytes, json: () => JSON.parse(bytes.toString('utf8')) };
}

export const jsonBody = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
