/**
 * SyncGroup: the member's server-side assignment, encoded as the consumer protocol's Assignment.
 * Assignments sent by a client are ignored (every member was told it is a follower).
 *
 * The member renews itself (a heartbeat that gives nothing up) and gets what it may own now: the
 * partitions of its target whose lease it holds. It gets them only when that is its whole target,
 * so that from here until its next join the client owns exactly what the coordinator records it
 * holding, and Heartbeat can tell from storage alone when that changes. Otherwise:
 * - its epoch moved since the join (the group changed): REBALANCE_IN_PROGRESS, rejoin;
 * - part of its target is still held by others: it waits a little (SYNC_WAIT_MS, renewing itself),
 *   then REBALANCE_IN_PROGRESS, rejoin (the join waits longer);
 * - it holds partitions it must give up (a cooperative client, or the group changed since the
 *   join): it gets the rest, revokes those, and its next heartbeat sends it back to rejoin.
 */
import { encodeAssignment } from '../../protocol/consumer-protocol.ts';
import { SyncGroup } from '../../messages/sync-group.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { toKafkaError } from '../error-map.ts';
import type { HandlerFactory, Message } from '../types.ts';
import { heldKeys, heldList, memberRequestError, keysOf, loadMember, missing } from './member.ts';
import { pause, POLL_MS } from './wait.ts';

/** How long SyncGroup waits for the last partitions of a target before sending the member back to join. */
export const SYNC_WAIT_MS = 5_000;

export const syncGroupHandler: HandlerFactory = (gateway) => ({
  schema: SyncGroup,
  async handle(req, ctx) {
    const answer = (errorCode: number, assignment: Buffer = Buffer.alloc(0)): Message => ({
      throttleTimeMs: 0,
      errorCode,
      protocolType: 'consumer',
      protocolName: req.protocolName ?? null,
      assignment,
    });
    const { groupId, memberId } = req as { groupId: string; memberId: string };
    const generation = req.generationId as number;
    const refused = memberRequestError(groupId, memberId, generation);
    if (refused !== undefined) return answer(refused);
    try {
      const deadline = gateway.now() + SYNC_WAIT_MS;
      for (;;) {
        const member = await loadMember(gateway.groups, groupId, memberId);
        if (!member) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
        const res = await gateway.groups.heartbeat(groupId, { memberId, memberEpoch: generation, ownedPartitions: heldList(member) });
        if (res.memberEpoch !== generation) return answer(ErrorCode.REBALANCE_IN_PROGRESS);
        const givingUp = missing(heldKeys(member), keysOf(res.assignment)).length > 0;
        if (res.pending.length === 0 || givingUp) return answer(ErrorCode.NONE, encodeAssignment({ assignedPartitions: res.assignment, userData: null }));
        if (gateway.now() >= deadline || ctx.signal.aborted) return answer(ErrorCode.REBALANCE_IN_PROGRESS);
        await pause(POLL_MS, ctx.signal);
      }
    } catch (err) {
      return answer(toKafkaError(err));
    }
  },
});
