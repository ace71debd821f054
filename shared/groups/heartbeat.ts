import { randomUUID } from 'node:crypto';
import { SluiceError } from '../api/errors.ts';
import { applyGroupConfigs, DEFAULT_GROUP_CONFIGS, type GroupConfigs } from './configs.ts';
import type { GroupDeps } from './deps.ts';
import { fencedMemberEpoch, groupBusy, unknownMember } from './errors.ts';
import { applyLeasePlan, releaseQuietly } from './lease-actions.ts';
import { expiryReason, isLive } from './membership.ts';
import { validateGroupId, validateMemberId } from './names.ts';
import { fromKeys, fromList, toKeys, toList, type TopicPartitions } from './partition-set.ts';
import type { GroupRecord, MemberRecord } from './ports.ts';
import { planReconcile } from './reconcile.ts';
import { settleGroup } from './settle.ts';
import { normalizeSubscription, sameSubscription } from './subscription.ts';

export interface HeartbeatRequest {
  /** Required after the join; at the join, absent means the coordinator picks one. */
  memberId?: string;
  /** 0 to join; then the epoch the last answer gave. */
  memberEpoch: number;
  clientId?: string;
  /** Required to join; afterwards only when it changes. */
  subscription?: { topics?: string[]; pattern?: string };
  /** Every partition the member still owns: assigned, and not yet revoked by it. */
  ownedPartitions: TopicPartitions[];
  /** Configs for the group if this heartbeat creates it (wire names); ignored otherwise. */
  groupConfigs?: Record<string, string | number>;
}

export interface HeartbeatResponse {
  memberId: string;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  sessionTimeoutMs: number;
  /** The member may process its assignment for this long from when it sent the request. */
  leaseExpiresInMs: number;
  /** What the member may own now: partitions it holds the lease of, in its target. */
  assignment: TopicPartitions[];
  /** Target partitions it does not have yet (another member has not released them, or it owes revocations). */
  pending: TopicPartitions[];
}

/**
 * The one call of the consumer protocol (KIP-848's ConsumerGroupHeartbeat): joins, stays alive,
 * reports what the member owns, and answers with its epoch and what it may own now.
 *
 * Steps, each write conditional on what was read: load the group and its members; create the
 * group on the first join; settle the group (expire dead members, new target assignment if the
 * inputs changed); release, renew and take this member's leases; write the member item. A lost
 * race at any step starts over from a fresh read.
 */
export async function heartbeat(deps: GroupDeps, groupId: string, req: HeartbeatRequest): Promise<HeartbeatResponse> {
  validateGroupId(groupId);
  if (req.memberId !== undefined) validateMemberId(req.memberId);
  if (req.memberEpoch !== 0 && req.memberId === undefined) throw new SluiceError('INVALID_REQUEST', 'memberId is required once the member has joined (memberEpoch > 0)');
  const memberId = req.memberId ?? randomUUID();
  const subscription = req.subscription ? normalizeSubscription(req.subscription) : undefined;
  const owned = fromList(req.ownedPartitions);
  const createConfigs = req.memberEpoch === 0 ? applyGroupConfigs(DEFAULT_GROUP_CONFIGS, req.groupConfigs ?? {}) : DEFAULT_GROUP_CONFIGS;

  for (let attempt = 0; attempt < deps.maxAttempts; attempt++) {
    const now = deps.now();
    const view = await deps.store.load(groupId);
    let group = view.group;
    if (!group) {
      if (req.memberEpoch !== 0) throw unknownMember(groupId, memberId, 'the group does not exist');
      const created = newGroup(groupId, createConfigs, now);
      if (!(await deps.store.createGroup(created))) continue;
      group = created;
    }
    let seen = view.members.find((m) => m.memberId === memberId);
    const self = admit(group, seen, { ...req, memberId, subscription }, now);
    let members = view.members;
    if (!seen) {
      // A joiner writes its item first, so that whichever heartbeat settles the group next counts
      // it: a crowd joining at once is folded into a few new epochs instead of one each.
      if (!(await deps.store.putMember(self, undefined))) continue;
      seen = self;
      members = [...members, self];
    }
    const settled = await settleGroup(deps, group, members, now, self);
    if (!settled) continue;
    group = settled;

    const target = group.assignment.get(memberId) ?? new Map();
    const { configs } = group;
    const plan = planReconcile({
      held: self.held, owned, target,
      memberEpoch: self.memberEpoch, groupEpoch: group.epoch,
      leaseUntil: self.leaseUntil, now, ...(self.revokeDeadline !== undefined ? { revokeDeadline: self.revokeDeadline } : {}),
      sessionTimeoutMs: configs.sessionTimeoutMs, rebalanceTimeoutMs: configs.rebalanceTimeoutMs,
    });
    const leases = await applyLeasePlan(deps, groupId, memberId, plan, now, configs.sessionTimeoutMs, self.leaseUntil);
    const next: MemberRecord = {
      ...self,
      memberEpoch: plan.memberEpoch,
      previousEpoch: plan.memberEpoch === self.memberEpoch ? self.previousEpoch : self.memberEpoch,
      held: fromKeys(leases.held),
      leaseUntil: leases.leaseUntil,
    };
    if (plan.revokeDeadline === undefined) delete next.revokeDeadline;
    else next.revokeDeadline = plan.revokeDeadline;
    if (!(await deps.store.putMember(next, seen))) {
      await releaseQuietly(deps, groupId, memberId, leases.acquired);
      continue;
    }
    const revoking = new Set(plan.revoke);
    const targetKeys = toKeys(target);
    const assignment = [...leases.held].filter((k) => !revoking.has(k));
    return {
      memberId,
      memberEpoch: next.memberEpoch,
      heartbeatIntervalMs: configs.heartbeatIntervalMs,
      sessionTimeoutMs: configs.sessionTimeoutMs,
      leaseExpiresInMs: leases.leaseUntil ? Math.max(0, leases.leaseUntil - now) : 0,
      assignment: toList(fromKeys(assignment)),
      pending: toList(fromKeys([...targetKeys].filter((k) => !leases.held.has(k)))),
    };
  }
  throw groupBusy(groupId);
}

function newGroup(groupId: string, configs: GroupConfigs, now: number): GroupRecord {
  return { groupId, version: 1, epoch: 0, configs, assignment: new Map(), inputs: '', createdAt: now };
}

/**
 * The member's record as this heartbeat will write it, after the fencing checks: a known member
 * must send its current epoch (or the previous one, when retrying a lost answer) and must still be
 * live; a join (epoch 0) is new, or a retry of a join whose answer was lost.
 */
function admit(
  group: GroupRecord,
  seen: MemberRecord | undefined,
  req: HeartbeatRequest & { memberId: string; subscription: MemberRecord['subscription'] | undefined },
  now: number,
): MemberRecord {
  const { groupId } = group;
  if (!seen) {
    if (req.memberEpoch !== 0) throw unknownMember(groupId, req.memberId, 'it left or was expired');
    if (!req.subscription) throw new SluiceError('INVALID_REQUEST', 'a joining member (memberEpoch 0) must send its subscription');
    return {
      groupId, memberId: req.memberId, clientId: req.clientId ?? '', memberEpoch: 0, previousEpoch: 0,
      lastHeartbeat: now, joinedAt: now, subscription: req.subscription, held: new Map(), leaseUntil: 0,
    };
  }
  if (!isLive(seen, group.configs, now)) throw unknownMember(groupId, req.memberId, expiryReason(seen, group.configs, now));
  if (req.memberEpoch !== 0 && req.memberEpoch !== seen.memberEpoch && req.memberEpoch !== seen.previousEpoch) {
    throw fencedMemberEpoch(groupId, req.memberId, req.memberEpoch, seen.memberEpoch);
  }
  const subscription = req.subscription && !sameSubscription(req.subscription, seen.subscription) ? req.subscription : seen.subscription;
  return { ...seen, lastHeartbeat: now, subscription, ...(req.clientId !== undefined ? { clientId: req.clientId } : {}) };
}
