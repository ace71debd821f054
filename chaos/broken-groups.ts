/**
 * Deliberately broken consumer-group builds, by composition around the group store (never a
 * branch in the coordinator). A run over either must report anomalies:
 *
 * - `unfenced-commits`: an offset commit is written whoever holds the lease, as if the store had
 *   no fence. A killed member's late commit then lands after its partition moved on:
 *   `stale-commit`, and usually `nonmonotonic-commit`.
 * - `commit-ahead`: every commit stores two past the offset it was given, as a consumer
 *   committing past what it processed would. The next owner starts there: `poll-skip`.
 */
import type { GroupStore } from '../shared/groups/ports.ts';

export const BROKEN_GROUP_BUILDS = ['unfenced-commits', 'commit-ahead'] as const;
export type BrokenGroupBuild = (typeof BROKEN_GROUP_BUILDS)[number];

export function brokenGroupStore(kind: BrokenGroupBuild, store: GroupStore): GroupStore {
  const commitOffset: GroupStore['commitOffset'] = (groupId, key, owner, epoch, now, write) =>
    kind === 'unfenced-commits'
      // A reset's condition (free, or expired at `now`) always holds at the end of time.
      ? store.resetOffset(groupId, key, Number.MAX_SAFE_INTEGER, write)
      : store.commitOffset(groupId, key, owner, epoch, now, { ...write, offset: write.offset + 2 });
  return Object.assign(Object.create(store) as GroupStore, { commitOffset });
}
