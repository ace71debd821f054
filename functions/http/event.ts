import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../../shared/api/http.ts';

/** A Lambda Function URL event (payload v2) as the service's request type. */
export function requestFromEvent(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const raw = event.body ?? '';
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    body: event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
  };
}

/** The service's response as a Function URL result; binary bodies travel base64-encoded. */
export function resultFromResponse(res: HttpResponse): APIGatewayProxyStructuredResultV2 {
  if (typeof res.body === 'string') return { statusCode: res.status, headers: res.headers, body: res.body };
  return { statusCode: res.status, headers: res.headers, body: res.body.toString('base64'), isBase64Encoded: true };
}
