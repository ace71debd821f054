/**
 * Heartbeat: a Sluice heartbeat at the member's generation that gives nothing up (every lease it
 * holds is reported owned, see member.ts). The member is sent back to rejoin
 * (REBALANCE_IN_PROGRESS) as soon as what it may own differs from what it was given:
 * - its epoch moved (the group's target changed and it has nothing to give up);
 * - a partition it holds is no longer in its target (another member needs it: it must revoke,
 *   and its rejoin releases it);
 * - part of its target is not held (a lease was lost, or a new partition waits for a release).
 * An expired or unknown member gets UNKNOWN_MEMBER_ID, a stale generation ILLEGAL_GENERATION.
 */
import { Heartbeat } from '../../messages/heartbeat.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { toKafkaError } from '../error-map.ts';
import type { HandlerFactory } from '../types.ts';
import { heldKeys, heldList, memberRequestError, keysOf, loadMember, sameKeys } from './member.ts';

export const heartbeatHandler: HandlerFactory = (gateway) => ({
  schema: Heartbeat,
  async handle(req) {
    const answer = (errorCode: number) => ({ throttleTimeMs: 0, errorCode });
    const { groupId, memberId } = req as { groupId: string; memberId: string };
    const generation = req.generationId as number;
    const refused = memberRequestError(groupId, memberId, generation);
    if (refused !== undefined) return answer(refused);
    try {
      const member = await loadMember(gateway.groups, groupId, memberId);
      if (!member) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
      const res = await gateway.groups.heartbeat(groupId, { memberId, memberEpoch: generation, ownedPartitions: heldList(member) });
      const stable = res.memberEpoch === generation && res.pending.length === 0 && sameKeys(keysOf(res.assignment), heldKeys(member));
      return answer(stable ? ErrorCode.NONE : ErrorCode.REBALANCE_IN_PROGRESS);
    } catch (err) {
      return answer(toKafkaError(err));
    }
  },
});
