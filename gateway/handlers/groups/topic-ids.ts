/**
 * KIP-848 names partitions by topic id. Sluice's topic ids are Kafka's (UUIDs), so the mapping is
 * the group coordinator's cached topic list, read fresh once when an id is not in it.
 */
import type { GroupCoordinator } from '../../../shared/groups/coordinator.ts';
import type { TopicPartitions } from '../../../shared/groups/partition-set.ts';
import { kafkaTopicId } from '../data/topic-id.ts';

export interface IdPartitions {
  topicId: string;
  partitions: number[];
}

async function ids(groups: GroupCoordinator, fresh: boolean): Promise<Map<string, string>> {
  const topics = await groups.deps.topicView.topics(fresh);
  return new Map([...topics.values()].map((t) => [t.name, kafkaTopicId(t.id)]));
}

/** Partitions by topic name; ids of topics that no longer exist are dropped (nothing to own there). */
export async function namesOf(groups: GroupCoordinator, list: readonly IdPartitions[]): Promise<TopicPartitions[]> {
  if (list.length === 0) return [];
  let byName = await ids(groups, false);
  let byId = new Map([...byName].map(([name, id]) => [id, name]));
  if (list.some((t) => !byId.has(t.topicId))) {
    byName = await ids(groups, true);
    byId = new Map([...byName].map(([name, id]) => [id, name]));
  }
  return list.flatMap((t) => (byId.has(t.topicId) ? [{ topic: byId.get(t.topicId)!, partitions: [...t.partitions] }] : []));
}

/** Partitions by topic id. */
export async function idsOf(groups: GroupCoordinator, list: readonly TopicPartitions[]): Promise<IdPartitions[]> {
  if (list.length === 0) return [];
  let byName = await ids(groups, false);
  if (list.some((t) => !byName.has(t.topic))) byName = await ids(groups, true);
  return list.flatMap((t) => (byName.has(t.topic) ? [{ topicId: byName.get(t.topic)!, partitions: [...t.partitions] }] : []));
}
