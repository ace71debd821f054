import type { GroupSummary } from '../groups/ports.ts';
import { N, S, readN, readS, type Item } from './attributes.ts';

/**
 * Entry of the group list in the metadata table: all groups share one partition key, so listing
 * them is one Query (the function roles have no Scan). Written and deleted in the same
 * transaction as the group item.
 *
 *   pk = "groups", sk = groupId, createdAt (N)
 */
export const GROUPS_PK = 'groups';

export function groupListKey(groupId: string): Item {
  return { pk: S(GROUPS_PK), sk: S(groupId) };
}

export function encodeGroupListEntry(g: GroupSummary): Item {
  return { ...groupListKey(g.groupId), createdAt: N(g.createdAt) };
}

export function decodeGroupListEntry(item: Item): GroupSummary {
  return { groupId: readS(item, 'sk'), createdAt: readN(item, 'createdAt') };
}
