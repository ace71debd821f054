import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SluiceError } from '../../shared/api/errors.ts';
import { jsonResponse, type HttpRequest, type HttpResponse } from '../../shared/api/http.ts';
import { matchRoute, type FunctionName } from '../../shared/api/routes.ts';
import { requestFromEvent, resultFromResponse } from './event.ts';

export type Operation = (req: HttpRequest, params: Record<string, string>) => Promise<HttpResponse>;

/**
 * Builds a Lambda handler serving one function's routes. It is the one place that turns errors
 * into responses: a SluiceError answers with its code's status; anything else is logged and
 * answered 500 INTERNAL, which the tests treat as a defect.
 */
export function createHandler(fn: FunctionName, operations: Record<string, Operation>) {
  const serve = async (req: HttpRequest): Promise<HttpResponse> => {
    try {
      let match: ReturnType<typeof matchRoute>;
      try {
        match = matchRoute(req.method, req.path);
      } catch {
        throw new SluiceError('INVALID_REQUEST', `path ${JSON.stringify(req.path)} is not validly percent-encoded`);
      }
      if (!('route' in match) || match.route.fn !== fn) {
        if ('methodMismatch' in match && match.methodMismatch) {
          throw new SluiceError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}`);
        }
        throw new SluiceError('NOT_FOUND', `no route ${req.method} ${req.path}`);
      }
      const operation = operations[match.route.operationId];
      if (!operation) throw new SluiceError('NOT_FOUND', `no route ${req.method} ${req.path}`);
      return await operation(req, match.params);
    } catch (e) {
      return errorResponse(e);
    }
  };
  const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    resultFromResponse(await serve(requestFromEvent(event)));
  return Object.assign(handler, { serve });
}

export function errorResponse(e: unknown): HttpResponse {
  if (e instanceof SluiceError) return jsonResponse(e.status, e.toBody());
  console.error(JSON.stringify({ level: 'ERROR', message: 'unhandled error', error: String(e), stack: (e as Error)?.stack }));
  return jsonResponse(500, new SluiceError('INTERNAL', 'internal error').toBody());
}
