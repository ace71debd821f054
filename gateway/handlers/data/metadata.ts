/**
 * Metadata: one logical broker (this gateway's advertised address) leads every partition of
 * every topic, with itself as the only replica, so clients send everything here. Any number of
 * gateways may advertise themselves this way over one deployment: all state is in storage.
 */
import { SluiceError } from '../../../shared/api/errors.ts';
import { validateTopicName } from '../../../shared/api/topic-name.ts';
import { mapLimit } from '../../../shared/log/map-limit.ts';
import type { TopicRecord } from '../../../shared/log/ports.ts';
import { Metadata } from '../../messages/metadata.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { ZERO_UUID } from '../../protocol/uuid.ts';
import { toKafkaError } from '../error-map.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { dataPlane } from './data-plane.ts';
import { kafkaTopicId } from './topic-id.ts';
import type { TopicIds } from './topic-ids.ts';

/** Topic lookups in flight at once for one request. */
const LOOKUPS = 16;

export const metadataHandler: HandlerFactory = (gateway) => ({
  schema: Metadata,
  async handle(req, ctx) {
    const { options } = gateway;
    const requested = req.topics as Array<{ topicId: string; name: string | null }> | null;
    // v0 asks for every topic with an empty list; v1+ with null (an empty list then means none).
    const everyTopic = requested === null || (ctx.apiVersion === 0 && requested.length === 0);
    let topics: Message[];
    if (everyTopic) {
      topics = (await gateway.engine.topics.list()).map((t) => describe(gateway, t));
    } else {
      const { topicIds } = dataPlane(gateway);
      const autoCreate = options.autoCreateTopics && req.allowAutoTopicCreation !== false;
      topics = await mapLimit(requested, LOOKUPS, (t) =>
        t.name === null || (t.name === '' && t.topicId !== ZERO_UUID) ? lookupById(gateway, t.topicId, topicIds, ctx.apiVersion >= 12) : lookup(gateway, t.name, autoCreate),
      );
    }
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: options.nodeId, host: options.advertisedHost, port: options.advertisedPort, rack: null }],
      clusterId: options.clusterId,
      controllerId: options.nodeId,
      topics,
    };
  },
});

/** A topic's metadata; its id is noted, since a client may name the topic by it next. */
function describe(gateway: GatewayContext, topic: TopicRecord): Message {
  const { nodeId } = gateway.options;
  dataPlane(gateway).topicIds.learn(topic.id, topic.name);
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: kafkaTopicId(topic.id),
    isInternal: false,
    partitions: Array.from({ length: topic.partitions }, (_, p) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex: p,
      leaderId: nodeId,
      leaderEpoch: 0,
      replicaNodes: [nodeId],
      isrNodes: [nodeId],
      offlineReplicas: [],
    })),
  };
}

function failed(name: string | null, errorCode: number, topicId = ZERO_UUID): Message {
  return { errorCode, name, topicId, isInternal: false, partitions: [] };
}

/**
 * A topic by name. With auto-creation (the gateway's setting and the request's), an unknown topic
 * is created with the default partition count and answered at once: Sluice's create is complete
 * when it returns, so the client needs no LEADER_NOT_AVAILABLE round.
 */
async function lookup(gateway: GatewayContext, name: string, autoCreate: boolean): Promise<Message> {
  const { topics } = gateway.engine;
  try {
    validateTopicName(name);
    return describe(gateway, await topics.resolve(name));
  } catch (e) {
    if (!(e instanceof SluiceError) || e.code !== 'UNKNOWN_TOPIC' || !autoCreate) return failed(name, toKafkaError(e));
  }
  try {
    return describe(gateway, await topics.create({ name, partitions: gateway.options.defaultPartitions }));
  } catch (e) {
    if (e instanceof SluiceError && e.code === 'TOPIC_ALREADY_EXISTS') {
      try {
        return describe(gateway, await topics.get(name));
      } catch (again) {
        return failed(name, toKafkaError(again));
      }
    }
    return failed(name, toKafkaError(e));
  }
}

/** v12 may name a topic by id alone. A recreated topic has a new id: its old one is unknown. */
async function lookupById(gateway: GatewayContext, topicId: string, ids: TopicIds, nullableName: boolean): Promise<Message> {
  const name = await ids.nameOf(topicId);
  const topic = name === undefined ? undefined : await gateway.engine.topics.resolve(name).catch(() => undefined);
  return topic && kafkaTopicId(topic.id) === topicId.toLowerCase()
    ? describe(gateway, topic)
    : failed(nullableName ? null : '', ErrorCode.UNKNOWN_TOPIC_ID, topicId);
}
