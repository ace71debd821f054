/**
 * LeaveGroup: each member leaves at once (its leases are released, so its partitions move
 * without waiting for its session to expire). v3+ answers per member. Static members (a group
 * instance id without a member id) are not kept apart from dynamic ones, so they are unknown.
 */
import { LeaveGroup } from '../../messages/leave-group.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { toKafkaError } from '../error-map.ts';
import type { GatewayContext, HandlerFactory } from '../types.ts';
import { isValidGroupId, isValidMemberId } from './member.ts';

export const leaveGroupHandler: HandlerFactory = (gateway) => ({
  schema: LeaveGroup,
  async handle(req, ctx) {
    const groupId = req.groupId as string;
    if (ctx.apiVersion < 3) {
      const errorCode = isValidGroupId(groupId) ? await leave(gateway, groupId, req.memberId) : ErrorCode.INVALID_GROUP_ID;
      return { throttleTimeMs: 0, errorCode };
    }
    if (!isValidGroupId(groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
    const members = [];
    for (const m of req.members as Array<{ memberId: string; groupInstanceId: string | null }>) {
      members.push({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: await leave(gateway, groupId, m.memberId) });
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, members };
  },
});

async function leave(gateway: GatewayContext, groupId: string, memberId: string): Promise<number> {
  if (!isValidMemberId(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  try {
    await gateway.groups.leave(groupId, memberId);
    return ErrorCode.NONE;
  } catch (err) {
    // A group that does not exist has no such member, as Kafka answers.
    return toKafkaError(err, { UNKNOWN_GROUP: ErrorCode.UNKNOWN_MEMBER_ID });
  }
}
