/**
 * JoinGroup: a Sluice heartbeat that joins (member epoch 0), with the subscription and owned
 * partitions decoded from the member's preferred protocol. The server assigns, so every member
 * is told it is a follower (the leader is nobody, `members` is empty) and no client runs an
 * assignor; the generation is the member's Sluice epoch.
 *
 * A member is only ever handed its whole target (see sync-group.ts), so the join waits, renewing
 * the member, until the partitions of its target are free for it to take: the previous owners
 * give them up on their next heartbeat (answered REBALANCE_IN_PROGRESS) and rejoin. Kafka's
 * clients expect a join to wait for a rebalance (they allow the rebalance timeout). A member
 * that still owns partitions it must give up (a cooperative client) is answered at once: it
 * learns from SyncGroup what to revoke and rejoins after revoking.
 */
import { randomUUID } from 'node:crypto';
import type { HeartbeatResponse } from '../../../shared/groups/heartbeat.ts';
import { JoinGroup } from '../../messages/join-group.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { toKafkaError } from '../error-map.ts';
import type { HandlerFactory, Message } from '../types.ts';
import { isValidGroupId, isValidMemberId, keysOf, missing } from './member.ts';
import { offeredSubscription } from './subscription.ts';
import { groupConfigsForJoin } from './timeouts.ts';
import { pause, POLL_MS } from './wait.ts';

/** Longest a join waits for its target's partitions to be released, whatever the rebalance timeout. */
export const JOIN_WAIT_CAP_MS = 30_000;

/** The leader every member is told of: nobody, so no client computes an assignment. */
export const NO_LEADER = '';

export const joinGroupHandler: HandlerFactory = (gateway) => ({
  schema: JoinGroup,
  async handle(req, ctx) {
    const v = ctx.apiVersion;
    const answer = (errorCode: number, memberId: string, rest: Message = {}): Message => ({
      throttleTimeMs: 0,
      errorCode,
      generationId: -1,
      protocolType: v >= 7 ? 'consumer' : null,
      protocolName: v >= 7 ? null : '',
      leader: NO_LEADER,
      skipAssignment: false,
      memberId,
      members: [],
      ...rest,
    });
    const groupId = req.groupId as string;
    if (!isValidGroupId(groupId)) return answer(ErrorCode.INVALID_GROUP_ID, req.memberId);
    const offered = req.protocolType === 'consumer' ? offeredSubscription(req.protocols) : undefined;
    if (!offered) return answer(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId);
    const groupConfigs = groupConfigsForJoin(req.sessionTimeoutMs, req.rebalanceTimeoutMs);
    if (!groupConfigs) return answer(ErrorCode.INVALID_SESSION_TIMEOUT, req.memberId);

    let memberId = req.memberId as string;
    if (memberId === '') {
      memberId = randomUUID();
      // As Kafka does from v4: the id first, the join next, so a lost answer leaves no member behind.
      if (v >= 4) return answer(ErrorCode.MEMBER_ID_REQUIRED, memberId);
    } else if (!isValidMemberId(memberId)) {
      return answer(ErrorCode.UNKNOWN_MEMBER_ID, memberId);
    }

    const join = () =>
      gateway.groups.heartbeat(groupId, {
        memberId,
        memberEpoch: 0,
        clientId: ctx.clientId ?? '',
        subscription: { topics: offered.topics },
        ownedPartitions: offered.owned,
        groupConfigs,
      });
    try {
      let res = await join();
      const rebalanceMs = req.rebalanceTimeoutMs > 0 ? req.rebalanceTimeoutMs : req.sessionTimeoutMs;
      const deadline = gateway.now() + Math.min(JOIN_WAIT_CAP_MS, Math.max(0, rebalanceMs - 1_000));
      while (!readyToSync(res, offered.owned) && gateway.now() < deadline && !ctx.signal.aborted) {
        await pause(POLL_MS, ctx.signal);
        res = await join();
      }
      return answer(ErrorCode.NONE, memberId, {
        generationId: res.memberEpoch,
        protocolType: 'consumer',
        protocolName: offered.protocolName,
      });
    } catch (err) {
      return answer(toKafkaError(err), memberId);
    }
  },
});

/**
 * Whether SyncGroup can answer now: the member's whole target is held, or it still owns partitions
 * that are no longer in its target (a cooperative client: it revokes them after SyncGroup and
 * rejoins, and the rest comes then). A partition it owns that is still in its target but not
 * yet held is waited for like the others.
 */
export function readyToSync(res: Pick<HeartbeatResponse, 'assignment' | 'pending'>, owned: Parameters<typeof keysOf>[0]): boolean {
  if (res.pending.length === 0) return true;
  const target = new Set([...keysOf(res.assignment), ...keysOf(res.pending)]);
  return missing(keysOf(owned), target).length > 0;
}
