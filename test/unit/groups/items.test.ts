import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_CONFIGS } from '../../../shared/groups/configs.ts';
import { fromList } from '../../../shared/groups/partition-set.ts';
import type { GroupRecord, LeaseRecord, MemberRecord } from '../../../shared/groups/ports.ts';
import { decodeGroup, encodeGroup, groupKey } from '../../../shared/storage/group-item.ts';
import { decodeGroupListEntry, encodeGroupListEntry } from '../../../shared/storage/group-list-item.ts';
import { decodeLease, encodeLease, leaseKey } from '../../../shared/storage/lease-item.ts';
import { decodeMember, encodeMember, isMemberItem, memberKey } from '../../../shared/storage/member-item.ts';
import { itemSize } from '../../../shared/storage/metering.ts';

const name = fc.stringMatching(/^[a-zA-Z0-9._-]{1,30}$/);
const id = fc.stringMatching(/^[a-zA-Z0-9_-]{1,36}$/);
const ms = fc.nat(2 ** 45);
const partitionSet = fc.dictionary(name, fc.uniqueArray(fc.nat(4095), { minLength: 1, maxLength: 20 }), { maxKeys: 3 })
  .map((d) => fromList(Object.entries(d).map(([topic, partitions]) => ({ topic, partitions }))));

describe('group item', () => {
  it('round-trips, assignment and configs included', () => {
    fc.assert(fc.property(name, fc.nat(), fc.nat(), fc.dictionary(id, partitionSet, { maxKeys: 5 }), ms, (groupId, version, epoch, a, createdAt) => {
      const g: GroupRecord = { groupId, version, epoch, configs: { ...DEFAULT_GROUP_CONFIGS, assignor: 'range' }, assignment: new Map(Object.entries(a)), inputs: 'abc', createdAt };
      const item = encodeGroup(g);
      expect(item).toMatchObject(groupKey(groupId));
      expect(decodeGroup(item)).toEqual(g);
    }));
  });

  it('keeps 1,000 partitions over 100 members within a few kilobytes', () => {
    const assignment = new Map(Array.from({ length: 100 }, (_, m) => [`member-${m}-0123456789abcdef`, fromList([{ topic: 'orders', partitions: Array.from({ length: 10 }, (_, k) => m * 10 + k) }])]));
    const size = itemSize(encodeGroup({ groupId: 'g', version: 1, epoch: 1, configs: DEFAULT_GROUP_CONFIGS, assignment, inputs: 'x', createdAt: 0 }));
    expect(size).toBeLessThan(6_000);
  });
});

describe('member item', () => {
  it('round-trips, with and without a pattern and a revocation deadline', () => {
    fc.assert(fc.property(name, id, fc.nat(), fc.nat(), ms, partitionSet, fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), fc.option(ms, { nil: undefined }), (groupId, memberId, memberEpoch, previousEpoch, now, held, pattern, revokeDeadline) => {
      const m: MemberRecord = {
        groupId, memberId, clientId: 'cli', memberEpoch, previousEpoch, lastHeartbeat: now, joinedAt: now, held, leaseUntil: now + 1,
        subscription: pattern === undefined ? { topics: ['a', 'b'] } : { topics: [], pattern },
        ...(revokeDeadline !== undefined ? { revokeDeadline } : {}),
      };
      const item = encodeMember(m);
      expect(item).toMatchObject(memberKey(groupId, memberId));
      expect(isMemberItem(item)).toBe(true);
      expect(decodeMember(item)).toEqual(m);
    }));
  });
});

describe('lease item', () => {
  it('round-trips a held lease with an offset, and a free one without', () => {
    fc.assert(fc.property(name, name, fc.nat(4095), fc.option(id, { nil: undefined }), fc.nat(), ms, fc.option(fc.nat(), { nil: undefined }), (groupId, topic, partition, owner, epoch, expiresAt, offset) => {
      const l: LeaseRecord = {
        groupId, topic, partition, expiresAt,
        ...(owner !== undefined ? { owner, ownerEpoch: epoch } : {}),
        ...(offset !== undefined ? { offset, metadata: 'm', committedAt: expiresAt, topicId: 'tid' } : {}),
      };
      const item = encodeLease(l);
      expect(item).toMatchObject(leaseKey(groupId, l));
      expect(decodeLease(item)).toEqual(l);
    }));
  });

  it('sorts the leases of a topic by partition number', () => {
    const sks = [10, 2, 1000].map((p) => leaseKey('g', { topic: 't', partition: p }).sk!.S!).sort();
    expect(sks).toEqual(['t#00002', 't#00010', 't#01000']);
  });
});

describe('group list entry', () => {
  it('round-trips', () => {
    expect(decodeGroupListEntry(encodeGroupListEntry({ groupId: 'billing', createdAt: 42 }))).toEqual({ groupId: 'billing', createdAt: 42 });
  });
});
