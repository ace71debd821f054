// Calls the data handlers as the server would, through the codec both ways, on the real emulators.
import { createGroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { createEngine } from '../../../shared/log/engine.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { dataHandlers } from '../../../gateway/handlers/data/index.ts';
import { NO_RESPONSE, type ApiHandler, type GatewayContext, type GatewayOptions, type Message } from '../../../gateway/handlers/types.ts';
import { decodeRequestBody, decodeResponseBody, encodeRequestBody, encodeResponseBody } from '../../../gateway/protocol/codec.ts';
import { storageConfig } from '../../support/env.ts';

export function dataGateway(options: Partial<GatewayOptions> = {}): GatewayContext {
  const storage = createStorage(storageConfig());
  const engine = createEngine(storage);
  return {
    engine,
    storage,
    groups: createGroupCoordinator(engine),
    options: {
      nodeId: 1,
      advertisedHost: '127.0.0.1',
      advertisedPort: 9092,
      clusterId: 'sluice-test',
      autoCreateTopics: false,
      defaultPartitions: 1,
      ...options,
    },
    now: Date.now,
  };
}

export type Call = (apiKey: number, version: number, body: Message, signal?: AbortSignal) => Promise<Message | typeof NO_RESPONSE>;

/** A caller of the gateway's data handlers by API key; requests and answers pass the codec. */
export function caller(gateway: GatewayContext): Call {
  const byKey = new Map<number, ApiHandler>();
  for (const make of dataHandlers) {
    const h = make(gateway);
    byKey.set(h.schema.apiKey, h);
  }
  return async (apiKey, version, body, signal = new AbortController().signal) => {
    const h = byKey.get(apiKey)!;
    const request = decodeRequestBody(h.schema, version, encodeRequestBody(h.schema, version, body));
    const answer = await h.handle(request, { apiVersion: version, correlationId: 1, clientId: 'test', signal });
    if (answer === NO_RESPONSE) return answer;
    return decodeResponseBody(h.schema, version, encodeResponseBody(h.schema, version, answer));
  };
}

export const API = { produce: 0, fetch: 1, listOffsets: 2, metadata: 3, initProducerId: 22 } as const;

export function produceBody(topic: string, parts: Array<{ index: number; records: Buffer | null }>, extra: Message = {}): Message {
  return { transactionalId: null, acks: -1, timeoutMs: 5_000, topicData: [{ name: topic, partitionData: parts }], ...extra };
}

export function fetchBody(topic: string, parts: Array<{ partition: number; offset: bigint; maxBytes?: number }>, extra: Message = {}): Message {
  return {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic, partitions: parts.map((p) => ({ partition: p.partition, fetchOffset: p.offset, partitionMaxBytes: p.maxBytes ?? 1 << 20 })) }],
    forgottenTopicsData: [],
    rackId: '',
    ...extra,
  };
}
