/**
 * SigV4 signing, as a Lambda Function URL with `AWS_IAM` expects: service `lambda`, the region of
 * the function, and `x-amz-content-sha256` over the body (Function URLs require the payload hash
 * for requests with a body; we send it on every request).
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface SignerOptions {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Default `lambda`. */
  service?: string;
}

export interface RequestToSign {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Uint8Array;
}

/** Signs requests; returns the headers to send (the given ones plus host, date, hash and authorization). */
export type RequestSigner = (request: RequestToSign) => Promise<Record<string, string>>;

export function createSigner(options: SignerOptions): RequestSigner {
  const signer = new SignatureV4({
    service: options.service ?? 'lambda',
    region: options.region,
    credentials: options.credentials,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: true,
  });
  return async ({ method, url, headers, body }) => {
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const request = new HttpRequest({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers: { ...headers, host: url.host },
      body,
    });
    const signed = await signer.sign(request);
    return signed.headers;
  };
}
