/**
 * Sets of topic partitions, and their compact text form for items:
 *
 *   "orders=0-3,7;payments=1"   (topic names never hold '=', ';' or ':', Kafka's rules)
 *
 * A PartitionSet maps a topic to its partitions, ascending and without duplicates; a topic with
 * no partitions is absent. Keys `topic:partition` let plain Sets do the set algebra.
 */
export type PartitionSet = Map<string, number[]>;

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export function keyOf(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

export function parseKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf(':');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}

export function toKeys(set: PartitionSet): Set<string> {
  const keys = new Set<string>();
  for (const [topic, partitions] of set) for (const p of partitions) keys.add(keyOf(topic, p));
  return keys;
}

export function fromKeys(keys: Iterable<string>): PartitionSet {
  const set: PartitionSet = new Map();
  for (const key of keys) {
    const { topic, partition } = parseKey(key);
    const list = set.get(topic);
    if (list) list.push(partition);
    else set.set(topic, [partition]);
  }
  return normalize(set);
}

/** Sorted, deduplicated, topics in name order, empty topics dropped. */
export function normalize(set: PartitionSet): PartitionSet {
  const out: PartitionSet = new Map();
  for (const topic of [...set.keys()].sort()) {
    const partitions = [...new Set(set.get(topic))].sort((a, b) => a - b);
    if (partitions.length) out.set(topic, partitions);
  }
  return out;
}

export function sizeOf(set: PartitionSet): number {
  let n = 0;
  for (const partitions of set.values()) n += partitions.length;
  return n;
}

export function fromList(list: readonly TopicPartitions[]): PartitionSet {
  const set: PartitionSet = new Map();
  for (const { topic, partitions } of list) set.set(topic, [...(set.get(topic) ?? []), ...partitions]);
  return normalize(set);
}

export function toList(set: PartitionSet): TopicPartitions[] {
  return [...normalize(set)].map(([topic, partitions]) => ({ topic, partitions }));
}

/** `[0,1,2,3,7]` -> `"0-3,7"`. */
export function encodeRanges(partitions: readonly number[]): string {
  const sorted = [...new Set(partitions)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function decodeRanges(text: string): number[] {
  if (text === '') return [];
  const out: number[] = [];
  for (const part of text.split(',')) {
    const [lo, hi] = part.split('-').map(Number) as [number, number | undefined];
    for (let p = lo; p <= (hi ?? lo); p++) out.push(p);
  }
  return out;
}

export function encodePartitionSet(set: PartitionSet): string {
  return [...normalize(set)].map(([topic, partitions]) => `${topic}=${encodeRanges(partitions)}`).join(';');
}

export function decodePartitionSet(text: string): PartitionSet {
  const set: PartitionSet = new Map();
  if (text === '') return set;
  for (const part of text.split(';')) {
    const at = part.indexOf('=');
    set.set(part.slice(0, at), decodeRanges(part.slice(at + 1)));
  }
  return normalize(set);
}
