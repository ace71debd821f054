import type { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../../shared/api/http.ts';
import { requestFromEvent } from './event.ts';

/**
 * Lambda response streaming, as a Function URL with InvokeMode RESPONSE_STREAM invokes it. The
 * response is bytes, not a JSON result: a binary body is not base64-encoded (a third fewer bytes,
 * and no body-sized string for the function to build and collect), and may exceed the 6 MB of a
 * buffered response.
 *
 * The protocol (content type `application/vnd.awslambda.http-integration-response`): a JSON
 * prelude `{ statusCode, headers }`, eight zero bytes, then the body. In Lambda the runtime's
 * `awslambda` global marks the handler and writes the prelude; elsewhere (the local server, tests)
 * this module does the same by itself, so both take one path through the handler.
 */

/** The mark the Node.js runtime reads to invoke a handler with a response stream. */
export const STREAMING_HANDLER = Symbol.for('aws.lambda.runtime.handler.streaming');
export const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
export const PRELUDE_DELIMITER = Buffer.alloc(8);

/** The stream a streaming handler writes to: a Writable whose content type can be set before the first write. */
export interface ResponseStream extends Writable {
  setContentType(contentType: string): void;
}

export interface HttpPrelude {
  statusCode: number;
  headers: Record<string, string>;
}

export type StreamingHandler = ((event: APIGatewayProxyEventV2, responseStream: ResponseStream, context: Context) => Promise<void>) & {
  [STREAMING_HANDLER]: 'response';
};

/** What the Lambda Node.js runtime provides as `globalThis.awslambda` (declared in @types/aws-lambda; absent elsewhere). */
interface LambdaRuntimeGlobal {
  streamifyResponse<H>(handler: H): H;
  HttpResponseStream: { from(stream: ResponseStream, prelude: HttpPrelude): ResponseStream };
}

/** The runtime's global, if this is the Lambda runtime. (The AWS SDK sets an empty `awslambda` anywhere.) */
function runtime(): LambdaRuntimeGlobal | undefined {
  const lambda = (globalThis as unknown as { awslambda?: Partial<LambdaRuntimeGlobal> }).awslambda;
  return typeof lambda?.streamifyResponse === 'function' && typeof lambda.HttpResponseStream?.from === 'function' ? (lambda as LambdaRuntimeGlobal) : undefined;
}

/** The stream with the prelude written (by the runtime, if there is one, on the first write): the body follows. */
function httpResponseStream(lambda: LambdaRuntimeGlobal | undefined, stream: ResponseStream, prelude: HttpPrelude): ResponseStream {
  if (lambda) return lambda.HttpResponseStream.from(stream, prelude);
  stream.setContentType(PRELUDE_CONTENT_TYPE);
  stream.write(JSON.stringify(prelude));
  stream.write(PRELUDE_DELIMITER);
  return stream;
}

/** Whether a handler is to be invoked with a response stream. */
export function isStreamingHandler(handler: unknown): handler is StreamingHandler {
  return typeof handler === 'function' && (handler as Partial<StreamingHandler>)[STREAMING_HANDLER] === 'response';
}

/** A streaming Lambda handler answering with what `serve` returns. */
export function toStreamingHandler(serve: (req: HttpRequest) => Promise<HttpResponse>): StreamingHandler {
  const lambda = runtime();
  const handler = async (event: APIGatewayProxyEventV2, responseStream: ResponseStream): Promise<void> => {
    const res = await serve(requestFromEvent(event));
    const out = httpResponseStream(lambda, responseStream, { statusCode: res.status, headers: res.headers });
    const body = typeof res.body === 'string' ? Buffer.from(res.body, 'utf8') : res.body;
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      // write(), then end(): the runtime writes the prelude before the stream's first write() (it
      // hooks write, and end(chunk) does not go through it), so the body must never be end()'s.
      out.write(body);
      out.end(() => resolve());
    });
  };
  return (lambda ? lambda.streamifyResponse(handler) : Object.assign(handler, { [STREAMING_HANDLER]: 'response' as const })) as unknown as StreamingHandler;
}
