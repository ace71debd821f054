import { toCommitted } from './commits.ts';
import { configsToWire } from './configs.ts';
import type { GroupDeps } from './deps.ts';
import { unknownGroup } from './errors.ts';
import { splitMembers } from './membership.ts';
import { validateGroupId } from './names.ts';
import { keyOf, toKeys, toList, type TopicPartitions } from './partition-set.ts';
import type { GroupRecord, GroupSummary, LeaseRecord, MemberRecord, Subscription } from './ports.ts';

export type GroupState = 'Empty' | 'Reconciling' | 'Stable';

export interface MemberDescription {
  memberId: string;
  clientId: string;
  memberEpoch: number;
  joinedAt: number;
  lastHeartbeat: number;
  subscription: Subscription;
  /** Partitions whose lease it holds. */
  assignment: TopicPartitions[];
  /** Its share of the target assignment. */
  target: TopicPartitions[];
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The member holding the lease now, or null. */
  owner: string | null;
  /** -1 when nothing was committed. */
  committedOffset: number;
  metadata: string;
  logStartOffset: number;
  highWatermark: number;
  /** highWatermark - committedOffset; null when nothing was committed. */
  lag: number | null;
}

export interface GroupDescription {
  groupId: string;
  state: GroupState;
  epoch: number;
  configs: Record<string, string>;
  createdAt: number;
  members: MemberDescription[];
  partitions: PartitionLag[];
  /** Sum of the known lags. */
  totalLag: number;
}

/**
 * Describe a group: state, live members with their assignments, and for every partition the
 * group is assigned or has committed, the owner, the committed offset, the high watermark and the
 * lag. Read-only: members past their session show as gone, though the next heartbeat removes them.
 */
export async function describeGroup(deps: GroupDeps, groupId: string): Promise<GroupDescription> {
  validateGroupId(groupId);
  const [view, leases] = await Promise.all([deps.store.load(groupId), deps.store.leases(groupId)]);
  const group = view.group;
  if (!group) throw unknownGroup(groupId);
  const now = deps.now();
  const { live } = splitMembers(view.members, group.configs, now);
  const topics = await deps.topicView.topics(true);
  const leaseOf = new Map(leases.map((l) => [keyOf(l.topic, l.partition), l]));
  const keys = new Set<string>();
  for (const l of leases) if (l.offset !== undefined && topics.get(l.topic)?.id === l.topicId) keys.add(keyOf(l.topic, l.partition));
  for (const set of group.assignment.values()) for (const k of toKeys(set)) keys.add(k);

  const byTopic = new Map<string, number[]>();
  for (const k of keys) {
    const at = k.lastIndexOf(':');
    const topic = k.slice(0, at);
    const t = topics.get(topic);
    const p = Number(k.slice(at + 1));
    if (t && p < t.partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), p]);
  }
  const partitions: PartitionLag[] = [];
  for (const [topic, list] of [...byTopic].sort(([a], [b]) => a.localeCompare(b))) {
    const record = await deps.topics.resolve(topic);
    const bounds = await deps.offsets.bounds(record, list.filter((p) => p < record.partitions).sort((a, b) => a - b));
    for (const b of bounds) partitions.push(lagOf(topic, record.id, b, leaseOf.get(keyOf(topic, b.partition)), now));
  }
  return {
    groupId,
    state: stateOf(group, live),
    epoch: group.epoch,
    configs: configsToWire(group.configs),
    createdAt: group.createdAt,
    members: live.sort((a, b) => a.joinedAt - b.joinedAt).map((m) => describeMember(group, m)),
    partitions,
    totalLag: partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0),
  };
}

function lagOf(topic: string, topicId: string, b: { partition: number; logStartOffset: number; highWatermark: number }, lease: LeaseRecord | undefined, now: number): PartitionLag {
  const committed = toCommitted(topic, b.partition, lease?.topicId === topicId ? lease : undefined);
  const held = lease?.owner !== undefined && lease.expiresAt > now;
  return {
    topic,
    partition: b.partition,
    owner: held ? lease!.owner! : null,
    committedOffset: committed.offset,
    metadata: committed.metadata,
    logStartOffset: b.logStartOffset,
    highWatermark: b.highWatermark,
    lag: committed.offset < 0 ? null : Math.max(0, b.highWatermark - committed.offset),
  };
}

function describeMember(group: GroupRecord, m: MemberRecord): MemberDescription {
  return {
    memberId: m.memberId,
    clientId: m.clientId,
    memberEpoch: m.memberEpoch,
    joinedAt: m.joinedAt,
    lastHeartbeat: m.lastHeartbeat,
    subscription: m.subscription,
    assignment: toList(m.held),
    target: toList(group.assignment.get(m.memberId) ?? new Map()),
  };
}

/** KIP-848's states: Empty; Reconciling while some member is behind the group epoch or lacks part of its target; else Stable. */
export function stateOf(group: GroupRecord, live: readonly MemberRecord[]): GroupState {
  if (live.length === 0) return 'Empty';
  for (const m of live) {
    if (m.memberEpoch !== group.epoch) return 'Reconciling';
    const held = toKeys(m.held);
    const target = toKeys(group.assignment.get(m.memberId) ?? new Map());
    if (held.size !== target.size || [...target].some((k) => !held.has(k))) return 'Reconciling';
  }
  return 'Stable';
}

/**
 * A group's state alone, from one consistent read of the group and its members (cheaper than
 * describeGroup, which also reads every partition's offsets); undefined when the group does not exist.
 */
export async function groupState(deps: GroupDeps, groupId: string): Promise<GroupState | undefined> {
  validateGroupId(groupId);
  const view = await deps.store.load(groupId);
  if (!view.group) return undefined;
  return stateOf(view.group, splitMembers(view.members, view.group.configs, deps.now()).live);
}

export function listGroups(deps: GroupDeps): Promise<GroupSummary[]> {
  return deps.store.listGroups();
}
