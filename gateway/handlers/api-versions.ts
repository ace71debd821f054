/**
 * ApiVersions: the APIs and versions this gateway serves, taken from the registered handlers'
 * schemas, so what is advertised is exactly what is dispatched. A request whose version the
 * gateway does not serve never reaches here: the server answers it with a v0 response carrying
 * UNSUPPORTED_VERSION and this same list (Kafka's behaviour, KIP-511), and the client retries.
 */
import { ApiVersions } from '../messages/api-versions.ts';
import { ErrorCode } from '../protocol/errors.ts';
import type { ApiHandler, Message } from './types.ts';

export interface ApiVersionEntry {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/** One entry per handler, by api key. */
export function advertisedApis(handlers: readonly ApiHandler[]): ApiVersionEntry[] {
  return handlers
    .map(({ schema }) => ({ apiKey: schema.apiKey, minVersion: schema.versions.min, maxVersion: schema.versions.max ?? schema.versions.min }))
    .sort((a, b) => a.apiKey - b.apiKey);
}

/** The response body for any version (fields a version lacks are left out when encoded). */
export function apiVersionsResponse(handlers: readonly ApiHandler[], errorCode: number = ErrorCode.NONE): Message {
  return { errorCode, apiKeys: advertisedApis(handlers), throttleTimeMs: 0 };
}

/** `handlers` is read at request time: the list includes this handler, built after the others. */
export function createApiVersionsHandler(handlers: () => readonly ApiHandler[]): ApiHandler {
  return {
    schema: ApiVersions,
    handle: async () => apiVersionsResponse(handlers()),
  };
}
