/**
 * Every API the gateway serves. ApiVersions advertises exactly this list, and the server
 * dispatches by it. An api key listed twice, or a schema without a highest version (the gateway
 * cannot promise versions not yet written), is a programming error, caught at start.
 */
import { adminHandlers } from './admin/index.ts';
import { createApiVersionsHandler } from './api-versions.ts';
import { dataHandlers } from './data/index.ts';
import { groupHandlers } from './groups/index.ts';
import { saslHandlers } from './sasl.ts';
import type { ApiHandler, GatewayContext } from './types.ts';

export function allHandlers(gateway: GatewayContext): ApiHandler[] {
  const handlers = [...dataHandlers, ...groupHandlers, ...adminHandlers, ...saslHandlers].map((make) => make(gateway));
  handlers.push(createApiVersionsHandler(() => handlers));
  const seen = new Set<number>();
  for (const h of handlers) {
    if (seen.has(h.schema.apiKey)) throw new Error(`two handlers for api key ${h.schema.apiKey} (${h.schema.name})`);
    seen.add(h.schema.apiKey);
    if (h.schema.versions.max === undefined) throw new Error(`${h.schema.name}: its schema must name its highest version`);
  }
  return handlers;
}
