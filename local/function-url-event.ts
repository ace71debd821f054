// The two Lambda Function URL payload shapes (format 2.0, as HTTP APIs use), built and read the
// way AWS does, so that the handlers see locally exactly what they see in AWS:
//
// - body: text content types (text/*, application/json, application/xml, application/javascript;
//   checked against AWS) arrive as plain text; everything else, and text that is not valid
//   UTF-8, arrives base64-encoded with isBase64Encoded true. No body: `body` is absent.
// - headers: lowercased, repeated ones joined with ','; cookies move to `cookies`.
// - result: a string is a 200 JSON body; an object without statusCode is serialized as JSON;
//   otherwise statusCode, headers and body (base64-decoded when isBase64Encoded).
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithIAMAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { parseQuery } from './sigv4.ts';

/** The account id the local stack pretends to run in. */
export const LOCAL_ACCOUNT_ID = '000000000000';
const URL_ID = 'sluicelocal';
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/javascript']);

export interface IncomingParts {
  method: string;
  rawPath: string;
  rawQueryString: string;
  /** Lowercased names, repeated values joined with ','. */
  headers: Record<string, string>;
  body: Buffer;
  sourceIp: string;
  requestId: string;
  timeEpoch: number;
  /** The verified signer; absent when signatures are not checked (like AuthType NONE). */
  caller?: { accessKeyId: string };
}

export function isTextContentType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType.startsWith('text/') || TEXT_TYPES.has(mediaType);
}

function isUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the requestContext.time format. */
function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const month = MONTHS[d.getUTCMonth()];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Builds the event a Function URL would deliver. Throws INVALID_REQUEST on a bad query. */
export function toFunctionUrlEvent(parts: IncomingParts): APIGatewayProxyEventV2 {
  const { cookie, ...rest } = parts.headers;
  const host = parts.headers.host ?? '';
  const headers: Record<string, string> = {
    ...rest,
    'x-amzn-trace-id': `Root=1-${Math.floor(parts.timeEpoch / 1000).toString(16)}-${parts.requestId.replace(/-/g, '').slice(0, 24)}`,
    'x-forwarded-for': parts.sourceIp,
    'x-forwarded-proto': 'http',
    'x-forwarded-port': host.includes(':') ? host.slice(host.lastIndexOf(':') + 1) : '80',
  };
  const query: Record<string, string> = {};
  for (const [k, v] of parseQuery(parts.rawQueryString)) query[k] = Object.hasOwn(query, k) ? `${query[k]},${v}` : v;
  const text = isTextContentType(parts.headers['content-type']) && isUtf8(parts.body);
  const requestContext = {
    accountId: parts.caller ? LOCAL_ACCOUNT_ID : 'anonymous',
    apiId: URL_ID,
    domainName: host,
    domainPrefix: host.split('.')[0]!.split(':')[0]!,
    http: {
      method: parts.method.toUpperCase(),
      path: parts.rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: parts.sourceIp,
      userAgent: parts.headers['user-agent'] ?? '',
    },
    requestId: parts.requestId,
    routeKey: '$default',
    stage: '$default',
    time: clfTime(parts.timeEpoch),
    timeEpoch: parts.timeEpoch,
  };
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: parts.rawPath,
    rawQueryString: parts.rawQueryString,
    ...(cookie ? { cookies: cookie.split(/;\s*/).filter(Boolean) } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext,
    ...(parts.body.length > 0 ? { body: text ? parts.body.toString('utf8') : parts.body.toString('base64') } : {}),
    isBase64Encoded: parts.body.length > 0 && !text,
  };
  if (!parts.caller) return event;
  const withIam: APIGatewayProxyEventV2WithIAMAuthorizer = {
    ...event,
    requestContext: { ...requestContext, authorizer: { iam: iamAuthorizer(parts.caller.accessKeyId) } },
  };
  return withIam;
}

function iamAuthorizer(accessKey: string): APIGatewayProxyEventV2WithIAMAuthorizer['requestContext']['authorizer']['iam'] {
  return {
    accessKey,
    accountId: LOCAL_ACCOUNT_ID,
    callerId: 'AIDASLUICELOCALUSER00',
    cognitoIdentity: null,
    // AWS sends null here; the community types say string.
    principalOrgId: null as unknown as string,
    userArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/sluice-local`,
    userId: 'AIDASLUICELOCALUSER00',
  };
}

export interface HttpResponseParts {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Response headers the server computes itself; a handler's values for them are dropped. */
const HOP_BY_HOP = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export function checkStatusCode(statusCode: unknown): asserts statusCode is number {
  if (!Number.isInteger(statusCode) || (statusCode as number) < 100 || (statusCode as number) > 599) {
    throw new Error(`the handler returned an invalid statusCode: ${String(statusCode)}`);
  }
}

/** A response's headers as the Function URL passes them on: lowercased, hop-by-hop ones dropped. */
export function responseHeaders(from: Record<string, unknown> | undefined, defaultContentType: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(from ?? {})) {
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name.toLowerCase()] = String(value);
  }
  headers['content-type'] ??= defaultContentType;
  return headers;
}

/** Turns a handler's return value into an HTTP response. Throws when it is not a valid result. */
export function fromFunctionUrlResult(result: unknown): HttpResponseParts {
  const json = { 'content-type': 'application/json' };
  if (typeof result === 'string') return { statusCode: 200, headers: json, body: Buffer.from(result) };
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    return { statusCode: 200, headers: json, body: Buffer.from(JSON.stringify(result ?? null)) };
  }
  const r = result as APIGatewayProxyStructuredResultV2;
  checkStatusCode(r.statusCode);
  if (r.body !== undefined && typeof r.body !== 'string') throw new Error('the handler returned a body that is not a string');
  const headers = responseHeaders(r.headers, 'application/json');
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8');
  return { statusCode: r.statusCode!, headers, body };
}
