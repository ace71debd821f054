import type { Assignment } from '../ports.ts';
import { normalize, type PartitionSet } from '../partition-set.ts';
import type { AssignorInput } from './types.ts';

/**
 * Kafka's RangeAssignor, per topic: the members subscribed to it, in member id order, take
 * contiguous ranges of its partitions; the first `P mod M` take one more. Co-partitioned topics
 * land on the same members. Not sticky: a membership change can move many partitions.
 */
export function rangeAssignor(input: AssignorInput): Assignment {
  const sets = new Map<string, PartitionSet>(input.members.map((m) => [m.memberId, new Map()]));
  for (const [topic, count] of [...input.topics].sort(([a], [b]) => a.localeCompare(b))) {
    const members = input.members.filter((m) => m.topics.has(topic)).map((m) => m.memberId).sort();
    if (members.length === 0) continue;
    const base = Math.floor(count / members.length);
    const extra = count % members.length;
    let next = 0;
    members.forEach((memberId, i) => {
      const n = base + (i < extra ? 1 : 0);
      if (n > 0) sets.get(memberId)!.set(topic, Array.from({ length: n }, (_, k) => next + k));
      next += n;
    });
  }
  return new Map([...sets].map(([id, set]) => [id, normalize(set)]));
}
