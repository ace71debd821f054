import {
  DeleteItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { GroupRecord, GroupStore, GroupSummary, GroupView, LeaseKey, LeaseOutcome, LeaseRecord, MemberRecord, OffsetWrite } from '../groups/ports.ts';
import { N, S, type Item } from './attributes.ts';
import { guarded } from './aws-errors.ts';
import {
  all, any, heartbeatIs, itemDoesNotExist, leaseEpochAtMost, leaseHasExpired, leaseIsFree, leaseIsUnexpired, leaseOwnerIs,
  memberEpochIs, namesFor, versionIs,
} from './conditions.ts';
import { GROUP_SK, decodeGroup, encodeGroup, groupKey, groupPk } from './group-item.ts';
import { GROUPS_PK, decodeGroupListEntry, encodeGroupListEntry, groupListKey } from './group-list-item.ts';
import { decodeLease, leaseKey, leasePk, leaseSkPrefix } from './lease-item.ts';
import { decodeMember, encodeMember, isMemberItem, memberKey } from './member-item.ts';
import { queryPages } from './query-pages.ts';
import { isConditionFailure } from './topic-store.ts';

/** Attribute names the lease updates set; the conditions' names come from conditions.ts. */
const OFFSET_NAMES = { '#offset': 'offset', '#metadata': 'metadata', '#committedAt': 'committedAt', '#topicId': 'topicId' };
const SET_OFFSET = 'SET #offset = :offset, #metadata = :metadata, #committedAt = :committedAt, #topicId = :topicId';

interface Write {
  key: Item;
  update: string;
  condition: string;
  values: Item;
}

/**
 * Consumer groups in the metadata table (see the item modules for the layout). Every change is a
 * conditional write: the group item on its version, member items on the epoch and heartbeat read,
 * leases on their owner, epoch and expiry. A failed condition answers false; nothing is retried
 * here, the coordinator decides.
 */
export class DynamoGroupStore implements GroupStore {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly table: string,
  ) {}

  async load(groupId: string): Promise<GroupView> {
    const view: GroupView = { members: [] };
    const pages = queryPages(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': S(groupPk(groupId)) },
      ConsistentRead: true,
    });
    for await (const items of pages) {
      for (const item of items) {
        if (item.sk?.S === GROUP_SK) view.group = decodeGroup(item);
        else if (isMemberItem(item)) view.members.push(decodeMember(item));
      }
    }
    return view;
  }

  createGroup(group: GroupRecord): Promise<boolean> {
    return this.transact([
      { Put: { TableName: this.table, Item: encodeGroup(group), ConditionExpression: itemDoesNotExist, ExpressionAttributeNames: namesFor(itemDoesNotExist) } },
      { Put: { TableName: this.table, Item: encodeGroupListEntry(group) } },
    ]);
  }

  replaceGroup(group: GroupRecord, expectedVersion: number, expired: readonly MemberRecord[]): Promise<boolean> {
    const put = { TableName: this.table, Item: encodeGroup(group), ConditionExpression: versionIs, ExpressionAttributeNames: namesFor(versionIs), ExpressionAttributeValues: { ':expectedVersion': N(expectedVersion) } };
    if (expired.length === 0) return this.conditional(() => this.ddb.send(new PutItemCommand(put)), 'DynamoDB PutItem');
    const unchanged = all(memberEpochIs, heartbeatIs);
    return this.transact([
      { Put: put },
      ...expired.map((m): TransactWriteItem => ({
        Delete: { TableName: this.table, Key: memberKey(m.groupId, m.memberId), ConditionExpression: unchanged, ExpressionAttributeNames: namesFor(unchanged), ExpressionAttributeValues: seenMember(m) },
      })),
    ]);
  }

  deleteGroup(groupId: string, expectedVersion: number): Promise<boolean> {
    return this.transact([
      { Delete: { TableName: this.table, Key: groupKey(groupId), ConditionExpression: versionIs, ExpressionAttributeNames: namesFor(versionIs), ExpressionAttributeValues: { ':expectedVersion': N(expectedVersion) } } },
      { Delete: { TableName: this.table, Key: groupListKey(groupId) } },
    ]);
  }

  async listGroups(): Promise<GroupSummary[]> {
    const out: GroupSummary[] = [];
    const pages = queryPages(this.ddb, { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': S(GROUPS_PK) }, ConsistentRead: true });
    for await (const items of pages) for (const item of items) out.push(decodeGroupListEntry(item));
    return out;
  }

  putMember(member: MemberRecord, seen: MemberRecord | undefined): Promise<boolean> {
    const condition = seen ? all(memberEpochIs, heartbeatIs) : itemDoesNotExist;
    return this.conditional(() => this.ddb.send(new PutItemCommand({
      TableName: this.table, Item: encodeMember(member), ConditionExpression: condition, ExpressionAttributeNames: namesFor(condition),
      ...(seen ? { ExpressionAttributeValues: seenMember(seen) } : {}),
    })), 'DynamoDB PutItem');
  }

  deleteMember(seen: MemberRecord): Promise<boolean> {
    const condition = all(memberEpochIs, heartbeatIs);
    return this.conditional(() => this.ddb.send(new DeleteItemCommand({
      TableName: this.table, Key: memberKey(seen.groupId, seen.memberId), ConditionExpression: condition,
      ExpressionAttributeNames: namesFor(condition), ExpressionAttributeValues: seenMember(seen),
    })), 'DynamoDB DeleteItem');
  }

  acquireLease(groupId: string, key: LeaseKey, owner: string, epoch: number, expiresAt: number, now: number): Promise<LeaseOutcome> {
    return this.leaseWrite({
      key: leaseKey(groupId, key),
      update: 'SET #leaseOwner = :owner, #leaseEpoch = :epoch, #leaseExpiry = :expiresAt',
      condition: any(leaseIsFree, leaseHasExpired, leaseOwnerIs),
      values: { ':owner': S(owner), ':epoch': N(epoch), ':expiresAt': N(expiresAt), ':now': N(now) },
    });
  }

  async renewLease(groupId: string, key: LeaseKey, owner: string, expiresAt: number): Promise<boolean> {
    const out = await this.leaseWrite({ key: leaseKey(groupId, key), update: 'SET #leaseExpiry = :expiresAt', condition: leaseOwnerIs, values: { ':owner': S(owner), ':expiresAt': N(expiresAt) } });
    return out.ok;
  }

  async releaseLease(groupId: string, key: LeaseKey, owner: string): Promise<boolean> {
    const out = await this.leaseWrite({ key: leaseKey(groupId, key), update: 'REMOVE #leaseOwner, #leaseEpoch', condition: leaseOwnerIs, values: { ':owner': S(owner) } });
    return out.ok;
  }

  commitOffset(groupId: string, key: LeaseKey, owner: string, epoch: number, now: number, write: OffsetWrite): Promise<LeaseOutcome> {
    return this.leaseWrite({
      key: leaseKey(groupId, key),
      update: SET_OFFSET,
      condition: all(leaseOwnerIs, leaseEpochAtMost, leaseIsUnexpired),
      values: { ':owner': S(owner), ':epoch': N(epoch), ':now': N(now), ...offsetValues(write) },
    });
  }

  resetOffset(groupId: string, key: LeaseKey, now: number, write: OffsetWrite): Promise<LeaseOutcome> {
    return this.leaseWrite({ key: leaseKey(groupId, key), update: SET_OFFSET, condition: any(leaseIsFree, leaseHasExpired), values: { ':now': N(now), ...offsetValues(write) } });
  }

  async leases(groupId: string, topic?: string): Promise<LeaseRecord[]> {
    const values: Item = { ':pk': S(leasePk(groupId)) };
    if (topic !== undefined) values[':prefix'] = S(leaseSkPrefix(topic));
    const pages = queryPages(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: topic === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: values,
      ConsistentRead: true,
    });
    const out: LeaseRecord[] = [];
    for await (const items of pages) for (const item of items) out.push(decodeLease(item));
    return out;
  }

  deleteLease(groupId: string, key: LeaseKey, now: number): Promise<boolean> {
    const condition = any(leaseIsFree, leaseHasExpired);
    return this.conditional(() => this.ddb.send(new DeleteItemCommand({
      TableName: this.table, Key: leaseKey(groupId, key), ConditionExpression: condition,
      ExpressionAttributeNames: namesFor(condition), ExpressionAttributeValues: { ':now': N(now) },
    })), 'DynamoDB DeleteItem');
  }

  private async leaseWrite(w: Write): Promise<LeaseOutcome> {
    const names = { ...namesFor(`${w.update} ${w.condition}`), ...Object.fromEntries(Object.entries(OFFSET_NAMES).filter(([n]) => w.update.includes(n))) };
    try {
      const out = await this.ddb.send(new UpdateItemCommand({
        TableName: this.table, Key: w.key, UpdateExpression: w.update, ConditionExpression: w.condition,
        ExpressionAttributeNames: names, ExpressionAttributeValues: w.values,
        ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
      return { ok: true, lease: decodeLease(out.Attributes ?? w.key) };
    } catch (e) {
      if (isConditionFailure(e)) {
        const old = (e as { Item?: Item }).Item;
        return { ok: false, ...(old ? { lease: decodeLease(old) } : {}) };
      }
      return guarded('DynamoDB UpdateItem', () => Promise.reject(e));
    }
  }

  private async conditional(send: () => Promise<unknown>, what: string): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      return guarded(what, () => Promise.reject(e));
    }
  }

  /** A transaction whose conditions failed, or that met a concurrent transaction, answers false. */
  private async transact(items: TransactWriteItem[]): Promise<boolean> {
    try {
      await this.ddb.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return true;
    } catch (e) {
      const reasons = (e as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if ((e as { name?: string }).name === 'TransactionCanceledException' && reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
        return false;
      }
      return guarded('DynamoDB TransactWriteItems', () => Promise.reject(e));
    }
  }
}

function seenMember(m: MemberRecord): Item {
  return { ':seenEpoch': N(m.memberEpoch), ':seenHeartbeat': N(m.lastHeartbeat) };
}

function offsetValues(w: OffsetWrite): Item {
  return { ':offset': N(w.offset), ':metadata': S(w.metadata), ':committedAt': N(w.committedAt), ':topicId': S(w.topicId) };
}
