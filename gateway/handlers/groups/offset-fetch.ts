/**
 * OffsetFetch: the group's committed offsets, read from the same partition leases the HTTPS API
 * and the SDK commit to (one group, one set of offsets, whichever door). A partition with
 * nothing committed, of a topic that does not exist, or of a group that does not exist, reads -1
 * with no error, as in Kafka. A null topic list (v2+) asks for every offset the group committed.
 * v8 asks for several groups; each is read on its own.
 */
import type { CommittedOffset } from '../../../shared/groups/commits.ts';
import { isSluiceError } from '../../../shared/api/errors.ts';
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { OffsetFetch } from '../../messages/offset-fetch.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { toKafkaError } from '../error-map.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { isValidGroupId } from './member.ts';

type TopicRequest = { name: string; partitionIndexes: number[] };

interface GroupOffsets {
  topics: Message[];
  errorCode: number;
}

/** Groups of one v8 request read at once. */
const GROUPS_IN_FLIGHT = 4;

export const offsetFetchHandler: HandlerFactory = (gateway) => ({
  schema: OffsetFetch,
  async handle(req, ctx) {
    const v = ctx.apiVersion;
    if (v >= 8) {
      const groups = req.groups as Array<{ groupId: string; topics: TopicRequest[] | null }>;
      const answers = await mapLimit(groups, GROUPS_IN_FLIGHT, async (g) => ({ groupId: g.groupId, ...(await groupOffsets(gateway, g.groupId, g.topics)) }));
      return { throttleTimeMs: 0, groups: answers };
    }
    const answer = await groupOffsets(gateway, req.groupId, req.topics);
    // v0-1 have no top-level error: each partition carries it.
    if (v < 2 && answer.errorCode !== ErrorCode.NONE) {
      for (const t of answer.topics) for (const p of t.partitions as Message[]) p.errorCode = answer.errorCode;
    }
    return { throttleTimeMs: 0, ...answer };
  },
});

async function groupOffsets(gateway: GatewayContext, groupId: string, topics: TopicRequest[] | null): Promise<GroupOffsets> {
  const none = (errorCode: number): GroupOffsets => ({
    topics: (topics ?? []).map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((p) => entry(p, undefined)) })),
    errorCode,
  });
  if (!isValidGroupId(groupId)) return none(ErrorCode.INVALID_GROUP_ID);
  try {
    if (topics === null) {
      const { offsets } = await gateway.groups.fetchOffsets(groupId);
      const byTopic = new Map<string, Message[]>();
      for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), entry(o.partition, o)]);
      return { topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })), errorCode: ErrorCode.NONE };
    }
    const answered: Message[] = [];
    for (const t of topics) answered.push({ name: t.name, partitions: await topicOffsets(gateway, groupId, t) });
    return { topics: answered, errorCode: ErrorCode.NONE };
  } catch (err) {
    return none(toKafkaError(err));
  }
}

async function topicOffsets(gateway: GatewayContext, groupId: string, t: TopicRequest): Promise<Message[]> {
  let committed: CommittedOffset[] = [];
  try {
    committed = (await gateway.groups.fetchOffsets(groupId, t.name)).offsets;
  } catch (err) {
    // An unknown (or unnamable) topic has no committed offsets; anything else fails the group.
    if (!isSluiceError(err) || (err.code !== 'UNKNOWN_TOPIC' && err.code !== 'INVALID_TOPIC_NAME')) throw err;
  }
  const byPartition = new Map(committed.map((o) => [o.partition, o]));
  return t.partitionIndexes.map((p) => entry(p, byPartition.get(p)));
}

function entry(partitionIndex: number, o: CommittedOffset | undefined): Message {
  const offset = o && o.offset >= 0 ? o.offset : -1;
  return {
    partitionIndex,
    committedOffset: BigInt(offset),
    committedLeaderEpoch: -1,
    metadata: offset >= 0 ? (o?.metadata ?? '') : '',
    errorCode: ErrorCode.NONE,
  };
}
