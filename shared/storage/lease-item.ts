import type { LeaseKey, LeaseRecord } from '../groups/ports.ts';
import { N, S, readN, readS, type Item } from './attributes.ts';

/**
 * Partition lease item in the metadata table, one per (group, topic, partition), in the spirit of
 * the KCL lease table: who may process the partition, until when, and the group's committed
 * offset. All of a group's leases share a partition key, so describe and offset fetches are one
 * Query, and one topic's leases a `begins_with` range of it (topic names never hold '#').
 *
 *   pk = "lease#{groupId}", sk = "{topic}#{partition, zero-padded to 5 digits}",
 *   owner (S, absent when free), ownerEpoch (N), expiresAt (N, ms),
 *   offset (N, next offset to consume), metadata (S), committedAt (N), topicId (S)
 *
 * Ownership and the offset are changed by separate conditional UpdateItems (take, renew, release;
 * commit, reset), so neither write can clobber the other's fields.
 */
export function leasePk(groupId: string): string {
  return `lease#${groupId}`;
}

export function leaseSkPrefix(topic: string): string {
  return `${topic}#`;
}

export function leaseSk(topic: string, partition: number): string {
  return `${leaseSkPrefix(topic)}${String(partition).padStart(5, '0')}`;
}

export function leaseKey(groupId: string, key: LeaseKey): Item {
  return { pk: S(leasePk(groupId)), sk: S(leaseSk(key.topic, key.partition)) };
}

export function encodeLease(l: LeaseRecord): Item {
  return {
    ...leaseKey(l.groupId, l),
    expiresAt: N(l.expiresAt),
    ...(l.owner !== undefined ? { owner: S(l.owner) } : {}),
    ...(l.ownerEpoch !== undefined ? { ownerEpoch: N(l.ownerEpoch) } : {}),
    ...(l.offset !== undefined ? { offset: N(l.offset) } : {}),
    ...(l.metadata !== undefined ? { metadata: S(l.metadata) } : {}),
    ...(l.committedAt !== undefined ? { committedAt: N(l.committedAt) } : {}),
    ...(l.topicId !== undefined ? { topicId: S(l.topicId) } : {}),
  };
}

export function decodeLease(item: Item): LeaseRecord {
  const sk = readS(item, 'sk');
  const at = sk.lastIndexOf('#');
  const lease: LeaseRecord = {
    groupId: readS(item, 'pk').slice('lease#'.length),
    topic: sk.slice(0, at),
    partition: Number(sk.slice(at + 1)),
    expiresAt: item.expiresAt ? readN(item, 'expiresAt') : 0,
  };
  if (item.owner) lease.owner = readS(item, 'owner');
  if (item.ownerEpoch) lease.ownerEpoch = readN(item, 'ownerEpoch');
  if (item.offset) lease.offset = readN(item, 'offset');
  if (item.metadata) lease.metadata = readS(item, 'metadata');
  if (item.committedAt) lease.committedAt = readN(item, 'committedAt');
  if (item.topicId) lease.topicId = readS(item, 'topicId');
  return lease;
}
