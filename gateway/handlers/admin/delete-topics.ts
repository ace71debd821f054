/**
 * DeleteTopics onto the engine's topics: by name, or from v6 by topic id. A delete that names an
 * id (alone or with the name) is conditional on the name still belonging to that id, so a topic
 * recreated meanwhile is kept.
 */
import { validateTopicName } from '../../../shared/api/topic-name.ts';
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { DeleteTopics } from '../../messages/delete-topics.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { ZERO_UUID } from '../../protocol/uuid.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { failure, Refusal, SUCCESS } from './outcome.ts';

interface Target {
  name: string | null;
  topicId: string;
}

export const deleteTopicsHandler: HandlerFactory = (gw) => ({
  schema: DeleteTopics,
  async handle(request, ctx) {
    const targets: Target[] = ctx.apiVersion >= 6 ? request.topics : (request.topicNames as string[]).map((name) => ({ name, topicId: ZERO_UUID }));
    const responses = await mapLimit(targets, 8, (t) => deleteOne(gw, t));
    return { throttleTimeMs: 0, responses };
  },
});

async function deleteOne(gw: GatewayContext, t: Target): Promise<Message> {
  try {
    const withId = t.topicId !== ZERO_UUID;
    if (t.name !== null) validateTopicName(t.name);
    const name = t.name ?? (await nameOf(gw, t.topicId));
    const deleted = await gw.engine.topics.delete(name, withId ? t.topicId : undefined);
    return { name: deleted.name, topicId: deleted.id, ...SUCCESS };
  } catch (e) {
    return { name: t.name, topicId: t.topicId, ...failure(e) };
  }
}

async function nameOf(gw: GatewayContext, id: string): Promise<string> {
  const topic = (await gw.engine.topics.list()).find((t) => t.id === id);
  if (!topic) throw new Refusal(ErrorCode.UNKNOWN_TOPIC_ID, `no topic has id ${id}`);
  return topic.name;
}
