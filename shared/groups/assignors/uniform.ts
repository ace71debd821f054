import type { Assignment } from '../ports.ts';
import { fromKeys, keyOf, parseKey } from '../partition-set.ts';
import type { AssignorInput } from './types.ts';

/**
 * The uniform sticky assignor (KIP-848's default): balanced, and moving as few partitions as it
 * can when members come and go.
 *
 * 1. Keep: each member keeps the partitions of its previous target that still exist and that it
 *    still subscribes to.
 * 2. Place: every other partition goes to the least-loaded member subscribed to its topic,
 *    the most constrained partitions first.
 * 3. Balance: while some member has at least two more partitions than another that could take
 *    one of them, move one. Each move lowers the sum of squared loads, so this ends; with equal
 *    subscriptions it ends with loads differing by at most one, having moved only partitions
 *    that had to move (a joiner takes from the most loaded; a leaver's partitions go to the least).
 */
export function uniformAssignor(input: AssignorInput): Assignment {
  const members = [...input.members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
  const owned = new Map<string, Set<string>>(members.map((m) => [m.memberId, new Set()]));
  const taken = new Set<string>();
  const topicsOf = new Map(members.map((m) => [m.memberId, m.topics]));
  const eligible = (memberId: string, key: string) => topicsOf.get(memberId)!.has(parseKey(key).topic);

  for (const m of members) {
    for (const [topic, partitions] of input.previous.get(m.memberId) ?? []) {
      const count = input.topics.get(topic);
      if (count === undefined || !m.topics.has(topic)) continue;
      for (const p of partitions) {
        const key = keyOf(topic, p);
        if (p < count && !taken.has(key)) {
          taken.add(key);
          owned.get(m.memberId)!.add(key);
        }
      }
    }
  }

  const subscribers = new Map<string, string[]>();
  for (const topic of input.topics.keys()) subscribers.set(topic, members.filter((m) => m.topics.has(topic)).map((m) => m.memberId));
  const free: string[] = [];
  for (const [topic, count] of input.topics) {
    if (!subscribers.get(topic)!.length) continue;
    for (let p = 0; p < count; p++) if (!taken.has(keyOf(topic, p))) free.push(keyOf(topic, p));
  }
  const constraint = (key: string) => subscribers.get(parseKey(key).topic)!.length;
  free.sort((a, b) => constraint(a) - constraint(b) || compareKeys(a, b));
  for (const key of free) {
    let best: string | undefined;
    for (const id of subscribers.get(parseKey(key).topic)!) {
      if (best === undefined || owned.get(id)!.size < owned.get(best)!.size) best = id;
    }
    owned.get(best!)!.add(key);
  }

  for (;;) {
    const byLoad = [...owned.keys()].sort((a, b) => owned.get(b)!.size - owned.get(a)!.size || (a < b ? -1 : 1));
    const move = findMove(byLoad, owned, eligible);
    if (!move) break;
    owned.get(move.from)!.delete(move.key);
    owned.get(move.to)!.add(move.key);
  }
  return new Map([...owned].map(([id, keys]) => [id, fromKeys(keys)]));
}

function findMove(
  byLoad: string[],
  owned: Map<string, Set<string>>,
  eligible: (memberId: string, key: string) => boolean,
): { from: string; to: string; key: string } | undefined {
  for (const from of byLoad) {
    const keys = [...owned.get(from)!].sort(compareKeys).reverse();
    for (const to of [...byLoad].reverse()) {
      if (owned.get(from)!.size - owned.get(to)!.size < 2) break;
      const key = keys.find((k) => eligible(to, k));
      if (key) return { from, to, key };
    }
  }
  return undefined;
}

function compareKeys(a: string, b: string): number {
  const x = parseKey(a);
  const y = parseKey(b);
  return x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition;
}
