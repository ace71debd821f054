/**
 * CreateTopics onto the engine's topics. One logical broker leads every partition and the object
 * store keeps the data durable, so any positive replication factor (or -1, "the default") is
 * accepted and the topic reports a factor of 1, as Metadata shows one replica. Manual replica
 * assignments have nothing to place and are refused with INVALID_REQUEST. validateOnly runs every
 * check the create would, including whether the name is taken, and stores nothing.
 */
import type { CreateTopicInput } from '../../../shared/log/topics.ts';
import type { TopicRecord } from '../../../shared/log/ports.ts';
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { CreateTopics } from '../../messages/create-topics.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { ZERO_UUID } from '../../protocol/uuid.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { dataPlane } from '../data/data-plane.ts';
import { topicConfigEntries } from './config-entries.ts';
import { duplicated, failure, Refusal, SUCCESS } from './outcome.ts';

export const createTopicsHandler: HandlerFactory = (gw) => ({
  schema: CreateTopics,
  async handle(request) {
    const topics = request.topics as Message[];
    const twice = duplicated(topics.map((t) => t.name as string));
    // A name given twice is answered once, refused.
    const seen = new Set<string>();
    const once = topics.filter((t) => !seen.has(t.name) && seen.add(t.name));
    const results = await mapLimit(once, 8, async (t) => {
      if (twice.has(t.name)) return refused(t.name, new Refusal(ErrorCode.INVALID_REQUEST, `topic ${t.name} is named twice in the request`));
      try {
        const input = toInput(gw, t);
        if (request.validateOnly) return created(await check(gw, input));
        const topic = await gw.engine.topics.create(input);
        // Its id is handed out here; a Fetch v13 naming it next needs no topic-list read.
        dataPlane(gw).topicIds.learn(topic.id, topic.name);
        return created(topic);
      } catch (e) {
        return refused(t.name, e);
      }
    });
    return { throttleTimeMs: 0, topics: results };
  },
});

function toInput(gw: GatewayContext, t: Message): CreateTopicInput {
  if ((t.assignments as unknown[]).length > 0) {
    throw new Refusal(ErrorCode.INVALID_REQUEST, 'manual replica assignment is not supported: one logical broker leads every partition; give numPartitions instead');
  }
  const rf = t.replicationFactor as number;
  if (rf !== -1 && rf < 1) throw new Refusal(ErrorCode.INVALID_REPLICATION_FACTOR, `replication factor must be -1 (the default) or positive; got ${rf}`);
  const configs: Record<string, string> = {};
  for (const c of t.configs as Array<{ name: string; value: string | null }>) {
    if (Object.hasOwn(configs, c.name)) throw new Refusal(ErrorCode.INVALID_REQUEST, `config ${c.name} is given twice`);
    if (c.value === null) throw new Refusal(ErrorCode.INVALID_CONFIG, `config ${c.name} has a null value`);
    configs[c.name] = c.value;
  }
  const n = t.numPartitions as number;
  return { name: t.name, partitions: n === -1 ? gw.options.defaultPartitions : n, configs };
}

/** Everything create checks, without the write; a taken name is refused as the create would refuse it. */
async function check(gw: GatewayContext, input: CreateTopicInput): Promise<TopicRecord> {
  const topic = gw.engine.topics.prepare(input);
  if (await gw.engine.storage.topics.get(input.name)) throw new Refusal(ErrorCode.TOPIC_ALREADY_EXISTS, `topic ${input.name} already exists`);
  return topic;
}

function created(topic: TopicRecord): Message {
  return {
    name: topic.name,
    topicId: topic.id,
    ...SUCCESS,
    numPartitions: topic.partitions,
    replicationFactor: 1,
    configs: topicConfigEntries(topic).map((e) => ({ name: e.name, value: e.value, readOnly: e.readOnly, configSource: e.configSource, isSensitive: e.isSensitive })),
  };
}

function refused(name: string, err: unknown): Message {
  return { name, topicId: ZERO_UUID, ...failure(err), numPartitions: -1, replicationFactor: -1, configs: [] };
}
