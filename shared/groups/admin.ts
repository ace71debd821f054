import { SluiceError } from '../api/errors.ts';
import { mapLimit } from '../log/map-limit.ts';
import type { PartitionBounds } from '../log/offsets.ts';
import { checkPartition } from '../log/topics.ts';
import { applyGroupConfigs, configsToWire, DEFAULT_GROUP_CONFIGS } from './configs.ts';
import type { GroupDeps } from './deps.ts';
import { groupBusy, groupNotEmpty, unknownGroup } from './errors.ts';
import { splitMembers } from './membership.ts';
import { validateGroupId } from './names.ts';
import type { GroupRecord, LeaseRecord } from './ports.ts';
import { compilePattern } from './subscription.ts';

/** Where `resetOffsets` moves each partition (kafka-consumer-groups --reset-offsets). */
export type ResetSpec =
  | { to: 'earliest' }
  | { to: 'latest' }
  | { to: 'timestamp'; timestamp: number }
  | { to: 'shift'; by: number }
  | { to: 'offsets'; offsets: { partition: number; offset: number }[] };

export interface ResetRequest {
  topic: string;
  /** Default: every partition of the topic (with `to: 'offsets'`, the ones listed). */
  partitions?: number[];
  spec: ResetSpec;
  /** Compute and return the new offsets without writing them. */
  dryRun?: boolean;
}

export interface ResetRow {
  partition: number;
  /** -1 when nothing was committed. */
  previousOffset: number;
  offset: number;
}

/**
 * Resets the committed offsets of an empty group: to the log start, the high watermark, the
 * first offset at or after a timestamp (the high watermark if none), the committed offset shifted
 * by N (from the log start if none), or given offsets. Results are clamped to
 * [logStartOffset, highWatermark], as Kafka's tool does. Each write is conditional on nobody
 * holding the partition's lease, so a member that joined meanwhile is never overwritten.
 * A group that does not exist yet is created empty, so that its first members start there.
 */
export async function resetOffsets(deps: GroupDeps, groupId: string, req: ResetRequest): Promise<{ groupId: string; topic: string; dryRun: boolean; partitions: ResetRow[] }> {
  validateGroupId(groupId);
  const topic = await deps.topics.get(req.topic);
  const explicit = req.spec.to === 'offsets' ? new Map(req.spec.offsets.map((o) => [o.partition, o.offset])) : undefined;
  const partitions = req.partitions ?? (explicit ? [...explicit.keys()] : Array.from({ length: topic.partitions }, (_, p) => p));
  for (const p of partitions) checkPartition(topic, p);
  if (explicit) for (const p of explicit.keys()) checkPartition(topic, p);

  const view = await deps.store.load(groupId);
  const now = deps.now();
  if (view.group) {
    const { live } = splitMembers(view.members, view.group.configs, now);
    if (live.length) throw groupNotEmpty(groupId, `${live.length} member(s) are alive; stop them first`);
  }
  const leases = new Map((await deps.store.leases(groupId, topic.name)).map((l) => [l.partition, l]));
  const bounds = await deps.offsets.bounds(topic, [...new Set(partitions)].sort((a, b) => a - b));
  const byTime = req.spec.to === 'timestamp'
    ? new Map((await deps.offsets.list(topic, { at: 'timestamp', timestamp: req.spec.timestamp }, bounds.map((b) => b.partition))).map((o) => [o.partition, o.offset]))
    : undefined;

  const rows = bounds.map((b): ResetRow => {
    const lease = leases.get(b.partition);
    const previous = lease?.topicId === topic.id && lease.offset !== undefined ? lease.offset : -1;
    return { partition: b.partition, previousOffset: previous, offset: clamp(b, wanted(req.spec, b, previous, byTime, explicit)) };
  });
  if (!req.dryRun) {
    if (!view.group) await deps.store.createGroup(emptyGroup(groupId, now));
    await mapLimit(rows, deps.concurrency, async (row) => {
      const write = { offset: row.offset, metadata: '', committedAt: now, topicId: topic.id };
      const out = await deps.store.resetOffset(groupId, { topic: topic.name, partition: row.partition }, now, write);
      if (!out.ok) throw groupNotEmpty(groupId, `member ${out.lease?.owner} holds ${topic.name}/${row.partition}`);
    });
  }
  return { groupId, topic: topic.name, dryRun: req.dryRun ?? false, partitions: rows };
}

function wanted(spec: ResetSpec, b: PartitionBounds, previous: number, byTime?: Map<number, number>, explicit?: Map<number, number>): number {
  switch (spec.to) {
    case 'earliest':
      return b.logStartOffset;
    case 'latest':
      return b.highWatermark;
    case 'timestamp': {
      const at = byTime!.get(b.partition) ?? -1;
      return at < 0 ? b.highWatermark : at;
    }
    case 'shift':
      return (previous < 0 ? b.logStartOffset : previous) + spec.by;
    case 'offsets': {
      const o = explicit!.get(b.partition);
      if (o === undefined) throw new SluiceError('INVALID_REQUEST', `no offset given for partition ${b.partition}`);
      return o;
    }
  }
}

function clamp(b: PartitionBounds, offset: number): number {
  return Math.min(Math.max(offset, b.logStartOffset), b.highWatermark);
}

function emptyGroup(groupId: string, now: number): GroupRecord {
  return { groupId, version: 1, epoch: 0, configs: DEFAULT_GROUP_CONFIGS, assignment: new Map(), inputs: '', createdAt: now };
}

/**
 * Deletes an empty group: its item, the member items of members already expired, and every
 * lease with its committed offset (each lease delete conditional on nobody holding it).
 */
export async function deleteGroup(deps: GroupDeps, groupId: string): Promise<{ deleted: string; offsets: number }> {
  validateGroupId(groupId);
  for (let attempt = 0; attempt < deps.maxAttempts; attempt++) {
    const view = await deps.store.load(groupId);
    const group = view.group;
    if (!group) throw unknownGroup(groupId);
    const now = deps.now();
    const { live, expired } = splitMembers(view.members, group.configs, now);
    if (live.length) throw groupNotEmpty(groupId, `${live.length} member(s) are alive`);
    const leases = await deps.store.leases(groupId);
    const held = leases.find((l: LeaseRecord) => l.owner !== undefined && l.expiresAt > now);
    if (held) throw groupNotEmpty(groupId, `member ${held.owner} still holds ${held.topic}/${held.partition}`);
    await mapLimit(expired, deps.concurrency, (m) => deps.store.deleteMember(m));
    if (!(await deps.store.deleteGroup(groupId, group.version))) continue;
    const deleted = await mapLimit(leases, deps.concurrency, (l) => deps.store.deleteLease(groupId, l, now));
    return { deleted: groupId, offsets: leases.filter((l, i) => deleted[i] && l.offset !== undefined).length };
  }
  throw groupBusy(groupId);
}

/** Changes group configs (wire names). A new assignor takes effect at the next heartbeat. */
export async function alterGroupConfigs(deps: GroupDeps, groupId: string, changes: Record<string, string | number | null>): Promise<{ groupId: string; configs: Record<string, string> }> {
  validateGroupId(groupId);
  for (let attempt = 0; attempt < deps.maxAttempts; attempt++) {
    const view = await deps.store.load(groupId);
    const group = view.group;
    if (!group) throw unknownGroup(groupId);
    const wire: Record<string, string | number> = {};
    const defaults = configsToWire(DEFAULT_GROUP_CONFIGS) as Record<string, string>;
    for (const [k, v] of Object.entries(changes)) wire[k] = v === null ? (defaults[k] ?? '') : v;
    const configs = applyGroupConfigs(group.configs, wire);
    if (await deps.store.replaceGroup({ ...group, version: group.version + 1, configs }, group.version, [])) {
      return { groupId, configs: configsToWire(configs) };
    }
  }
  throw groupBusy(groupId);
}

/** Per partition: its committed offset is gone (or there was none), or a member still uses it. */
export interface OffsetDeleteRow {
  partition: number;
  deleted: boolean;
}

/**
 * Forgets a group's committed offsets for some partitions of a topic (Kafka's OffsetDelete), so
 * that the group's next consumer of them starts from its reset policy. A topic some live member
 * subscribes to keeps its offsets (they are in use), and each delete is conditional on nobody
 * holding the partition's lease. The group itself stays.
 */
export async function deleteOffsets(deps: GroupDeps, groupId: string, topic: string, partitions: readonly number[]): Promise<OffsetDeleteRow[]> {
  validateGroupId(groupId);
  const view = await deps.store.load(groupId);
  if (!view.group) throw unknownGroup(groupId);
  const now = deps.now();
  const { live } = splitMembers(view.members, view.group.configs, now);
  const inUse = live.some((m) => m.subscription.topics.includes(topic) || (m.subscription.pattern !== undefined && compilePattern(m.subscription.pattern).test(topic)));
  if (inUse) return partitions.map((partition) => ({ partition, deleted: false }));
  return mapLimit(partitions, deps.concurrency, async (partition) => ({ partition, deleted: await deps.store.deleteLease(groupId, { topic, partition }, now) }));
}
