import type { Engine } from '../log/engine.ts';
import type { OffsetsService } from '../log/offsets.ts';
import type { Topics } from '../log/topics.ts';
import { alterGroupConfigs, deleteGroup, deleteOffsets, resetOffsets, type ResetRequest } from './admin.ts';
import { commitOffsets, fetchOffsets, type CommitRequest } from './commits.ts';
import type { GroupDeps } from './deps.ts';
import { describeGroup, groupState, listGroups } from './describe.ts';
import { heartbeat, type HeartbeatRequest } from './heartbeat.ts';
import { leaveGroup } from './leave.ts';
import type { GroupStore } from './ports.ts';
import { sweepGroups } from './sweep.ts';
import { TopicView } from './topic-view.ts';

export interface GroupCoordinatorOptions {
  now?: () => number;
  /** Conditional-write races tolerated per call before CONCURRENT_UPDATE. Default 8. */
  maxAttempts?: number;
  /** Lease writes in flight per call. Default 16. */
  concurrency?: number;
  /** How long the topic list behind subscriptions is cached (ms). Default 2000. */
  topicCacheMs?: number;
}

/**
 * The consumer-group coordinator: heartbeats, leaves, commits and the group admin operations,
 * over a GroupStore and the log's topics and offsets. Stateless between calls (all state is in
 * storage), so any warm function, or many at once, can serve any group.
 *
 * @example
 * const groups = createGroupCoordinator(createEngine(createStorage(config)));
 * const hb = await groups.heartbeat('billing', { memberEpoch: 0, subscription: { topics: ['orders'] }, ownedPartitions: [] });
 */
export class GroupCoordinator {
  readonly deps: GroupDeps;

  constructor(store: GroupStore, topics: Topics, offsets: OffsetsService, opts: GroupCoordinatorOptions = {}) {
    const now = opts.now ?? Date.now;
    this.deps = {
      store,
      topics,
      offsets,
      now,
      topicView: new TopicView(() => topics.list(), { now, ...(opts.topicCacheMs !== undefined ? { cacheMs: opts.topicCacheMs } : {}) }),
      maxAttempts: opts.maxAttempts ?? 8,
      concurrency: opts.concurrency ?? 16,
    };
  }

  heartbeat(groupId: string, req: HeartbeatRequest) {
    return heartbeat(this.deps, groupId, req);
  }

  leave(groupId: string, memberId: string, memberEpoch?: number) {
    return leaveGroup(this.deps, groupId, memberId, memberEpoch);
  }

  commit(groupId: string, req: CommitRequest) {
    return commitOffsets(this.deps, groupId, req);
  }

  fetchOffsets(groupId: string, topic?: string) {
    return fetchOffsets(this.deps, groupId, topic);
  }

  describe(groupId: string) {
    return describeGroup(this.deps, groupId);
  }

  list() {
    return listGroups(this.deps);
  }

  /** The group's state without its offsets; undefined when it does not exist. */
  state(groupId: string) {
    return groupState(this.deps, groupId);
  }

  delete(groupId: string) {
    return deleteGroup(this.deps, groupId);
  }

  /** Forgets committed offsets of partitions no live member's subscription covers. */
  deleteOffsets(groupId: string, topic: string, partitions: readonly number[]) {
    return deleteOffsets(this.deps, groupId, topic, partitions);
  }

  resetOffsets(groupId: string, req: ResetRequest) {
    return resetOffsets(this.deps, groupId, req);
  }

  alterConfigs(groupId: string, changes: Record<string, string | number | null>) {
    return alterGroupConfigs(this.deps, groupId, changes);
  }

  /** Expires dead members of every group. For a schedule; nothing depends on it running. */
  sweep() {
    return sweepGroups(this.deps);
  }
}

/** The coordinator over an engine's storage, which must have a group store (createStorage makes one). */
export function createGroupCoordinator(engine: Engine, opts: GroupCoordinatorOptions = {}): GroupCoordinator {
  const store = engine.storage.groups;
  if (!store) throw new Error('this storage has no group store: build it with createStorage() from shared/storage');
  return new GroupCoordinator(store, engine.topics, engine.offsets, opts);
}
