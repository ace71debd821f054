/**
 * Hostile requests on the wire: signed correctly (so that the handler, not the signature check,
 * is what refuses them), signed with a chosen date or key, not signed, or signed and then changed.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { expect } from 'vitest';
import { ERROR_TABLE, type ErrorCode } from '../../../shared/api/errors.ts';
import { localCredentials, localEndpoint } from '../../support/env.ts';
import { rawRequest } from '../../support/raw-http.ts';

export interface Sent {
  status: number;
  body: Buffer;
  json(): any;
}

export interface HostileRequest {
  method: string;
  /** Path and query as they go on the wire (URL normalization applies, as for any client). */
  target: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface SignOptions {
  credentials?: { accessKeyId: string; secretAccessKey: string };
  date?: Date;
}

/** The SigV4 headers for a request, as a Lambda Function URL client would send them. */
export async function signHeaders(req: HostileRequest, opts: SignOptions = {}): Promise<Record<string, string>> {
  const url = new URL(req.target, localEndpoint());
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    service: 'lambda',
    region: 'us-east-1',
    credentials: opts.credentials ?? localCredentials(),
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: true,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers: { ...req.headers, host: url.host },
      ...(body ? { body } : {}),
    }),
    opts.date ? { signingDate: opts.date } : {},
  );
  const { host: _host, ...headers } = signed.headers;
  return headers;
}

/**
 * Sends a request with the given headers exactly (no signing). A connection that the server had
 * closed as idle just as it was reused fails before the request is read; that one failure is
 * retried, once. Any answer at all, and any second failure, counts.
 */
export async function sendRaw(req: HostileRequest, headers: Record<string, string>): Promise<Sent> {
  try {
    return await sendOnce(req, headers);
  } catch (e) {
    const code = (e as { cause?: { code?: string } })?.cause?.code ?? (e as { code?: string })?.code;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET' && code !== 'EPIPE') throw e;
    return sendOnce(req, headers);
  }
}

async function sendOnce(req: HostileRequest, headers: Record<string, string>): Promise<Sent> {
  const url = new URL(req.target, localEndpoint());
  const hasBody = req.body !== undefined;
  if (hasBody && (req.method === 'GET' || req.method === 'HEAD')) {
    // fetch will not send a body with a GET; node:http will, given its length (without one, a
    // GET's body is not a body in HTTP/1.1 but the start of the next request).
    const bytes = Buffer.from(req.body!);
    const res = await rawRequest(url.toString(), { method: req.method, headers: { ...headers, 'content-length': String(bytes.length) }, body: bytes });
    return { status: res.status, body: res.body, json: () => JSON.parse(res.body.toString('utf8')) };
  }
  const res = await fetch(url, { method: req.method, headers, ...(hasBody ? { body: Buffer.from(req.body!) } : {}) });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body, json: () => JSON.parse(body.toString('utf8')) };
}

/** Signs a request correctly and sends it. */
export async function send(req: HostileRequest, opts: SignOptions = {}): Promise<Sent> {
  return sendRaw(req, await signHeaders(req, opts));
}

/**
 * The answer every hostile request must get: a 4xx whose body is `{"error":{"code","message",
 * "retriable"}}`, with a code from the error table whose status and retriable flag it carries.
 */
export function expectRefused(res: Sent, what: string, codes?: readonly ErrorCode[]): ErrorCode {
  const text = res.body.toString('utf8').slice(0, 500);
  expect(res.status, `${what} -> ${res.status} ${text}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what} -> ${res.status} ${text}`).toBeLessThan(500);
  let body: any;
  expect(() => (body = res.json()), `${what}: body is not JSON: ${text}`).not.toThrow();
  const code = body?.error?.code as ErrorCode;
  expect(Object.keys(ERROR_TABLE), `${what}: unknown code in ${text}`).toContain(code);
  expect(body.error, `${what}: ${text}`).toMatchObject({ message: expect.any(String), retriable: ERROR_TABLE[code].retriable });
  expect(ERROR_TABLE[code].status, `${what}: the status is not the code's`).toBe(res.status);
  if (codes) expect(codes, `${what}: ${text}`).toContain(code);
  return code;
}

export const json = (value: unknown): { body: string; headers: Record<string, string> } => ({
  body: typeof value === 'string' ? value : JSON.stringify(value),
  headers: { 'content-type': 'application/json' },
});
