import { createGroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { adminHandlers } from '../../../gateway/handlers/admin/index.ts';
import type { ApiHandler, GatewayContext, Message } from '../../../gateway/handlers/types.ts';
import { decodeRequestBody, decodeResponseBody, encodeRequestBody, encodeResponseBody } from '../../../gateway/protocol/codec.ts';
import { realEngine } from '../log/helpers.ts';

export const NODE_ID = 7;

/** The admin handlers over a fresh engine and coordinator on the emulators, as one gateway has them. */
export function adminGateway(): { gw: GatewayContext; call: (api: string, version: number, request: Message) => Promise<Message> } {
  const engine = realEngine({ topics: { cacheMs: 0 } });
  const gw: GatewayContext = {
    engine,
    storage: engine.storage,
    groups: createGroupCoordinator(engine, { topicCacheMs: 0 }),
    options: { nodeId: NODE_ID, advertisedHost: '127.0.0.1', advertisedPort: 19092, clusterId: 'sluice-test', autoCreateTopics: false, defaultPartitions: 3 },
    now: Date.now,
  };
  const handlers = new Map<string, ApiHandler>(adminHandlers.map((make) => make(gw)).map((h) => [h.schema.name, h]));
  /**
   * Calls a handler as the server would: the request through the codec at `version` (so fields the
   * version lacks take their defaults), the answer back through it (so it must fit the version).
   */
  async function call(api: string, version: number, request: Message): Promise<Message> {
    const h = handlers.get(api);
    if (!h) throw new Error(`no admin handler for ${api}`);
    const decoded = decodeRequestBody(h.schema, version, encodeRequestBody(h.schema, version, request));
    const controller = new AbortController();
    const answer = await h.handle(decoded, { apiVersion: version, correlationId: 1, clientId: 'test', signal: controller.signal });
    if (typeof answer === 'symbol') throw new Error(`${api} sent no response`);
    return decodeResponseBody(h.schema, version, encodeResponseBody(h.schema, version, answer));
  }
  return { gw, call };
}
