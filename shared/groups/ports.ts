/**
 * What the group coordinator needs from storage. `shared/storage/group-store.ts` implements it on
 * DynamoDB; the coordinator never sees an AWS type. Every change is conditional on what was read:
 * a method that returns `false` (or `{ ok: false }`) means the condition failed and nothing changed.
 */
import type { GroupConfigs } from './configs.ts';
import type { PartitionSet } from './partition-set.ts';

/** Target assignment: member id -> the partitions the assignor gives it. */
export type Assignment = Map<string, PartitionSet>;

/** What a member consumes: these topic names, plus every topic whose whole name matches `pattern`. */
export interface Subscription {
  topics: string[];
  /** A JavaScript regular expression source, matched against whole topic names. */
  pattern?: string;
}

/** The group item: the group epoch and the target assignment computed for it. */
export interface GroupRecord {
  groupId: string;
  /** Bumped by every write of this item; writes are conditional on it. */
  version: number;
  /** The group epoch: bumped whenever the target assignment is recomputed with new inputs. */
  epoch: number;
  configs: GroupConfigs;
  /** The target assignment at `epoch`. */
  assignment: Assignment;
  /** Fingerprint of the inputs (assignor, live members, subscriptions, topics) the assignment came from. */
  inputs: string;
  createdAt: number;
}

/** A member item: one consumer incarnation, alive while it heartbeats within the session timeout. */
export interface MemberRecord {
  groupId: string;
  /** Unique per consumer incarnation (a consumer that rejoins after being fenced takes a new id). */
  memberId: string;
  clientId: string;
  /** The member epoch: the group epoch of the last target assignment it reconciled to. */
  memberEpoch: number;
  /** The epoch before; a heartbeat that repeats it is a retry whose answer was lost. */
  previousEpoch: number;
  lastHeartbeat: number;
  joinedAt: number;
  subscription: Subscription;
  /** Partitions whose lease this member holds, as far as the coordinator knows. */
  held: PartitionSet;
  /** Every held lease is valid at least until then (ms); 0 when none is held. */
  leaseUntil: number;
  /** Set while the member owes revocations: past it, the member is fenced (the rebalance timeout). */
  revokeDeadline?: number;
}

/** The partition lease: who may process the partition now, and the group's committed offset. */
export interface LeaseRecord {
  groupId: string;
  topic: string;
  partition: number;
  owner?: string;
  /** Member epoch at which the owner took the lease; a commit must carry at least this epoch. */
  ownerEpoch?: number;
  /** The owner may process the partition until then (ms); renewed by its heartbeats. */
  expiresAt: number;
  /** Next offset to consume, as in Kafka; absent when nothing was committed. */
  offset?: number;
  metadata?: string;
  committedAt?: number;
  /** The id of the topic the offset was committed for: a recreated topic starts without one. */
  topicId?: string;
}

export interface GroupView {
  group?: GroupRecord;
  members: MemberRecord[];
}

export interface LeaseKey {
  topic: string;
  partition: number;
}

export interface OffsetWrite {
  offset: number;
  metadata: string;
  committedAt: number;
  topicId: string;
}

export type LeaseOutcome = { ok: true; lease: LeaseRecord } | { ok: false; lease?: LeaseRecord };

export interface GroupSummary {
  groupId: string;
  createdAt: number;
}

export interface GroupStore {
  /** The group item and every member item, read consistently. */
  load(groupId: string): Promise<GroupView>;
  /** Creates the group item (and its entry in the group list); false if it exists. */
  createGroup(group: GroupRecord): Promise<boolean>;
  /**
   * Replaces the group item if its version is still `expectedVersion`, and in the same
   * transaction deletes the expired members if their last heartbeat is still the one seen.
   */
  replaceGroup(group: GroupRecord, expectedVersion: number, expired: readonly MemberRecord[]): Promise<boolean>;
  /** Deletes the group item and its list entry if its version is still `expectedVersion`. */
  deleteGroup(groupId: string, expectedVersion: number): Promise<boolean>;
  listGroups(): Promise<GroupSummary[]>;

  /** Writes a member item if it is still as `seen` (undefined: it must not exist yet). */
  putMember(member: MemberRecord, seen: MemberRecord | undefined): Promise<boolean>;
  /** Deletes a member item if it is still as `seen`. */
  deleteMember(seen: MemberRecord): Promise<boolean>;

  /** Takes the lease if it is free, expired at `now`, or already this owner's. */
  acquireLease(groupId: string, key: LeaseKey, owner: string, epoch: number, expiresAt: number, now: number): Promise<LeaseOutcome>;
  /** Extends the lease if `owner` still holds it. */
  renewLease(groupId: string, key: LeaseKey, owner: string, expiresAt: number): Promise<boolean>;
  /** Frees the lease if `owner` still holds it; the committed offset stays. */
  releaseLease(groupId: string, key: LeaseKey, owner: string): Promise<boolean>;
  /** Commits if `owner` holds the lease, took it at an epoch <= `epoch`, and it is unexpired at `now`. */
  commitOffset(groupId: string, key: LeaseKey, owner: string, epoch: number, now: number, write: OffsetWrite): Promise<LeaseOutcome>;
  /** Sets the committed offset if nobody holds the lease at `now` (offset resets of an empty group). */
  resetOffset(groupId: string, key: LeaseKey, now: number, write: OffsetWrite): Promise<LeaseOutcome>;
  /** The group's leases, of one topic or all, in topic then partition order. */
  leases(groupId: string, topic?: string): Promise<LeaseRecord[]>;
  /** Deletes a lease nobody holds at `now`. */
  deleteLease(groupId: string, key: LeaseKey, now: number): Promise<boolean>;
}
