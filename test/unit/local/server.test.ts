import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_CREDENTIALS } from '../../../local/credentials.ts';
import { isStreamingHandler, toStreamingHandler } from '../../../functions/http/streaming.ts';
import { DEFAULT_FETCH_INVOKE_MODE, importHandler, startLocalServer, type LocalServer } from '../../../local/server.ts';
import { rawRequest } from '../../support/raw-http.ts';
import { signedFetch } from '../../support/signed-fetch.ts';

// The adapter alone, with a stand-in handler: what the handler receives and what the client gets.
let server: LocalServer;
let open: LocalServer;
const seen: Array<{ fn: string; event: APIGatewayProxyEventV2 }> = [];
let reply: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2> = async () => ({ statusCode: 204 });
const logs: string[] = [];

beforeAll(async () => {
  const loadHandler = async (fn: string) => async (event: APIGatewayProxyEventV2) => {
    seen.push({ fn, event });
    return reply(event);
  };
  server = await startLocalServer({ credentials: DEFAULT_LOCAL_CREDENTIALS, loadHandler, log: (m) => logs.push(m) });
  open = await startLocalServer({ verifySignatures: false, loadHandler, log: (m) => logs.push(m) });
});
afterAll(async () => {
  await server.close();
  await open.close();
});

function fetchSigned(path: string, init: Parameters<typeof signedFetch>[1] = {}) {
  return signedFetch(path, { endpoint: server.url, credentials: DEFAULT_LOCAL_CREDENTIALS, region: 'us-east-1', ...init });
}

function lastEvent(): APIGatewayProxyEventV2WithIAMAuthorizer {
  return seen.at(-1)!.event as APIGatewayProxyEventV2WithIAMAuthorizer;
}

describe('the local server builds Function URL events', () => {
  it('routes to the function that owns the route and passes a JSON body as text', async () => {
    const body = JSON.stringify({ records: [{ value: 'héllo' }] });
    const res = await fetchSigned('/v1/topics/orders/records', { method: 'POST', body, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(res.status).toBe(204);
    expect(seen.at(-1)!.fn).toBe('produce');
    const event = lastEvent();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/topics/orders/records',
      rawQueryString: '',
      body,
      isBase64Encoded: false,
    });
    expect(event.requestContext.http).toMatchObject({ method: 'POST', path: '/v1/topics/orders/records', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' });
    expect(event.requestContext.authorizer.iam).toMatchObject({
      accessKey: DEFAULT_LOCAL_CREDENTIALS.accessKeyId,
      accountId: '000000000000',
      userArn: 'arn:aws:iam::000000000000:user/sluice-local',
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(10_000);
    expect(event.requestContext.time).toMatch(/^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(event.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(event.queryStringParameters).toBeUndefined();
  });

  it('passes a binary body base64-encoded', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80]);
    await fetchSigned('/v1/topics/t/records', { method: 'POST', body: bytes, headers: { 'content-type': 'application/vnd.sluice.batches' } });
    const event = lastEvent();
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64').equals(bytes)).toBe(true);
  });

  it('passes text that is not valid UTF-8 base64-encoded', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0x7d]);
    await fetchSigned('/v1/topics/t/records', { method: 'POST', body: bytes, headers: { 'content-type': 'application/json' } });
    expect(lastEvent().isBase64Encoded).toBe(true);
  });

  it('keeps the raw path and query encoded, and decodes queryStringParameters', async () => {
    await fetchSigned('/v1/topics/a%2Eb/partitions/3/records', { query: { offset: '5', encoding: 'utf8', tag: ['x y', 'z'] } });
    const event = lastEvent();
    expect(seen.at(-1)!.fn).toBe('fetch');
    expect(event.rawPath).toBe('/v1/topics/a%2Eb/partitions/3/records');
    expect(event.rawQueryString).toContain('tag=x%20y');
    expect(event.queryStringParameters).toEqual({ offset: '5', encoding: 'utf8', tag: 'x y,z' });
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('moves cookies out of the headers and joins repeated headers with commas', async () => {
    await rawRequest(`${open.url}/v1/topics`, { headers: { cookie: 'a=1; b=2', 'x-many': ['1', '2'] } });
    const event = lastEvent();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-many']).toBe('1,2');
  });

  it('without signature verification, sends no authorizer, like AuthType NONE', async () => {
    const res = await fetch(`${open.url}/v1/topics`);
    expect(res.status).toBe(204);
    const event = lastEvent();
    expect(event.requestContext.accountId).toBe('anonymous');
    expect((event.requestContext as { authorizer?: unknown }).authorizer).toBeUndefined();
  });
});

describe('the local server writes the handler result', () => {
  it('decodes a base64 body and keeps the status and headers', async () => {
    reply = async () => ({ statusCode: 201, headers: { 'X-Sluice-Next-Offset': 7, 'content-type': 'application/octet-stream' }, body: Buffer.from([9, 8, 7]).toString('base64'), isBase64Encoded: true });
    const res = await fetch(`${open.url}/v1/topics`);
    expect(res.status).toBe(201);
    expect(res.headers.get('x-sluice-next-offset')).toBe('7');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([9, 8, 7]));
  });

  it('answers a bare string as a 200 JSON body, and defaults the content type to JSON', async () => {
    reply = async () => '{"ok":true}';
    const res = await fetch(`${open.url}/v1/topics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers 500 INTERNAL when the handler throws, and logs the stack', async () => {
    reply = async () => {
      throw new Error('boom in handler');
    };
    const res = await fetch(`${open.url}/v1/topics`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INTERNAL');
    expect(logs.at(-1)).toContain('boom in handler');
  });

  it('answers 500 INTERNAL when the handler returns an invalid status', async () => {
    reply = async () => ({ statusCode: 42 });
    const res = await fetch(`${open.url}/v1/topics`);
    expect(res.status).toBe(500);
  });

  it('answers 404, 405 and 400 itself, without calling a handler', async () => {
    reply = async () => ({ statusCode: 204 });
    const before = seen.length;
    const notFound = await fetch(`${open.url}/v2/topics`);
    expect(notFound.status).toBe(404);
    const wrongMethod = await fetch(`${open.url}/v1/topics/x`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
    const badQuery = await rawRequest(`${open.url}/v1/topics?x=%zz`);
    expect(badQuery.status).toBe(400);
    expect(seen.length).toBe(before);
  });
});

describe('the local server takes a buffered result as Lambda does', () => {
  it('answers a result up to 6 MB, and fails the invocation past it (500 INTERNAL, logged)', async () => {
    let bodyBytes = 5 * 1024 * 1024;
    // Quotes count twice once the result is serialized: 3.5 MiB of them weigh 7 MiB.
    let quotes = false;
    const buffered = async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: (quotes ? '"' : 'x').repeat(bodyBytes) });
    const local = await startLocalServer({ verifySignatures: false, loadHandler: async () => buffered, log: (m) => logs.push(m) });
    try {
      const ok = await fetch(`${local.url}/v1/topics`);
      expect(ok.status).toBe(200);
      expect((await ok.arrayBuffer()).byteLength).toBe(bodyBytes);
      bodyBytes = 6 * 1024 * 1024 + 1;
      const over = await fetch(`${local.url}/v1/topics`);
      expect(over.status).toBe(500);
      expect(((await over.json()) as { error: { code: string } }).error.code).toBe('INTERNAL');
      expect(logs.at(-1)).toContain('Response payload size exceeded');
      bodyBytes = 3.5 * 1024 * 1024;
      quotes = true;
      expect((await fetch(`${local.url}/v1/topics`)).status).toBe(500);
    } finally {
      await local.close();
    }
  });
});

describe('the local server invokes streaming handlers as a RESPONSE_STREAM Function URL does', () => {
  it('sends what a streaming handler writes: the prelude\'s status and headers, the body as bytes', async () => {
    const body = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 13) % 256));
    let status = 200;
    const streaming = toStreamingHandler(async () => ({ status, headers: { 'content-type': 'application/vnd.kafka.recordbatch', 'x-sluice-next-offset': '12' }, body }));
    const boom = toStreamingHandler(async () => Promise.reject(new Error('boom in streaming handler')));
    const local = await startLocalServer({
      verifySignatures: false,
      loadHandler: async (fn) => (fn === 'fetch' ? streaming : boom),
      log: (m) => logs.push(m),
    });
    try {
      const res = await fetch(`${local.url}/v1/topics/t/partitions/0/records?offset=0`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.kafka.recordbatch');
      expect(res.headers.get('x-sluice-next-offset')).toBe('12');
      expect(res.headers.get('content-length')).toBe(String(body.length));
      expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
      status = 416;
      expect((await fetch(`${local.url}/v1/topics/t/partitions/0/records?offset=0`)).status).toBe(416);
      const failed = await fetch(`${local.url}/v1/topics`);
      expect(failed.status).toBe(500);
      expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('INTERNAL');
      expect(logs.at(-1)).toContain('boom in streaming handler');
    } finally {
      await local.close();
    }
  });

  it('takes a module\'s buffered handler, or for RESPONSE_STREAM its streaming one (fetch has one)', async () => {
    expect(isStreamingHandler(await importHandler('fetch', 'BUFFERED'))).toBe(false);
    expect(isStreamingHandler(await importHandler('fetch', 'RESPONSE_STREAM'))).toBe(true);
    await expect(importHandler('admin', 'RESPONSE_STREAM')).rejects.toThrow(/no 'streamingHandler' export/);
  });

  it('invokes fetch streaming and the other functions buffered unless told otherwise, as the construct deploys them', async () => {
    expect(DEFAULT_FETCH_INVOKE_MODE).toBe('RESPONSE_STREAM');
    expect(isStreamingHandler(await importHandler('fetch'))).toBe(true);
    for (const fn of ['admin', 'produce', 'groups', 'maintenance'] as const) expect(isStreamingHandler(await importHandler(fn))).toBe(false);
  });
});
