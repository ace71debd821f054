// A streaming handler invoked the way a Function URL with InvokeMode RESPONSE_STREAM invokes it:
// with a response stream as its second argument. What it writes is read back as the Function URL
// does: with the content type `application/vnd.awslambda.http-integration-response`, a JSON
// prelude (statusCode, headers), eight zero bytes, then the body; with any other content type, a
// 200 with that type and everything written as the body. The local server sends the collected
// response with its length once the handler is done (a Function URL sends it chunked as written).
import { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { PRELUDE_CONTENT_TYPE, PRELUDE_DELIMITER, type ResponseStream, type StreamingHandler } from '../functions/http/streaming.ts';
import { checkStatusCode, responseHeaders, type HttpResponseParts } from './function-url-event.ts';

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** A response stream that keeps what is written to it. */
class CollectedResponse extends Writable implements ResponseStream {
  contentType = DEFAULT_CONTENT_TYPE;
  readonly chunks: Buffer[] = [];

  setContentType(contentType: string): void {
    this.contentType = contentType;
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    done();
  }
}

/** Runs a streaming handler to its end and returns its response. Throws when the handler does, or its stream is not a valid response. */
export async function invokeStreaming(handler: StreamingHandler, event: APIGatewayProxyEventV2, context: Context): Promise<HttpResponseParts> {
  const stream = new CollectedResponse();
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  await handler(event, stream, context);
  // The runtime ends the stream when the handler's promise settles.
  if (!stream.writableEnded) stream.end();
  await finished;
  return fromStreamedResponse(stream.contentType, stream.chunks);
}

/** What a response stream carried, as an HTTP response. */
export function fromStreamedResponse(contentType: string, chunks: Buffer[]): HttpResponseParts {
  if (contentType !== PRELUDE_CONTENT_TYPE) return { statusCode: 200, headers: { 'content-type': contentType }, body: Buffer.concat(chunks) };
  // The prelude is usually a write of its own: only what comes before the delimiter is joined.
  let head: Buffer = Buffer.alloc(0);
  let next = 0;
  let at = -1;
  while (at < 0 && next < chunks.length) {
    head = head.length === 0 ? chunks[next++]! : Buffer.concat([head, chunks[next++]!]);
    at = head.indexOf(PRELUDE_DELIMITER);
  }
  if (at < 0) throw new Error('the handler streamed an HTTP integration response without the delimiter after its prelude');
  let prelude: { statusCode?: unknown; headers?: Record<string, unknown> };
  try {
    prelude = JSON.parse(head.subarray(0, at).toString('utf8')) as typeof prelude;
  } catch {
    throw new Error('the prelude of the handler\'s streamed response is not JSON');
  }
  const statusCode = prelude.statusCode ?? 200;
  checkStatusCode(statusCode);
  const body = [head.subarray(at + PRELUDE_DELIMITER.length), ...chunks.slice(next)].filter((b) => b.length > 0);
  return { statusCode, headers: responseHeaders(prelude.headers, DEFAULT_CONTENT_TYPE), body: body.length === 1 ? body[0]! : Buffer.concat(body) };
}
