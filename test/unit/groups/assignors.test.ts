import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rangeAssignor } from '../../../shared/groups/assignors/range.ts';
import type { AssignorInput } from '../../../shared/groups/assignors/types.ts';
import { uniformAssignor } from '../../../shared/groups/assignors/uniform.ts';
import { toKeys } from '../../../shared/groups/partition-set.ts';
import type { Assignment } from '../../../shared/groups/ports.ts';

const members = (ids: string[], topics: string[]) => ids.map((memberId) => ({ memberId, topics: new Set(topics) }));
const loads = (a: Assignment) => [...a.values()].map((set) => toKeys(set).size);
const owner = (a: Assignment) => new Map([...a].flatMap(([id, set]) => [...toKeys(set)].map((k) => [k, id] as const)));
const movedKeys = (before: Assignment, after: Assignment) => {
  const was = owner(before);
  return [...owner(after)].filter(([k, id]) => was.has(k) && was.get(k) !== id).map(([k]) => k).sort();
};
const moved = (before: Assignment, after: Assignment) => movedKeys(before, after).length;

function everyPartitionOnce(input: AssignorInput, out: Assignment): void {
  const seen = new Map<string, string>();
  for (const [id, set] of out) {
    const m = input.members.find((x) => x.memberId === id)!;
    for (const key of toKeys(set)) {
      expect(seen.has(key)).toBe(false);
      seen.set(key, id);
      expect(m.topics.has(key.slice(0, key.lastIndexOf(':')))).toBe(true);
    }
  }
  for (const [topic, n] of input.topics) {
    const subscribed = input.members.some((m) => m.topics.has(topic));
    for (let p = 0; p < n; p++) expect(seen.has(`${topic}:${p}`)).toBe(subscribed);
  }
}

describe('the uniform sticky assignor', () => {
  it('balances partitions across members to within one', () => {
    const input = { members: members(['a', 'b', 'c'], ['t', 'u']), topics: new Map([['t', 7], ['u', 3]]), previous: new Map() };
    const out = uniformAssignor(input);
    everyPartitionOnce(input, out);
    expect(loads(out).sort()).toEqual([3, 3, 4]);
  });

  it('moves only what a joining member must take, and only from the most loaded', () => {
    const topics = new Map([['t', 12]]);
    const before = uniformAssignor({ members: members(['a', 'b', 'c'], ['t']), topics, previous: new Map() });
    const after = uniformAssignor({ members: members(['a', 'b', 'c', 'd'], ['t']), topics, previous: before });
    expect(loads(after)).toEqual([3, 3, 3, 3]);
    expect(moved(before, after)).toBe(3);
  });

  it('moves only the partitions of a member that left', () => {
    const topics = new Map([['t', 10]]);
    const before = uniformAssignor({ members: members(['a', 'b', 'c', 'd', 'e'], ['t']), topics, previous: new Map() });
    const after = uniformAssignor({ members: members(['a', 'b', 'd', 'e'], ['t']), topics, previous: before });
    expect(movedKeys(before, after)).toEqual([...toKeys(before.get('c')!)].sort());
    expect(loads(after).sort()).toEqual([2, 2, 3, 3]);
  });

  it('gives each partition only to members subscribed to its topic', () => {
    const input = {
      members: [
        { memberId: 'a', topics: new Set(['t']) },
        { memberId: 'b', topics: new Set(['t', 'u']) },
        { memberId: 'c', topics: new Set(['u']) },
      ],
      topics: new Map([['t', 4], ['u', 4]]),
      previous: new Map(),
    };
    const out = uniformAssignor(input);
    everyPartitionOnce(input, out);
    expect(loads(out).sort()).toEqual([2, 3, 3]);
  });

  it('assigns every partition exactly once, balanced for equal subscriptions, whatever came before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 12 }), (m1, n, m2) => {
        const topics = new Map([['t', n]]);
        const ids = (k: number, prefix: string) => Array.from({ length: k }, (_, i) => `${prefix}${i}`);
        const first = uniformAssignor({ members: members(ids(m1, 'x'), ['t']), topics, previous: new Map() });
        const input = { members: members([...ids(Math.min(m1, m2), 'x'), ...ids(Math.max(0, m2 - m1), 'y')], ['t']), topics, previous: first };
        const out = uniformAssignor(input);
        everyPartitionOnce(input, out);
        expect(Math.max(...loads(out)) - Math.min(...loads(out))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the range assignor', () => {
  it('gives each member a contiguous range per topic, the first members one more, as Kafka does', () => {
    const out = rangeAssignor({ members: members(['b', 'a', 'c'], ['t', 'u']), topics: new Map([['t', 7], ['u', 2]]), previous: new Map() });
    expect(out.get('a')).toEqual(new Map([['t', [0, 1, 2]], ['u', [0]]]));
    expect(out.get('b')).toEqual(new Map([['t', [3, 4]], ['u', [1]]]));
    expect(out.get('c')).toEqual(new Map([['t', [5, 6]]]));
  });
});
