import type { TopicRecord } from '../log/ports.ts';
import { N, S, readN, readS, readStringMap, writeStringMap, type Item } from './attributes.ts';

/**
 * Topic item in the metadata table. All topics share the partition key `topics`, so listing them
 * is one Query; the sort key is the name.
 *
 *   pk = "topics", sk = name, id, partitions, configs (M of S), createdAt, version
 */
export const TOPICS_PK = 'topics';

export function topicKey(name: string): Item {
  return { pk: S(TOPICS_PK), sk: S(name) };
}

export function encodeTopic(t: TopicRecord): Item {
  return {
    ...topicKey(t.name),
    id: S(t.id),
    partitions: N(t.partitions),
    configs: writeStringMap(t.configs),
    createdAt: N(t.createdAt),
    version: N(t.version),
  };
}

export function decodeTopic(item: Item): TopicRecord {
  return {
    name: readS(item, 'sk'),
    id: readS(item, 'id'),
    partitions: readN(item, 'partitions'),
    configs: readStringMap(item, 'configs'),
    createdAt: readN(item, 'createdAt'),
    version: readN(item, 'version'),
  };
}
