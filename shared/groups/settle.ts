import type { GroupDeps } from './deps.ts';
import { splitMembers } from './membership.ts';
import type { GroupRecord, MemberRecord } from './ports.ts';
import { planTarget } from './target.ts';

/** Expired members removed per write: a transaction holds at most 100 items, one is the group. */
export const MAX_EXPIRED_PER_WRITE = 90;

/**
 * Brings the group item up to date with its members: expires the members that missed their
 * session or rebalance timeout, and recomputes the target assignment (new group epoch) when the
 * live members, their subscriptions or the subscribed topics changed. One conditional write on
 * the group's version, deleting the expired member items in the same transaction.
 *
 * `members` are the member items as read; `self`, when given, is the calling member's record as
 * it is about to be written (alive now). Returns the group as it now stands, or undefined when
 * another writer won the race (the caller reloads and tries again).
 */
export async function settleGroup(
  deps: GroupDeps,
  group: GroupRecord,
  members: readonly MemberRecord[],
  now: number,
  self?: MemberRecord,
): Promise<GroupRecord | undefined> {
  const all = self ? [...members.filter((m) => m.memberId !== self.memberId), self] : [...members];
  const { live, expired } = splitMembers(all, group.configs, now);
  let plan = planTarget(group, live, await deps.topicView.topics());
  // About to change the assignment because of what a cached topic list says: check a fresh one.
  if (plan.assignment) plan = planTarget(group, live, await deps.topicView.topics(true));
  if (!plan.assignment && expired.length === 0) return group;
  const next: GroupRecord = {
    ...group,
    version: group.version + 1,
    epoch: plan.assignment ? group.epoch + 1 : group.epoch,
    assignment: plan.assignment ?? group.assignment,
    inputs: plan.inputs,
  };
  const ok = await deps.store.replaceGroup(next, group.version, expired.slice(0, MAX_EXPIRED_PER_WRITE));
  return ok ? next : undefined;
}
