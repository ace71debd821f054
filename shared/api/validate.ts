import type { z } from 'zod';
import { SluiceError } from './errors.ts';
import { mediaType, type HttpRequest } from './http.ts';
import { LIMITS } from './limits.ts';

/** A zod failure as one message a user can act on: where, and what was expected. */
export function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((i) => {
    const where = i.path.length ? i.path.join('.') : 'body';
    return `${where}: ${i.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return issues.join('; ') + more;
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new SluiceError('INVALID_REQUEST', `invalid ${what}: ${describeIssues(result.error)}`);
  return result.data;
}

export function checkBodySize(req: HttpRequest): void {
  if (req.body.length > LIMITS.maxRequestBytes) {
    throw new SluiceError('PAYLOAD_TOO_LARGE', `request body is ${req.body.length} bytes; the limit is ${LIMITS.maxRequestBytes}`);
  }
}

/** A JSON body checked against a schema. Only `application/json` is accepted. */
export function parseJsonBody<S extends z.ZodType>(req: HttpRequest, schema: S): z.output<S> {
  checkBodySize(req);
  const type = mediaType(req);
  if (type !== 'application/json') {
    throw new SluiceError('UNSUPPORTED_MEDIA_TYPE', `expected Content-Type application/json, got ${JSON.stringify(type || 'none')}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(req.body.toString('utf8'), refuseProtoKeys);
  } catch (e) {
    if (e instanceof SluiceError) throw e;
    throw new SluiceError('INVALID_JSON', `body is not valid JSON: ${(e as Error).message}`);
  }
  return parseWith(schema, value, 'request body');
}

/** Query parameters checked against a schema; a repeated parameter is refused. */
export function parseQuery<S extends z.ZodType>(req: HttpRequest, schema: S): z.output<S> {
  const out: Record<string, string> = {};
  for (const [k, v] of req.query) {
    if (k in out) throw new SluiceError('INVALID_REQUEST', `query parameter ${k} is given more than once`);
    out[k] = v;
  }
  return parseWith(schema, out, 'query');
}

/** A request that must carry no body (GET, DELETE). */
export function expectNoBody(req: HttpRequest): void {
  if (req.body.length > 0) throw new SluiceError('INVALID_REQUEST', `${req.method} takes no request body`);
}

/**
 * No Sluice body has a field named `__proto__`, and such a key would vanish (or worse) when the
 * parsed object is copied, so it is refused wherever it appears.
 */
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SluiceError('INVALID_REQUEST', 'invalid request body: "__proto__" is not a valid field or config name');
  return value;
}
