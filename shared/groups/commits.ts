import { SluiceError } from '../api/errors.ts';
import { mapLimit } from '../log/map-limit.ts';
import type { TopicRecord } from '../log/ports.ts';
import { checkPartition } from '../log/topics.ts';
import type { GroupDeps } from './deps.ts';
import { validateGroupId, validateMemberId } from './names.ts';
import type { LeaseRecord } from './ports.ts';

export interface OffsetCommit {
  topic: string;
  partition: number;
  /** The next offset to consume, as in Kafka. */
  offset: number;
  metadata?: string;
}

export interface CommitRequest {
  memberId: string;
  memberEpoch: number;
  offsets: OffsetCommit[];
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  /** -1 when the group has committed nothing for the partition. */
  offset: number;
  metadata: string;
  committedAt?: number;
}

export const MAX_METADATA_LENGTH = 4_096;

/**
 * Offset commit, fenced by the lease: each partition's commit is one conditional write that
 * succeeds only if this member holds the lease, took it at an epoch no later than the one the
 * commit carries, and the lease has not expired. A zombie (expired, replaced, or a delayed
 * request from before a revocation) can never overwrite the progress of the current owner.
 *
 * Input is checked whole before anything is written. Partitions commit independently: when some
 * fail, the error carries `committed` and `failed` lists, like a partial produce.
 */
export async function commitOffsets(deps: GroupDeps, groupId: string, req: CommitRequest): Promise<{ groupId: string; offsets: OffsetCommit[] }> {
  validateGroupId(groupId);
  validateMemberId(req.memberId);
  const topics = new Map<string, TopicRecord>();
  for (const o of req.offsets) {
    if ((o.metadata ?? '').length > MAX_METADATA_LENGTH) throw new SluiceError('INVALID_REQUEST', `offset metadata is at most ${MAX_METADATA_LENGTH} characters`);
    let topic = topics.get(o.topic);
    if (!topic) topics.set(o.topic, (topic = await deps.topics.resolve(o.topic)));
    checkPartition(topic, o.partition);
  }
  const now = deps.now();
  const results = await mapLimit(req.offsets, deps.concurrency, async (o) => {
    try {
      const write = { offset: o.offset, metadata: o.metadata ?? '', committedAt: now, topicId: topics.get(o.topic)!.id };
      const out = await deps.store.commitOffset(groupId, o, req.memberId, req.memberEpoch, now, write);
      return out.ok ? { o } : { o, error: fenced(groupId, req, o, now, out.lease) };
    } catch (e) {
      if (e instanceof SluiceError) return { o, error: e };
      throw e;
    }
  });
  const failed = results.filter((r) => r.error);
  const committed = results.filter((r) => !r.error).map((r) => r.o);
  if (failed.length) {
    const first = failed[0]!.error!;
    throw new SluiceError(first.code, first.message, {
      committed,
      failed: failed.map((r) => ({ topic: r.o.topic, partition: r.o.partition, code: r.error!.code, message: r.error!.message })),
    });
  }
  return { groupId, offsets: committed };
}

function fenced(groupId: string, req: CommitRequest, o: OffsetCommit, now: number, lease?: LeaseRecord): SluiceError {
  const where = `${o.topic}/${o.partition}`;
  let why: string;
  if (!lease?.owner) why = 'nobody holds its lease';
  else if (lease.owner !== req.memberId) why = `member ${lease.owner} holds its lease`;
  else if (lease.expiresAt <= now) why = `the lease expired ${now - lease.expiresAt} ms ago`;
  else why = `the lease was taken at epoch ${lease.ownerEpoch}, after the commit's epoch ${req.memberEpoch}`;
  return new SluiceError('FENCED_LEASE', `member ${req.memberId} may not commit ${where} in group ${groupId}: ${why}`, {
    groupId, topic: o.topic, partition: o.partition,
  });
}

/**
 * Committed offsets. With a topic: every partition of it, -1 where nothing was committed. Without:
 * every partition the group committed, of topics that still exist. An offset committed for an
 * earlier topic of the same name (deleted, then created again) does not count.
 */
export async function fetchOffsets(deps: GroupDeps, groupId: string, topicName?: string): Promise<{ groupId: string; offsets: CommittedOffset[] }> {
  validateGroupId(groupId);
  const leases = await deps.store.leases(groupId, topicName);
  if (topicName !== undefined) {
    const topic = await deps.topics.resolve(topicName);
    const byPartition = new Map(leases.filter((l) => l.topicId === topic.id).map((l) => [l.partition, l]));
    const offsets = Array.from({ length: topic.partitions }, (_, p) => toCommitted(topic.name, p, byPartition.get(p)));
    return { groupId, offsets };
  }
  const topics = await deps.topicView.topics(true);
  const offsets = leases
    .filter((l) => l.offset !== undefined && l.topicId !== undefined && topics.get(l.topic)?.id === l.topicId)
    .map((l) => toCommitted(l.topic, l.partition, l));
  return { groupId, offsets };
}

export function toCommitted(topic: string, partition: number, lease: LeaseRecord | undefined): CommittedOffset {
  if (lease?.offset === undefined) return { topic, partition, offset: -1, metadata: '' };
  return { topic, partition, offset: lease.offset, metadata: lease.metadata ?? '', ...(lease.committedAt !== undefined ? { committedAt: lease.committedAt } : {}) };
}
