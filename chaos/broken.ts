/**
 * Deliberately broken builds, made by composition around the storage the engine is given (never
 * by a branch in the engine). They exist to prove that the harness and the checker can fail: a
 * run over any of them must report anomalies.
 *
 * - `ack-before-commit`: the commit answers "committed" at once and writes in the background;
 *   when another writer already holds the offset, the write fails and nobody hears of it. The
 *   producer was acknowledged with an offset that holds someone else's record.
 * - `drop-commits`: one commit in `dropEvery` answers "committed" and writes nothing, leaving a
 *   hole at an acknowledged offset.
 *
 * The consumer-group ones (`unfenced-commits`, `commit-ahead`) are in chaos/broken-groups.ts, the
 * maintenance ones (`merge-drops-batch`, `gc-ignores-partition`) in chaos/broken-maintenance.ts.
 */
import type { BatchIndex, IndexEntry, Storage } from '../shared/log/ports.ts';
import { BROKEN_GROUP_BUILDS, brokenGroupStore, type BrokenGroupBuild } from './broken-groups.ts';
import { BROKEN_MAINTENANCE_BUILDS, brokenMaintenanceStorage, type BrokenMaintenanceBuild } from './broken-maintenance.ts';

export const BROKEN_BUILDS = ['ack-before-commit', 'drop-commits', ...BROKEN_GROUP_BUILDS, ...BROKEN_MAINTENANCE_BUILDS] as const;
export type BrokenBuild = (typeof BROKEN_BUILDS)[number];

const isMaintenanceBuild = (kind: BrokenBuild): kind is BrokenMaintenanceBuild => (BROKEN_MAINTENANCE_BUILDS as readonly string[]).includes(kind);
const isGroupBuild = (kind: BrokenBuild): kind is BrokenGroupBuild => (BROKEN_GROUP_BUILDS as readonly string[]).includes(kind);

export function brokenBuild(kind: BrokenBuild, options: { dropEvery?: number } = {}) {
  return (storage: Storage, track: (work: Promise<unknown>) => void): Storage => {
    if (isMaintenanceBuild(kind)) return brokenMaintenanceStorage(kind, storage);
    if (isGroupBuild(kind)) return storage.groups ? { ...storage, groups: brokenGroupStore(kind, storage.groups) } : storage;
    const index = storage.index;
    let commits = 0;
    const commit = async (entry: IndexEntry) => {
      commits++;
      if (kind === 'ack-before-commit') {
        track(index.commit(entry));
        return { committed: true as const };
      }
      if (commits % (options.dropEvery ?? 7) === 0) return { committed: true as const };
      return index.commit(entry);
    };
    const broken: BatchIndex = Object.assign(Object.create(index) as BatchIndex, {
      commit,
      // Idempotent commits are broken the same way.
      commitWithProducer: async (entry: IndexEntry, ...rest: Parameters<BatchIndex['commitWithProducer']> extends [IndexEntry, ...infer R] ? R : never) => {
        commits++;
        if (kind === 'ack-before-commit') {
          track(index.commitWithProducer(entry, ...rest));
          return { committed: true as const };
        }
        if (commits % (options.dropEvery ?? 7) === 0) return { committed: true as const };
        return index.commitWithProducer(entry, ...rest);
      },
    });
    return { ...storage, index: broken };
  };
}
