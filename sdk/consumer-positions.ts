/**
 * Where a newly assigned partition starts: a seek made before it arrived, else the group's
 * committed offset, else auto.offset.reset (earliest, latest, or none: an error).
 */
import type { Admin } from './admin.ts';
import type { PartitionState } from './consumer-partitions.ts';
import type { AutoOffsetReset } from './consumer-types.ts';
import { SluiceApiError } from './errors.ts';
import type { Groups } from './groups.ts';

export interface PositionDeps {
  groups: Groups;
  admin: Admin;
  groupId: string;
  /** The reset policy of a topic. */
  resetFor(topic: string): AutoOffsetReset;
  /** A seek made before the partition was assigned, taken once. */
  takeSeek(topic: string, partition: number): number | undefined;
}

export async function initPositions(deps: PositionDeps, states: readonly PartitionState[]): Promise<void> {
  const byTopic = new Map<string, PartitionState[]>();
  for (const s of states) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
  for (const [topic, list] of byTopic) {
    const committed = new Map((await deps.groups.fetchOffsets(deps.groupId, topic)).map((o) => [o.partition, o.offset]));
    const missing: PartitionState[] = [];
    for (const s of list) {
      s.committed = committed.get(s.partition) ?? -1;
      const sought = deps.takeSeek(topic, s.partition);
      if (sought !== undefined) s.position = s.resolved = sought;
      else if (s.committed >= 0) s.position = s.resolved = s.committed;
      else missing.push(s);
    }
    if (missing.length === 0) continue;
    const policy = deps.resetFor(topic);
    if (policy === 'none') throw noCommittedOffset(deps.groupId, topic, missing.map((s) => s.partition));
    await resetPositions(deps.admin, topic, missing, policy);
  }
}

/** Moves partitions to the log start or the high watermark (a missing offset, or one out of range). */
export async function resetPositions(admin: Admin, topic: string, states: readonly PartitionState[], policy: 'earliest' | 'latest'): Promise<void> {
  const offsets = new Map((await admin.listOffsets(topic, policy)).map((o) => [o.partition, o.offset]));
  for (const s of states) {
    const offset = offsets.get(s.partition) ?? 0;
    s.position = offset;
    // Nothing processed yet: the reset position is also what a commit would store.
    s.resolved = offset;
  }
}

export function noCommittedOffset(groupId: string, topic: string, partitions: number[]): SluiceApiError {
  return new SluiceApiError({
    code: 'NO_COMMITTED_OFFSET',
    message: `group ${groupId} has no committed offset for ${topic} partitions ${partitions.join(', ')}, and autoOffsetReset is 'none'`,
    status: 0, retriable: false, noSideEffects: true, details: { groupId, topic, partitions },
  });
}
