import { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PRELUDE_CONTENT_TYPE,
  STREAMING_HANDLER,
  isStreamingHandler,
  toStreamingHandler,
  type ResponseStream,
} from '../../../functions/http/streaming.ts';
import type { HttpRequest, HttpResponse } from '../../../shared/api/http.ts';
import { fromStreamedResponse, invokeStreaming } from '../../../local/function-url-stream.ts';
import { installFakeLambdaRuntime } from '../../support/lambda-runtime.ts';

// The streaming handler (functions/http/streaming.ts) and the local server's reading of what it
// streams (local/function-url-stream.ts): the Function URL integration response protocol.

class Recorder extends Writable implements ResponseStream {
  contentType: string | undefined;
  readonly chunks: Buffer[] = [];
  setContentType(type: string): void {
    this.contentType = type;
  }
  override _write(chunk: Buffer | string, encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    done();
  }
}

const event = (path: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: 'offset=3',
    headers: { accept: 'application/octet-stream' },
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path } },
  }) as unknown as APIGatewayProxyEventV2;
const context = {} as Context;
const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));

// The AWS SDK sets an empty `awslambda` global anywhere; the runtime's has the streaming API.
const sdkGlobal = (globalThis as { awslambda?: unknown }).awslambda;
afterEach(() => {
  (globalThis as { awslambda?: unknown }).awslambda = sdkGlobal;
});

describe('a streaming handler', () => {
  it('writes the prelude, eight zero bytes and the body, byte for byte, without base64 (with the SDK\'s empty awslambda global too)', async () => {
    (globalThis as { awslambda?: unknown }).awslambda = {};
    let seen: HttpRequest | undefined;
    const handler = toStreamingHandler(async (req) => {
      seen = req;
      return { status: 200, headers: { 'content-type': 'application/vnd.kafka.recordbatch', 'x-sluice-next-offset': '9' }, body: binary };
    });
    expect(isStreamingHandler(handler)).toBe(true);
    expect(handler[STREAMING_HANDLER]).toBe('response');
    const stream = new Recorder();
    await handler(event('/v1/topics/t/partitions/0/records'), stream, context);
    expect(seen).toMatchObject({ method: 'GET', path: '/v1/topics/t/partitions/0/records' });
    expect(seen!.query.get('offset')).toBe('3');
    expect(stream.writableFinished).toBe(true);
    expect(stream.contentType).toBe(PRELUDE_CONTENT_TYPE);
    const bytes = Buffer.concat(stream.chunks);
    const at = bytes.indexOf(Buffer.alloc(8));
    expect(JSON.parse(bytes.subarray(0, at).toString('utf8'))).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/vnd.kafka.recordbatch', 'x-sluice-next-offset': '9' },
    });
    expect(bytes.subarray(at + 8).equals(binary)).toBe(true);
    const out = fromStreamedResponse(stream.contentType!, stream.chunks);
    expect(out.statusCode).toBe(200);
    expect(out.headers['x-sluice-next-offset']).toBe('9');
    expect(out.body.equals(binary)).toBe(true);
  });

  it('streams an error response with its status and JSON body', async () => {
    const body = JSON.stringify({ error: { code: 'OFFSET_OUT_OF_RANGE', message: 'below the log start', retriable: false } });
    const handler = toStreamingHandler(async (): Promise<HttpResponse> => ({ status: 416, headers: { 'content-type': 'application/json' }, body }));
    const out = await invokeStreaming(handler, event('/v1/topics/t/partitions/0/records'), context);
    expect(out.statusCode).toBe(416);
    expect(out.headers['content-type']).toBe('application/json');
    expect(out.body.toString('utf8')).toBe(body);
  });

  it('uses the Lambda runtime\'s awslambda global where there is one, writing the body so that its prelude goes first', async () => {
    const runtime = installFakeLambdaRuntime();
    try {
      for (const body of [binary, Buffer.alloc(0)]) {
        const handler = toStreamingHandler(async () => ({ status: 201, headers: { 'x-a': 'b' }, body }));
        const out = await invokeStreaming(handler, event('/x'), context);
        expect(out.statusCode).toBe(201);
        expect(out.headers['x-a']).toBe('b');
        expect(out.body.equals(body)).toBe(true);
      }
      expect(runtime.calls).toEqual({ streamifyResponse: 2, from: 2 });
    } finally {
      runtime.uninstall();
    }
  });
});

describe('reading a streamed response as a Function URL does', () => {
  const prelude = (p: unknown) => Buffer.from(JSON.stringify(p));
  const zeros = Buffer.alloc(8);

  it('finds the prelude across writes and keeps a body that holds zero bytes', () => {
    const body = Buffer.concat([zeros, Buffer.from('abc'), zeros]);
    const text = prelude({ statusCode: 202, headers: { 'X-Thing': 'a', 'Content-Length': '1', Connection: 'close' } });
    const out = fromStreamedResponse(PRELUDE_CONTENT_TYPE, [text.subarray(0, 5), text.subarray(5), zeros.subarray(0, 3), Buffer.concat([zeros.subarray(3), body])]);
    expect(out.statusCode).toBe(202);
    expect(out.headers).toEqual({ 'x-thing': 'a', 'content-type': 'application/octet-stream' });
    expect(out.body.equals(body)).toBe(true);
  });

  it('treats a stream of another content type as a 200 with that type, all of it body', () => {
    const out = fromStreamedResponse('text/plain', [Buffer.from('hello '), Buffer.from('world')]);
    expect(out).toEqual({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from('hello world') });
  });

  it('refuses a prelude without its delimiter, one that is not JSON, and a bad status', () => {
    expect(() => fromStreamedResponse(PRELUDE_CONTENT_TYPE, [prelude({ statusCode: 200 })])).toThrow(/delimiter/);
    expect(() => fromStreamedResponse(PRELUDE_CONTENT_TYPE, [Buffer.from('{nope'), zeros])).toThrow(/not JSON/);
    expect(() => fromStreamedResponse(PRELUDE_CONTENT_TYPE, [prelude({ statusCode: 42 }), zeros])).toThrow(/invalid statusCode/);
  });

  it('ends a stream the handler left open, as the runtime does', async () => {
    const handler = Object.assign(
      async (_e: APIGatewayProxyEventV2, stream: ResponseStream) => {
        stream.setContentType('text/plain');
        stream.write('partial');
      },
      { [STREAMING_HANDLER]: 'response' as const },
    );
    const out = await invokeStreaming(handler, event('/x'), context);
    expect(out.body.toString()).toBe('partial');
  });

  it('passes on a handler that throws', async () => {
    const handler = Object.assign(async () => Promise.reject(new Error('boom')), { [STREAMING_HANDLER]: 'response' as const });
    await expect(invokeStreaming(handler, event('/x'), context)).rejects.toThrow('boom');
  });
});
