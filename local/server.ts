import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { SluiceError, isSluiceError } from '../shared/api/errors.ts';
import { LIMITS } from '../shared/api/limits.ts';
import { matchRoute, type FunctionName } from '../shared/api/routes.ts';
import { localCredentialsFromEnv, type LocalCredentials } from './credentials.ts';
import { isStreamingHandler, type StreamingHandler } from '../functions/http/streaming.ts';
import { fromFunctionUrlResult, toFunctionUrlEvent, type HttpResponseParts } from './function-url-event.ts';
import { invokeStreaming } from './function-url-stream.ts';
import { lambdaContext } from './lambda-context.ts';
import { DRAIN_LIMIT_BYTES, readBody } from './read-body.ts';
import { verifySigV4 } from './sigv4.ts';

/** A handler of a buffered Function URL: its result is the response. */
export type BufferedHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
/** A buffered handler, or a streaming one (marked by the runtime's symbol) for InvokeMode RESPONSE_STREAM. */
export type LambdaHandler = BufferedHandler | StreamingHandler;

export interface LocalServerOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The key pair requests must be signed with. Default: `localCredentialsFromEnv()`. */
  credentials?: LocalCredentials;
  /** Default true. Off, the server behaves like a Function URL with AuthType NONE. */
  verifySignatures?: boolean;
  /** Where handlers come from. Default: `functions/{name}/index.ts`, imported on first use. */
  loadHandler?: (fn: FunctionName) => Promise<LambdaHandler>;
  /** The fetch Function URL's invoke mode, as the construct's `fetchInvokeMode` (with the default loadHandler). Default RESPONSE_STREAM. */
  fetchInvokeMode?: InvokeMode;
  /** Region reported in the Lambda context. Default: AWS_REGION or us-east-1. */
  region?: string;
  /** Where failures are reported. Default: console.error. */
  log?: (message: string) => void;
  /** Called with one line per answered request (`GET /v1/topics 200 3 ms`). Default: none. */
  accessLog?: (line: string) => void;
}

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Bodies a little over the API's limit still reach the handler, so that it answers with its
 * own message; a Function URL refuses invocations past 6 MB in the same place.
 */
export const MAX_BODY_BYTES = LIMITS.maxRequestBytes + 64 * 1024;

/**
 * The most a buffered handler's result may weigh as Lambda serializes it (JSON): 6 MB. A larger one
 * fails the invocation ("Response payload size exceeded"), and the Function URL answers with an
 * error; the local server answers 500 INTERNAL and logs why.
 */
export const BUFFERED_RESULT_LIMIT_BYTES = 6 * 1024 * 1024;

/** How a Function URL invokes its function: with a buffered result, or a response stream. */
export type InvokeMode = 'BUFFERED' | 'RESPONSE_STREAM';

/** The fetch Function URL's invoke mode unless one is given, as in the construct (docs/deploy.md). The other functions are BUFFERED. */
export const DEFAULT_FETCH_INVOKE_MODE: InvokeMode = 'RESPONSE_STREAM';

/**
 * Imports `functions/{fn}/index.ts` and takes the handler a Function URL of that invoke mode
 * invokes: `handler`, or for RESPONSE_STREAM `streamingHandler` (functions/http/streaming.ts). The
 * default is the deployment's: DEFAULT_FETCH_INVOKE_MODE for fetch, BUFFERED for the others.
 */
export async function importHandler(fn: FunctionName, invokeMode: InvokeMode = defaultInvokeMode(fn)): Promise<LambdaHandler> {
  const mod = (await import(new URL(`../functions/${fn}/index.ts`, import.meta.url).href)) as Record<string, unknown>;
  const name = invokeMode === 'RESPONSE_STREAM' ? 'streamingHandler' : 'handler';
  const handler = mod[name];
  if (typeof handler !== 'function') throw new Error(`functions/${fn}/index.ts has no '${name}' export`);
  return handler as LambdaHandler;
}

/** A function's invoke mode when none is given: streaming for fetch, buffered for the rest. */
function defaultInvokeMode(fn: FunctionName): InvokeMode {
  return fn === 'fetch' ? DEFAULT_FETCH_INVOKE_MODE : 'BUFFERED';
}

/**
 * Serves the functions/ handlers over HTTP the way their Lambda Function URLs do: SigV4 (service
 * `lambda`), the route table picks the function, the request becomes a payload 2.0 event, and the
 * handler's result becomes the response. The adapter's own refusals are SluiceError bodies.
 *
 * @example
 * const server = await startLocalServer({ port: 4510 });
 * console.log(server.url); // http://127.0.0.1:4510
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.credentials ?? localCredentialsFromEnv();
  const verify = options.verifySignatures ?? true;
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const log = options.log ?? ((message: string) => console.error(message));
  const load = options.loadHandler ?? ((fn: FunctionName) => importHandler(fn, fn === 'fetch' && options.fetchInvokeMode ? options.fetchInvokeMode : defaultInvokeMode(fn)));
  const handlers = new Map<FunctionName, Promise<LambdaHandler>>();

  function handlerFor(fn: FunctionName): Promise<LambdaHandler> {
    let pending = handlers.get(fn);
    if (!pending) {
      pending = load(fn);
      handlers.set(fn, pending);
      // A module that failed to load is tried again on the next request.
      pending.catch(() => handlers.delete(fn));
    }
    return pending;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const timeEpoch = Date.now();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      send(res, requestId, tooLarge(), declared > DRAIN_LIMIT_BYTES);
      return;
    }
    const read = await readBody(req, MAX_BODY_BYTES);
    if (!read.ok) {
      if (read.reason === 'too-large') send(res, requestId, tooLarge(), false);
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const { rawPath, rawQueryString } = splitTarget(req.url ?? '/');
    const headers = collectHeaders(req.rawHeaders);
    const caller = verify
      ? verifySigV4({ method, rawPath, rawQueryString, headers, body: read.body }, { credentials: [credentials] })
      : undefined;
    const fn = route(method, rawPath);
    const event = toFunctionUrlEvent({
      method, rawPath, rawQueryString, headers, body: read.body, requestId, timeEpoch,
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      ...(caller ? { caller } : {}),
    });
    let handler: LambdaHandler;
    try {
      handler = await handlerFor(fn);
    } catch (e) {
      log(`sluice local: cannot load the '${fn}' handler: ${stack(e)}`);
      throw new SluiceError('INTERNAL', `the '${fn}' function is not available`);
    }
    let out;
    try {
      const context = lambdaContext(`sluice-${fn}`, requestId, region);
      out = await invokeFunctionUrl(handler, event, context);
    } catch (e) {
      log(`sluice local: the '${fn}' handler failed on ${method} ${rawPath} (request ${requestId}): ${stack(e)}`);
      throw new SluiceError('INTERNAL', 'internal error');
    }
    res.writeHead(out.statusCode, { ...out.headers, 'content-length': out.body.length, 'x-amzn-requestid': requestId });
    res.end(out.body);
  }

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    if (options.accessLog) {
      const started = Date.now();
      const accessLog = options.accessLog;
      res.once('finish', () => accessLog(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started} ms`));
    }
    serve(req, res, requestId).catch((e: unknown) => {
      if (!isSluiceError(e)) log(`sluice local: ${req.method} ${req.url}: ${stack(e)}`);
      const err = isSluiceError(e) ? e : new SluiceError('INTERNAL', 'internal error');
      if (!res.headersSent) send(res, requestId, err, false);
      else res.destroy();
    });
  });
  // A client that announces an oversize body with `Expect: 100-continue` is refused before it sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      send(res, randomUUID(), tooLarge(), true);
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${options.port} on ${host} is already in use (set SLUICE_PORT to another port)`) : e),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Invokes a handler as its Function URL does, and returns the HTTP response the URL would send:
 * with a response stream, or for a buffered handler from its result. Throws when the handler
 * does, or its answer is not a valid response.
 */
export async function invokeFunctionUrl(handler: LambdaHandler, event: APIGatewayProxyEventV2, context: Context): Promise<HttpResponseParts> {
  if (isStreamingHandler(handler)) return invokeStreaming(handler, event, context);
  return fromFunctionUrlResult(checkResultSize(await handler(event, context)));
}

/** A buffered result as Lambda takes it: refused past BUFFERED_RESULT_LIMIT_BYTES once serialized. */
function checkResultSize<T>(result: T): T {
  const r = result as { body?: unknown; isBase64Encoded?: boolean } | string | null;
  const body = typeof r === 'string' ? r : r?.body;
  // Escaping at most doubles a string, and base64 has nothing to escape: most results need no serializing.
  const escaped = typeof r === 'object' && r?.isBase64Encoded ? 1 : 2;
  if (typeof body !== 'string' || body.length * escaped + 64 * 1024 <= BUFFERED_RESULT_LIMIT_BYTES) return result;
  const bytes = Buffer.byteLength(JSON.stringify(result));
  if (bytes > BUFFERED_RESULT_LIMIT_BYTES) {
    throw new Error(`Response payload size exceeded maximum allowed payload size (${BUFFERED_RESULT_LIMIT_BYTES} bytes): the result is ${bytes} bytes`);
  }
  return result;
}

function tooLarge(): SluiceError {
  return new SluiceError('PAYLOAD_TOO_LARGE', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
}

function send(res: ServerResponse, requestId: string, err: SluiceError, close: boolean): void {
  const body = Buffer.from(JSON.stringify(err.toBody()));
  res.writeHead(err.status, {
    'content-type': 'application/json',
    'content-length': body.length,
    'x-amzn-requestid': requestId,
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

function route(method: string, rawPath: string): FunctionName {
  let match;
  try {
    match = matchRoute(method, rawPath);
  } catch {
    throw new SluiceError('INVALID_REQUEST', 'the path is not valid percent-encoding');
  }
  if ('route' in match) return match.route.fn;
  if (match.methodMismatch) throw new SluiceError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${rawPath}`);
  throw new SluiceError('NOT_FOUND', `no route for ${method} ${rawPath}`);
}

/** Splits a request target into path and query, both still encoded; absolute-form is accepted. */
function splitTarget(target: string): { rawPath: string; rawQueryString: string } {
  const originForm = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, '') : target;
  const q = originForm.indexOf('?');
  const rawPath = (q < 0 ? originForm : originForm.slice(0, q)) || '/';
  return { rawPath, rawQueryString: q < 0 ? '' : originForm.slice(q + 1) };
}

/** Lowercased names; repeated headers joined with ',' (as Function URLs and SigV4 do). */
function collectHeaders(raw: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${raw[i + 1]}` : raw[i + 1]!;
  }
  return headers;
}

function stack(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
