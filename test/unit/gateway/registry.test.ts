import { describe, expect, it } from 'vitest';
import { advertisedApis } from '../../../gateway/handlers/api-versions.ts';
import { allHandlers } from '../../../gateway/handlers/index.ts';
import type { GatewayContext } from '../../../gateway/handlers/types.ts';
import { decodeRequestBody, decodeResponseBody, encodeRequestBody, encodeResponseBody } from '../../../gateway/protocol/codec.ts';

/** Anything a handler factory reaches for while building (never called here: no handler runs). */
function anything(): unknown {
  const target = (): void => undefined;
  return new Proxy(target, { get: (_t, key) => (key === 'then' ? undefined : anything()), apply: () => anything() });
}

const gateway = {
  engine: anything(),
  storage: anything(),
  groups: anything(),
  options: { nodeId: 1, advertisedHost: '127.0.0.1', advertisedPort: 9092, clusterId: 'test', autoCreateTopics: false, defaultPartitions: 1 },
  now: Date.now,
} as unknown as GatewayContext;

describe('the handler registry', () => {
  const handlers = allHandlers(gateway);

  it('has one handler per api key, ApiVersions and the SASL APIs among them', () => {
    const keys = handlers.map((h) => h.schema.apiKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining([17, 18, 36]));
  });

  it('advertises each handler with its schema versions, in api key order', () => {
    const apis = advertisedApis(handlers);
    expect(apis.map((a) => a.apiKey)).toEqual([...apis.map((a) => a.apiKey)].sort((a, b) => a - b));
    for (const h of handlers) {
      expect(apis).toContainEqual({ apiKey: h.schema.apiKey, minVersion: h.schema.versions.min, maxVersion: h.schema.versions.max });
    }
  });

  it('can encode and decode an all-defaults request and response of every served version', () => {
    for (const { schema } of handlers) {
      for (let v = schema.versions.min; v <= schema.versions.max!; v++) {
        const request = encodeRequestBody(schema, v, {});
        expect(encodeRequestBody(schema, v, decodeRequestBody(schema, v, request)), `${schema.name} v${v} request`).toEqual(request);
        const response = encodeResponseBody(schema, v, {});
        expect(encodeResponseBody(schema, v, decodeResponseBody(schema, v, response)), `${schema.name} v${v} response`).toEqual(response);
      }
    }
  });
});
