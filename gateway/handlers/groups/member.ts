/**
 * What the classic handlers read of a member before they heartbeat for it. A classic client says
 * only "I am alive at generation G"; what it owns is what SyncGroup gave it, which the gateway
 * does not remember (any gateway may serve the next request). The coordinator's record of the
 * member's leases stands in for it: the gateway hands a member only partitions whose lease it
 * holds, so "owned" is at most "held", and reporting every held lease as owned never releases a
 * partition the client may still be processing.
 */
import { validateGroupId, validateMemberId } from '../../../shared/groups/names.ts';
import { toKeys, toList, type TopicPartitions } from '../../../shared/groups/partition-set.ts';
import type { MemberRecord } from '../../../shared/groups/ports.ts';
import type { GroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { isLive } from '../../../shared/groups/membership.ts';
import { ErrorCode } from '../../protocol/errors.ts';

/** The member's stored record, or undefined when the group or the member does not exist. */
export async function loadMember(groups: GroupCoordinator, groupId: string, memberId: string): Promise<MemberRecord | undefined> {
  const view = await groups.deps.store.load(groupId);
  if (!view.group) return undefined;
  return view.members.find((m) => m.memberId === memberId);
}

/** Every lease the member holds, as the `ownedPartitions` of a heartbeat that gives nothing up. */
export function heldList(member: MemberRecord): TopicPartitions[] {
  return toList(member.held);
}

export function keysOf(list: readonly TopicPartitions[]): Set<string> {
  const keys = new Set<string>();
  for (const { topic, partitions } of list) for (const p of partitions) keys.add(`${topic}:${p}`);
  return keys;
}

export function heldKeys(member: MemberRecord): Set<string> {
  return toKeys(member.held);
}

export function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((k) => b.has(k));
}

/** Keys of `a` missing from `b`. */
export function missing(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((k) => !b.has(k));
}

/** Whether a group id is one Sluice accepts (Kafka's are freer: those get INVALID_GROUP_ID). */
export function isValidGroupId(groupId: string): boolean {
  try {
    validateGroupId(groupId);
    return true;
  } catch {
    return false;
  }
}

/** Whether a member id could be one this gateway handed out; any other is unknown to the group. */
export function isValidMemberId(memberId: string): boolean {
  try {
    validateMemberId(memberId);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a member's commit was fenced, in Kafka's terms: a member the group no longer has (left,
 * expired) is UNKNOWN_MEMBER_ID; any other (a stale generation, or a partition it no longer
 * holds) is ILLEGAL_GENERATION, which sends a classic client back to rejoin.
 */
export async function fencedCommitError(groups: GroupCoordinator, groupId: string, memberId: string): Promise<number> {
  const view = await groups.deps.store.load(groupId);
  const member = view.members.find((m) => m.memberId === memberId);
  if (!view.group || !member || !isLive(member, view.group.configs, groups.deps.now())) return ErrorCode.UNKNOWN_MEMBER_ID;
  return ErrorCode.ILLEGAL_GENERATION;
}

/**
 * The checks SyncGroup and Heartbeat make before reading anything: the error to answer with, or
 * undefined when the group id, member id and generation can name a member.
 */
export function memberRequestError(groupId: string, memberId: string, generation: number): number | undefined {
  if (!isValidGroupId(groupId)) return ErrorCode.INVALID_GROUP_ID;
  if (!isValidMemberId(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (generation < 1) return ErrorCode.ILLEGAL_GENERATION;
  return undefined;
}
