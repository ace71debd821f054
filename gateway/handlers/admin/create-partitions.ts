/**
 * CreatePartitions onto the engine: a topic only grows (INVALID_PARTITIONS otherwise), as in
 * Kafka. Manual assignments have nothing to place with one logical broker and are refused.
 * validateOnly checks the growth against the topic as stored, without changing it.
 */
import { validateTopicName } from '../../../shared/api/topic-name.ts';
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { grownTo } from '../../../shared/log/topics.ts';
import { CreatePartitions } from '../../messages/create-partitions.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { duplicated, failure, Refusal, SUCCESS } from './outcome.ts';

export const createPartitionsHandler: HandlerFactory = (gw) => ({
  schema: CreatePartitions,
  async handle(request) {
    const topics = request.topics as Message[];
    const twice = duplicated(topics.map((t) => t.name as string));
    const results = await mapLimit(topics, 8, async (t) => {
      try {
        if (twice.has(t.name)) throw new Refusal(ErrorCode.INVALID_REQUEST, `topic ${t.name} is named twice in the request`);
        await grow(gw, t, request.validateOnly as boolean);
        return { name: t.name, ...SUCCESS };
      } catch (e) {
        return { name: t.name, ...failure(e) };
      }
    });
    return { throttleTimeMs: 0, results };
  },
});

async function grow(gw: GatewayContext, t: Message, validateOnly: boolean): Promise<void> {
  validateTopicName(t.name);
  if (t.assignments !== null && (t.assignments as unknown[]).length > 0) {
    throw new Refusal(ErrorCode.INVALID_REQUEST, 'manual replica assignment is not supported: one logical broker leads every partition; give the count only');
  }
  if (validateOnly) grownTo(await gw.engine.topics.get(t.name), t.count);
  else await gw.engine.topics.createPartitions(t.name, t.count);
}
