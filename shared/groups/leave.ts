import type { GroupDeps } from './deps.ts';
import { fencedMemberEpoch, groupBusy, unknownGroup, unknownMember } from './errors.ts';
import { releaseQuietly } from './lease-actions.ts';
import { validateGroupId, validateMemberId } from './names.ts';
import { toKeys } from './partition-set.ts';
import { settleGroup } from './settle.ts';

/**
 * A member leaves (KafkaJS `consumer.disconnect()`, KIP-848's epoch -1), or an admin removes it:
 * its leases are released at once, so the partitions move without waiting for a session timeout,
 * then its item is deleted and the group settles without it. With `memberEpoch` the call is
 * fenced like a heartbeat; without it, it is an admin removal.
 */
export async function leaveGroup(deps: GroupDeps, groupId: string, memberId: string, memberEpoch?: number): Promise<{ groupId: string; memberId: string }> {
  validateGroupId(groupId);
  validateMemberId(memberId);
  for (let attempt = 0; attempt < deps.maxAttempts; attempt++) {
    const view = await deps.store.load(groupId);
    if (!view.group) throw unknownGroup(groupId);
    const seen = view.members.find((m) => m.memberId === memberId);
    if (!seen) throw unknownMember(groupId, memberId, 'it already left or was expired');
    if (memberEpoch !== undefined && memberEpoch !== seen.memberEpoch && memberEpoch !== seen.previousEpoch) {
      throw fencedMemberEpoch(groupId, memberId, memberEpoch, seen.memberEpoch);
    }
    await releaseQuietly(deps, groupId, memberId, [...toKeys(seen.held)]);
    if (!(await deps.store.deleteMember(seen))) continue;
    const rest = view.members.filter((m) => m.memberId !== memberId);
    // One try: if another writer wins the race, the next heartbeat of any member settles the group.
    await settleGroup(deps, view.group, rest, deps.now());
    return { groupId, memberId };
  }
  throw groupBusy(groupId);
}
