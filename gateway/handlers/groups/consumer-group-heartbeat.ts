/**
 * ConsumerGroupHeartbeat (KIP-848): the protocol Sluice's groups already speak, so each request is
 * one Sluice heartbeat, with topic ids for names. Members of this protocol and classic members
 * share groups, assignments and offsets.
 *
 * - Epoch 0 joins (v0: an empty member id gets one from the coordinator; v1: the client's own),
 *   -1 and -2 leave (static membership is not kept apart, so both are a leave).
 * - Null fields mean "unchanged": a null subscription keeps the stored one; null owned partitions
 *   report every lease the member holds as owned (a heartbeat that gives nothing up, see
 *   member.ts), since the client still owns whatever it owned when it last said.
 * - The answer always carries the member's assignment: what it may own now.
 * - A member that expired and rejoins with its id (v1 clients keep theirs for life) has its
 *   expired incarnation removed first, so it can join again.
 */
import { isSluiceError } from '../../../shared/api/errors.ts';
import type { HeartbeatRequest } from '../../../shared/groups/heartbeat.ts';
import type { TopicPartitions } from '../../../shared/groups/partition-set.ts';
import { ConsumerGroupHeartbeat } from '../../messages/consumer-group-heartbeat.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { kafkaErrorMessage, toKafkaError } from '../error-map.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { heldList, isValidGroupId, isValidMemberId, loadMember } from './member.ts';
import { idsOf, namesOf, type IdPartitions } from './topic-ids.ts';

const LEAVE_EPOCHS = new Set([-1, -2]);
const ASSIGNORS = new Set(['uniform', 'range']);

export const consumerGroupHeartbeatHandler: HandlerFactory = (gateway) => ({
  schema: ConsumerGroupHeartbeat,
  async handle(req, ctx) {
    const answer = (errorCode: number, rest: Message = {}): Message => ({
      throttleTimeMs: 0, errorCode, errorMessage: null, memberId: null, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null, ...rest,
    });
    const refuse = (errorCode: number, errorMessage: string) => answer(errorCode, { errorMessage });
    const groupId = req.groupId as string;
    const memberId = req.memberId as string;
    const epoch = req.memberEpoch as number;
    if (!isValidGroupId(groupId)) return refuse(ErrorCode.INVALID_GROUP_ID, 'group ids are 1 to 249 characters of letters, digits, ".", "_" and "-"');
    const joinWithoutId = epoch === 0 && memberId === '' && ctx.apiVersion === 0;
    if (!joinWithoutId && !isValidMemberId(memberId)) {
      return epoch === 0 ? refuse(ErrorCode.INVALID_REQUEST, 'a member id is 1 to 64 characters of letters, digits, "_" and "-"') : answer(ErrorCode.UNKNOWN_MEMBER_ID);
    }
    if (req.serverAssignor !== null && !ASSIGNORS.has(req.serverAssignor)) {
      return refuse(ErrorCode.UNSUPPORTED_ASSIGNOR, `server assignors are ${[...ASSIGNORS].join(' and ')}`);
    }
    try {
      if (LEAVE_EPOCHS.has(epoch)) {
        await gateway.groups.leave(groupId, memberId);
        return answer(ErrorCode.NONE, { memberId, memberEpoch: epoch });
      }
      const request = await sluiceRequest(gateway, groupId, req, joinWithoutId);
      if (!request) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
      const res = await heartbeatOrRejoin(gateway, groupId, request);
      return answer(ErrorCode.NONE, {
        memberId: res.memberId,
        memberEpoch: res.memberEpoch,
        heartbeatIntervalMs: res.heartbeatIntervalMs,
        assignment: { topicPartitions: await idsOf(gateway.groups, res.assignment) },
      });
    } catch (err) {
      return answer(toKafkaError(err, { FENCED_MEMBER_EPOCH: ErrorCode.FENCED_MEMBER_EPOCH, UNKNOWN_GROUP: ErrorCode.UNKNOWN_MEMBER_ID }), { errorMessage: kafkaErrorMessage(err) });
    }
  },
});

/** The Sluice heartbeat for the request; undefined when it reports nothing owned for a member the group does not have. */
async function sluiceRequest(gateway: GatewayContext, groupId: string, req: Message, joinWithoutId: boolean): Promise<HeartbeatRequest | undefined> {
  const epoch = req.memberEpoch as number;
  const names = req.subscribedTopicNames as string[] | null;
  const regex = (req.subscribedTopicRegex as string | null) ?? null;
  const owned = req.topicPartitions as IdPartitions[] | null;
  let ownedPartitions: TopicPartitions[];
  if (owned !== null) ownedPartitions = await namesOf(gateway.groups, owned);
  else if (epoch === 0) ownedPartitions = [];
  else {
    const member = await loadMember(gateway.groups, groupId, req.memberId);
    if (!member) return undefined;
    ownedPartitions = heldList(member);
  }
  const configs: Record<string, string | number> = {};
  if (req.rebalanceTimeoutMs > 0) configs['rebalance.timeout.ms'] = req.rebalanceTimeoutMs;
  if (req.serverAssignor !== null) configs.assignor = req.serverAssignor;
  return {
    ...(joinWithoutId ? {} : { memberId: req.memberId }),
    memberEpoch: epoch,
    ...(names !== null || regex !== null ? { subscription: { topics: names ?? [], ...(regex ? { pattern: regex } : {}) } } : {}),
    ownedPartitions,
    ...(epoch === 0 ? { groupConfigs: configs } : {}),
  };
}

/** The heartbeat; a join refused because the member's earlier incarnation expired removes that one and joins again. */
async function heartbeatOrRejoin(gateway: GatewayContext, groupId: string, req: HeartbeatRequest) {
  try {
    return await gateway.groups.heartbeat(groupId, req);
  } catch (err) {
    if (req.memberEpoch !== 0 || req.memberId === undefined || !isSluiceError(err) || err.code !== 'UNKNOWN_MEMBER') throw err;
    await gateway.groups.leave(groupId, req.memberId).catch(() => undefined);
    return gateway.groups.heartbeat(groupId, req);
  }
}
