import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../../shared/api/errors.ts';
import { escapeUri, verifySigV4, type SignedRequest } from '../../../local/sigv4.ts';

const KEY = { accessKeyId: 'AKIATESTTESTTEST0000', secretAccessKey: 'test/secret/key/0000000000000000000000000' };
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

interface Input {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** Signs like the AWS SDK does, then turns the result into what the server receives. */
async function signed(input: Input = {}, opts: { secret?: string; at?: number; region?: string; service?: string } = {}): Promise<SignedRequest> {
  const body = typeof input.body === 'string' ? Buffer.from(input.body) : input.body;
  const request = new HttpRequest({
    method: input.method ?? 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4510,
    path: input.path ?? '/v1/topics/orders/records',
    query: input.query ?? {},
    headers: { host: '127.0.0.1:4510', 'content-type': 'application/json', ...input.headers },
    ...(body ? { body } : {}),
  });
  const signer = new SignatureV4({
    service: opts.service ?? 'lambda',
    region: opts.region ?? 'eu-west-1',
    credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: opts.secret ?? KEY.secretAccessKey },
    sha256: Hash.bind(null, 'sha256'),
  });
  const out = await signer.sign(request, { signingDate: new Date(opts.at ?? NOW) });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers)) headers[k.toLowerCase()] = v;
  const rawQueryString = Object.entries(out.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${escapeUri(k)}=${escapeUri(String(x))}`))
    .join('&');
  return { method: out.method, rawPath: out.path, rawQueryString, headers, body: body ?? new Uint8Array() };
}

function verify(req: SignedRequest) {
  return verifySigV4(req, { credentials: [KEY], now: () => NOW });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof SluiceError) return e.code;
    throw e;
  }
  return undefined;
}

describe('verifySigV4', () => {
  it('accepts a request signed by @smithy/signature-v4 and names the caller', async () => {
    const req = await signed({ body: '{"records":[{"value":"a"}]}' });
    expect(verify(req)).toEqual({ accessKeyId: KEY.accessKeyId, region: 'eu-west-1', signedAt: new Date(NOW) });
  });

  it('accepts any region, an empty body, a GET with a query, and encoded path segments', async () => {
    const req = await signed(
      { method: 'GET', path: `/v1/topics/${encodeURIComponent('a.b_c-d')}/partitions/0/records`, query: { offset: '10', encoding: 'utf8', x: 'a b/c*' } },
      { region: 'ap-southeast-2' },
    );
    expect(verify(req).region).toBe('ap-southeast-2');
  });

  it('accepts repeated query parameters in any wire order', async () => {
    const req = await signed({ method: 'GET', path: '/v1/topics', query: { p: ['2', '1'], a: 'z' } });
    const reordered = { ...req, rawQueryString: req.rawQueryString.split('&').reverse().join('&') };
    expect(verify(reordered).accessKeyId).toBe(KEY.accessKeyId);
  });

  it('accepts a body whose x-amz-content-sha256 header matches it', async () => {
    const body = Buffer.from([0, 1, 2, 255]);
    const sha = (await import('node:crypto')).createHash('sha256').update(body).digest('hex');
    const req = await signed({ body, headers: { 'x-amz-content-sha256': sha, 'content-type': 'application/octet-stream' } });
    expect(verify(req).accessKeyId).toBe(KEY.accessKeyId);
  });

  it('refuses a request without an Authorization header with MISSING_SIGNATURE', async () => {
    const req = await signed();
    const { authorization: _, ...headers } = req.headers;
    expect(codeOf(() => verify({ ...req, headers }))).toBe('MISSING_SIGNATURE');
  });

  it('refuses a tampered body', async () => {
    const req = await signed({ body: '{"records":[{"value":"a"}]}' });
    expect(codeOf(() => verify({ ...req, body: Buffer.from('{"records":[{"value":"b"}]}') }))).toBe('INVALID_SIGNATURE');
  });

  it('refuses a body that does not match its x-amz-content-sha256', async () => {
    const req = await signed({ body: 'abc', headers: { 'x-amz-content-sha256': 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' } });
    expect(verify(req).accessKeyId).toBe(KEY.accessKeyId);
    expect(codeOf(() => verify({ ...req, body: Buffer.from('abd') }))).toBe('INVALID_SIGNATURE');
  });

  it('refuses a tampered path', async () => {
    const req = await signed();
    expect(codeOf(() => verify({ ...req, rawPath: '/v1/topics/payments/records' }))).toBe('INVALID_SIGNATURE');
  });

  it('refuses a tampered query', async () => {
    const req = await signed({ method: 'GET', path: '/v1/topics/t/partitions/0/records', query: { offset: '10' } });
    expect(codeOf(() => verify({ ...req, rawQueryString: 'offset=11' }))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verify({ ...req, rawQueryString: 'offset=10&maxBytes=1' }))).toBe('INVALID_SIGNATURE');
  });

  it('refuses a tampered method', async () => {
    const req = await signed();
    expect(codeOf(() => verify({ ...req, method: 'PUT' }))).toBe('INVALID_SIGNATURE');
  });

  it('refuses a tampered signed header', async () => {
    const req = await signed();
    expect(codeOf(() => verify({ ...req, headers: { ...req.headers, 'content-type': 'text/plain' } }))).toBe('INVALID_SIGNATURE');
  });

  it('refuses a request whose host or x-amz-date is not signed', async () => {
    const req = await signed();
    const auth = req.headers.authorization!;
    const withoutHost = auth.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=content-type;x-amz-date');
    expect(codeOf(() => verify({ ...req, headers: { ...req.headers, authorization: withoutHost } }))).toBe('INVALID_SIGNATURE');
    const withoutDate = auth.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=content-type;host');
    expect(codeOf(() => verify({ ...req, headers: { ...req.headers, authorization: withoutDate } }))).toBe('INVALID_SIGNATURE');
  });

  it('refuses a signature made with the wrong secret', async () => {
    const req = await signed({}, { secret: 'not/the/secret/0000000000000000000000000' });
    expect(codeOf(() => verify(req))).toBe('INVALID_SIGNATURE');
  });

  it('refuses an unknown access key id', async () => {
    const req = await signed();
    const other = { accessKeyId: 'AKIAOTHEROTHEROTHER0', secretAccessKey: KEY.secretAccessKey };
    expect(codeOf(() => verifySigV4(req, { credentials: [other], now: () => NOW }))).toBe('INVALID_SIGNATURE');
  });

  it('refuses a signature scoped to another service', async () => {
    const req = await signed({}, { service: 'execute-api' });
    expect(codeOf(() => verify(req))).toBe('INVALID_SIGNATURE');
  });

  it('refuses a garbled Authorization header', async () => {
    const req = await signed();
    for (const authorization of ['AWS4-HMAC-SHA256', 'Bearer abc', 'AWS4-HMAC-SHA256 Credential=x, Signature=zz']) {
      expect(codeOf(() => verify({ ...req, headers: { ...req.headers, authorization } }))).toBe('INVALID_SIGNATURE');
    }
  });

  it('refuses a request signed more than five minutes ago or ahead with SIGNATURE_EXPIRED', async () => {
    const stale = await signed({}, { at: NOW - 5 * 60_000 - 1_000 });
    expect(codeOf(() => verify(stale))).toBe('SIGNATURE_EXPIRED');
    const ahead = await signed({}, { at: NOW + 6 * 60_000 });
    expect(codeOf(() => verify(ahead))).toBe('SIGNATURE_EXPIRED');
    const fine = await signed({}, { at: NOW - 4 * 60_000 });
    expect(verify(fine).accessKeyId).toBe(KEY.accessKeyId);
  });

  it('refuses a query that is not valid percent-encoding with INVALID_REQUEST', async () => {
    const req = await signed({ method: 'GET', path: '/v1/topics' });
    expect(codeOf(() => verify({ ...req, rawQueryString: 'offset=%zz' }))).toBe('INVALID_REQUEST');
  });
});
