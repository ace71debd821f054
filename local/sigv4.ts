// Verifies AWS Signature Version 4 (header form) the way a Lambda Function URL with AWS_IAM auth
// does, so that a client that works locally works against AWS:
//
//   Authorization: AWS4-HMAC-SHA256 Credential=AKID/yyyymmdd/region/lambda/aws4_request,
//                  SignedHeaders=host;x-amz-date[;...], Signature=<64 hex>
//   X-Amz-Date: yyyymmddThhmmssZ        X-Amz-Content-Sha256: <hex sha256 of the body> (optional)
//
// Canonical request (AWS's algorithm, as @smithy/signature-v4 computes it for non-S3 services):
//   METHOD \n path (normalized, each segment URI-encoded again) \n query (decoded, re-encoded,
//   sorted) \n name:value\n per signed header \n \n signed;headers \n sha256(body)
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SluiceError } from '../shared/api/errors.ts';
import type { LocalCredentials } from './credentials.ts';

export interface SignedRequest {
  method: string;
  /** The path as sent on the wire (still percent-encoded), without the query. */
  rawPath: string;
  /** The query as sent on the wire, without the `?`. */
  rawQueryString: string;
  /** Lowercased names; a repeated header's values joined with ','. */
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}

export interface VerifiedCaller {
  accessKeyId: string;
  region: string;
  signedAt: Date;
}

export interface VerifyOptions {
  /** The key pairs that may sign. */
  credentials: readonly LocalCredentials[];
  /** Signing service name in the credential scope. Default `lambda`, as for Function URLs. */
  service?: string;
  /** Allowed clock difference. Default 5 minutes, as AWS. */
  maxSkewMs?: number;
  now?: () => number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const REQUIRED_SIGNED = ['host', 'x-amz-date'];

function invalid(message: string): SluiceError {
  return new SluiceError('INVALID_SIGNATURE', message);
}

/**
 * Checks a request's signature and returns who signed it, or throws a `SluiceError`:
 * MISSING_SIGNATURE (no Authorization header), INVALID_SIGNATURE (anything that does not
 * verify), SIGNATURE_EXPIRED (signed more than `maxSkewMs` away from now), or INVALID_REQUEST
 * (a query that is not valid percent-encoding).
 */
export function verifySigV4(req: SignedRequest, options: VerifyOptions): VerifiedCaller {
  const auth = req.headers.authorization;
  if (!auth) throw new SluiceError('MISSING_SIGNATURE', 'the request is not signed: an AWS SigV4 Authorization header is required');
  const parsed = parseAuthorization(auth);
  const service = options.service ?? 'lambda';
  const [accessKeyId, scopeDate, region, scopeService, terminator] = parsed.credential.split('/');
  if (!accessKeyId || !scopeDate || !region || !scopeService || terminator !== 'aws4_request') {
    throw invalid(`malformed credential scope '${parsed.credential}'`);
  }
  if (scopeService !== service) throw invalid(`credential should be scoped to service '${service}', not '${scopeService}'`);
  const key = options.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!key) throw invalid(`unknown access key id '${accessKeyId}'`);

  for (const name of REQUIRED_SIGNED) {
    if (!parsed.signedHeaders.includes(name)) throw invalid(`header '${name}' must be signed`);
  }
  if (req.headers['x-amz-security-token'] !== undefined && !parsed.signedHeaders.includes('x-amz-security-token')) {
    throw invalid("header 'x-amz-security-token' must be signed");
  }
  for (const name of parsed.signedHeaders) {
    if (req.headers[name] === undefined) throw invalid(`signed header '${name}' is missing from the request`);
  }
  const amzDate = req.headers['x-amz-date'] ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) throw invalid(`malformed x-amz-date '${amzDate}'`);
  if (amzDate.slice(0, 8) !== scopeDate) throw invalid('the credential scope date does not match x-amz-date');

  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const claimedHash = req.headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash.toLowerCase() !== bodyHash) {
    throw invalid('x-amz-content-sha256 does not match the body');
  }

  const canonical = [
    req.method.toUpperCase(),
    canonicalPath(req.rawPath),
    canonicalQuery(req.rawQueryString),
    ...parsed.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(req.headers[name] ?? '')}`),
    '',
    parsed.signedHeaders.join(';'),
    claimedHash ?? bodyHash,
  ].join('\n');
  const scope = `${scopeDate}/${region}/${scopeService}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
  let signingKey: Buffer = hmac(`AWS4${key.secretAccessKey}`, scopeDate);
  for (const part of [region, scopeService, 'aws4_request']) signingKey = hmac(signingKey, part);
  const expected = hmac(signingKey, stringToSign);
  const given = Buffer.from(parsed.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid('the request signature does not match the signature computed for it');
  }

  const now = options.now?.() ?? Date.now();
  const maxSkewMs = options.maxSkewMs ?? 5 * 60_000;
  if (Math.abs(now - signedAt.getTime()) > maxSkewMs) {
    throw new SluiceError(
      'SIGNATURE_EXPIRED',
      `signature date ${amzDate} is more than ${maxSkewMs / 60_000} minutes from the server time ${new Date(now).toISOString()}`,
    );
  }
  return { accessKeyId, region, signedAt };
}

interface ParsedAuthorization {
  credential: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) throw invalid(`unsupported signing algorithm '${algorithm}': use ${ALGORITHM}`);
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature || !/^[0-9a-f]{64}$/i.test(signature)) {
    throw invalid('malformed Authorization header: expected Credential=..., SignedHeaders=..., Signature=...');
  }
  return { credential, signedHeaders: signedHeaders.toLowerCase().split(';'), signature };
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** RFC 3986 unreserved characters stay; everything else is %XX, as AWS requires. */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Removes `.`, `..` and empty segments, then encodes the (already encoded) path once more. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return escapeUri(`/${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

/**
 * Decodes the wire query, then encodes each name and value canonically and sorts the pairs.
 * Throws INVALID_REQUEST on bad percent-encoding.
 */
export function canonicalQuery(rawQueryString: string): string {
  return parseQuery(rawQueryString)
    .map(([k, v]) => `${escapeUri(k)}=${escapeUri(v)}`)
    .sort()
    .join('&');
}

/** Splits a query string into decoded pairs, in order. A name without `=` has the value ''. */
export function parseQuery(rawQueryString: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQueryString.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      pairs.push([decodeURIComponent(name), decodeURIComponent(value)]);
    } catch {
      throw new SluiceError('INVALID_REQUEST', `the query string is not valid percent-encoding near '${part.slice(0, 64)}'`);
    }
  }
  return pairs;
}

function canonicalHeaderValue(value: string): string {
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}
