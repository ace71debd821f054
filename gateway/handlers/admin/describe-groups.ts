/**
 * DescribeGroups: each group's state, its assignor as the protocol, and its live members with
 * their subscription and the partitions they hold, as consumer-protocol bytes that clients decode
 * with their own assignment decoders. A group that does not exist is answered as Kafka answers
 * it: no error, state Dead, no members.
 */
import { isSluiceError } from '../../../shared/api/errors.ts';
import type { MemberDescription } from '../../../shared/groups/describe.ts';
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { DescribeGroups } from '../../messages/describe-groups.ts';
import { encodeAssignment, encodeSubscription } from '../../protocol/consumer-protocol.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { GROUP_OPERATIONS, NOT_REQUESTED } from './acl-operations.ts';
import { classicState, DEAD_STATE, PROTOCOL_TYPE, UNKNOWN_HOST } from './group-view.ts';
import { failure } from './outcome.ts';

/** User data is written empty, not null: some clients read it as a plain (non-nullable) byte string. */
const NO_USER_DATA = Buffer.alloc(0);

export const describeGroupsHandler: HandlerFactory = (gw) => ({
  schema: DescribeGroups,
  async handle(request) {
    const operations = request.includeAuthorizedOperations ? GROUP_OPERATIONS : NOT_REQUESTED;
    const groups = await mapLimit(request.groups as string[], 8, (groupId) => describeOne(gw, groupId, operations));
    return { throttleTimeMs: 0, groups };
  },
});

async function describeOne(gw: GatewayContext, groupId: string, authorizedOperations: number): Promise<Message> {
  const empty = { groupId, protocolType: '', protocolData: '', members: [], authorizedOperations };
  try {
    const d = await gw.groups.describe(groupId);
    return {
      errorCode: 0,
      groupId,
      groupState: classicState(d.state),
      protocolType: PROTOCOL_TYPE,
      protocolData: d.members.length > 0 ? (d.configs.assignor ?? '') : '',
      members: d.members.map(member),
      authorizedOperations,
    };
  } catch (e) {
    if (isSluiceError(e) && e.code === 'UNKNOWN_GROUP') return { ...empty, errorCode: 0, groupState: DEAD_STATE };
    return { ...empty, errorCode: failure(e).errorCode, groupState: '' };
  }
}

function member(m: MemberDescription): Message {
  // A pattern subscription has no topic list of its own: the topics it holds stand for it.
  const topics = [...new Set([...m.subscription.topics, ...(m.subscription.pattern !== undefined ? m.assignment.map((a) => a.topic) : [])])].sort();
  return {
    memberId: m.memberId,
    groupInstanceId: null,
    clientId: m.clientId,
    clientHost: UNKNOWN_HOST,
    memberMetadata: encodeSubscription({ topics, userData: NO_USER_DATA }),
    memberAssignment: encodeAssignment({
      assignedPartitions: m.assignment.map((a) => ({ topic: a.topic, partitions: [...a.partitions] })),
      userData: NO_USER_DATA,
    }),
  };
}
