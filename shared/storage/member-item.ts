import { decodePartitionSet, encodePartitionSet } from '../groups/partition-set.ts';
import type { MemberRecord, Subscription } from '../groups/ports.ts';
import { N, S, readN, readS, type Item } from './attributes.ts';
import { groupPk } from './group-item.ts';

/**
 * Member item, under its group's partition key:
 *
 *   pk = "group#{groupId}", sk = "member#{memberId}",
 *   clientId (S), memberEpoch (N), previousEpoch (N), heartbeat (N, ms), joinedAt (N),
 *   subscription (S: JSON {topics, pattern?}), held (S: "topic=0-3;..."), leaseUntil (N),
 *   revokeDeadline (N, only while revocations are owed), ttl (N, epoch seconds)
 *
 * Every heartbeat rewrites it, conditional on the epoch and heartbeat it read. `ttl` lets DynamoDB
 * drop members of abandoned groups a week after their last heartbeat; nothing relies on it.
 */
export const MEMBER_SK_PREFIX = 'member#';
export const MEMBER_TTL_SECONDS = 7 * 24 * 3600;

export function memberKey(groupId: string, memberId: string): Item {
  return { pk: S(groupPk(groupId)), sk: S(`${MEMBER_SK_PREFIX}${memberId}`) };
}

export function isMemberItem(item: Item): boolean {
  return item.sk?.S?.startsWith(MEMBER_SK_PREFIX) ?? false;
}

export function encodeMember(m: MemberRecord): Item {
  const subscription: Subscription = m.subscription.pattern === undefined ? { topics: m.subscription.topics } : m.subscription;
  return {
    ...memberKey(m.groupId, m.memberId),
    clientId: S(m.clientId),
    memberEpoch: N(m.memberEpoch),
    previousEpoch: N(m.previousEpoch),
    heartbeat: N(m.lastHeartbeat),
    joinedAt: N(m.joinedAt),
    subscription: S(JSON.stringify(subscription)),
    held: S(encodePartitionSet(m.held)),
    leaseUntil: N(m.leaseUntil),
    ...(m.revokeDeadline !== undefined ? { revokeDeadline: N(m.revokeDeadline) } : {}),
    ttl: N(Math.ceil(m.lastHeartbeat / 1000) + MEMBER_TTL_SECONDS),
  };
}

export function decodeMember(item: Item): MemberRecord {
  const raw = JSON.parse(readS(item, 'subscription')) as Subscription;
  const m: MemberRecord = {
    groupId: readS(item, 'pk').slice('group#'.length),
    memberId: readS(item, 'sk').slice(MEMBER_SK_PREFIX.length),
    clientId: readS(item, 'clientId'),
    memberEpoch: readN(item, 'memberEpoch'),
    previousEpoch: readN(item, 'previousEpoch'),
    lastHeartbeat: readN(item, 'heartbeat'),
    joinedAt: readN(item, 'joinedAt'),
    subscription: raw.pattern === undefined ? { topics: raw.topics } : { topics: raw.topics, pattern: raw.pattern },
    held: decodePartitionSet(readS(item, 'held')),
    leaseUntil: readN(item, 'leaseUntil'),
  };
  if (item.revokeDeadline) m.revokeDeadline = readN(item, 'revokeDeadline');
  return m;
}
