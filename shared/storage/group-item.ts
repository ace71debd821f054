import { configsFromWire, configsToWire } from '../groups/configs.ts';
import { decodePartitionSet, encodePartitionSet } from '../groups/partition-set.ts';
import type { Assignment, GroupRecord } from '../groups/ports.ts';
import { N, S, readN, readS, readStringMap, writeStringMap, type Item } from './attributes.ts';

/**
 * Group item in the metadata table, beside its member items under one partition key, so that a
 * heartbeat reads the whole group with one Query:
 *
 *   pk = "group#{groupId}", sk = "group",
 *   version (N, bumped by every write; writes are conditional on it), epoch (N),
 *   configs (M of S, wire names), assignment (S: JSON {memberId: "topic=0-3,7;..."}),
 *   inputs (S), createdAt (N)
 *
 * The assignment is written in compact ranges: 1,000 partitions over 100 members is about 4 KB.
 */
export const GROUP_SK = 'group';

export function groupPk(groupId: string): string {
  return `group#${groupId}`;
}

export function groupKey(groupId: string): Item {
  return { pk: S(groupPk(groupId)), sk: S(GROUP_SK) };
}

export function encodeAssignment(assignment: Assignment): string {
  const entries = [...assignment].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, set]) => [id, encodePartitionSet(set)]);
  return JSON.stringify(Object.fromEntries(entries));
}

export function decodeAssignment(text: string): Assignment {
  const raw = JSON.parse(text) as Record<string, string>;
  return new Map(Object.entries(raw).map(([id, set]) => [id, decodePartitionSet(set)]));
}

export function encodeGroup(g: GroupRecord): Item {
  return {
    ...groupKey(g.groupId),
    version: N(g.version),
    epoch: N(g.epoch),
    configs: writeStringMap(configsToWire(g.configs)),
    assignment: S(encodeAssignment(g.assignment)),
    inputs: S(g.inputs),
    createdAt: N(g.createdAt),
  };
}

export function decodeGroup(item: Item): GroupRecord {
  return {
    groupId: readS(item, 'pk').slice('group#'.length),
    version: readN(item, 'version'),
    epoch: readN(item, 'epoch'),
    configs: configsFromWire(readStringMap(item, 'configs')),
    assignment: decodeAssignment(readS(item, 'assignment')),
    inputs: readS(item, 'inputs'),
    createdAt: readN(item, 'createdAt'),
  };
}
