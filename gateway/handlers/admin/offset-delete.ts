/**
 * OffsetDelete: forgets a group's committed offsets for some partitions, so its next consumer of
 * them starts from its reset policy. As in Kafka, offsets of a topic a live member subscribes to
 * stay (GROUP_SUBSCRIBED_TO_TOPIC), an unknown group fails the whole request, and an unknown
 * topic or partition fails its own entries.
 */
import { validateTopicName } from '../../../shared/api/topic-name.ts';
import { OffsetDelete } from '../../messages/offset-delete.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { failure } from './outcome.ts';

export const offsetDeleteHandler: HandlerFactory = (gw) => ({
  schema: OffsetDelete,
  async handle(request) {
    const groupId = request.groupId as string;
    try {
      if ((await gw.groups.state(groupId)) === undefined) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, throttleTimeMs: 0, topics: [] };
    } catch (e) {
      return { errorCode: failure(e).errorCode, throttleTimeMs: 0, topics: [] };
    }
    const topics: Message[] = [];
    // One topic at a time: each reads the group's members once, and requests name few topics.
    for (const t of request.topics as Message[]) {
      const partitions = (t.partitions as Message[]).map((p) => p.partitionIndex as number);
      topics.push({ name: t.name, partitions: await deleteTopicOffsets(gw, groupId, t.name, partitions) });
    }
    return { errorCode: 0, throttleTimeMs: 0, topics };
  },
});

async function deleteTopicOffsets(gw: GatewayContext, groupId: string, name: string, partitions: number[]): Promise<Message[]> {
  try {
    validateTopicName(name);
    const topic = await gw.engine.topics.get(name);
    const known = partitions.filter((p) => p >= 0 && p < topic.partitions);
    const rows = new Map((await gw.groups.deleteOffsets(groupId, name, [...new Set(known)])).map((r) => [r.partition, r.deleted]));
    return partitions.map((partitionIndex) => {
      const deleted = rows.get(partitionIndex);
      const errorCode = deleted === undefined ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : deleted ? 0 : ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC;
      return { partitionIndex, errorCode };
    });
  } catch (e) {
    const { errorCode } = failure(e);
    return partitions.map((partitionIndex) => ({ partitionIndex, errorCode }));
  }
}
