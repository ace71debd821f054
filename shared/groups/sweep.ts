import type { GroupDeps } from './deps.ts';
import { splitMembers } from './membership.ts';
import { settleGroup } from './settle.ts';

/**
 * Expires the dead members of every group, as a member's heartbeat would. Meant for an optional
 * schedule, so that a group whose members all died releases its assignment even with nobody left
 * to heartbeat; correctness never depends on it (leases expire by themselves).
 */
export async function sweepGroups(deps: GroupDeps): Promise<{ groups: number; expired: number }> {
  let expired = 0;
  const groups = await deps.store.listGroups();
  for (const { groupId } of groups) {
    const view = await deps.store.load(groupId);
    if (!view.group) continue;
    const now = deps.now();
    const dead = splitMembers(view.members, view.group.configs, now).expired;
    if (dead.length === 0) continue;
    if (await settleGroup(deps, view.group, view.members, now)) expired += dead.length;
  }
  return { groups: groups.length, expired };
}
