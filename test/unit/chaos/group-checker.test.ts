import { describe, expect, it } from 'vitest';
import { check, type AnomalyKind } from '../../../chaos/checker.ts';
import { commit, committed, finalRead, gpoll, hb, leave, log, type Op } from './group-history-fixtures.ts';

/** With the final catch-up read of the whole log, as every run ends. */
function withFinalRead(ops: Op[]): Op[] {
  const written = ops.reduce((n, o) => (o.type === 'send' ? n + o.values.length : n), 0);
  return [...ops, finalRead(written)];
}

/** The kinds found, with their counts, leaving out the zeros. */
function found(ops: Op[]): Partial<Record<AnomalyKind, number>> {
  return Object.fromEntries(Object.entries(check(withFinalRead(ops)).counts).filter(([, n]) => n > 0));
}

// A clean hand-over: a owns partition 0, reads 0-5, commits 4 and dies; b takes the partition once
// a's lease is over, starts at 4, reads 4-7 (4 and 5 again), commits 8, and leaves.
const handOver = (): Op[] => [
  log(8),
  hb('a', [10, 20], [0]),
  gpoll('a', 30, 0, [0, 1, 2]),
  gpoll('a', 40, 3, [3, 4, 5]),
  commit('a', [50, 60], 4),
  hb('b', [3_100, 3_110], [0]),
  gpoll('b', 3_120, 4, [4, 5, 6, 7]),
  commit('b', [3_130, 3_140], 8),
  leave('b', [3_150, 3_160]),
  committed(3_200, 8),
];

describe('the consumer-group checks', () => {
  it('find nothing in a clean hand-over, and count what was delivered again as redeliveries', () => {
    const result = check(withFinalRead(handOver()));
    expect(found(handOver())).toEqual({});
    expect(result.stats.group).toMatchObject({ members: 2, deliveries: 10, redeliveries: 2, commits: { accepted: 2, rejected: 0, unknown: 0 } });
  });

  it('let a member that gets a partition back start again from the committed offset', () => {
    const ops = [log(6), hb('a', [10, 20], [0]), gpoll('a', 30, 0, [0, 1, 2, 3]), commit('a', [40, 50], 2), gpoll('a', 60, 2, [2, 3, 4], 2)];
    expect(found(ops)).toEqual({});
  });

  describe('poll-skip', () => {
    it('fires for a commit past offsets nobody was given, once per offset', () => {
      const ops = [log(6), hb('a', [10, 20], [0]), gpoll('a', 30, 0, [0, 1]), commit('a', [40, 50], 4), commit('a', [60, 70], 5)];
      const r = check(withFinalRead(ops));
      expect(r.counts['poll-skip']).toBe(3);
      expect(r.examples['poll-skip'].map((a) => a.offset)).toEqual([2, 3, 4]);
    });

    it('fires when the final committed offset is past an offset nobody was given', () => {
      // The commit of 4 was sent (its answer lost), so the store may hold it: no phantom.
      expect(found([log(4), hb('a', [10, 20], [0]), gpoll('a', 30, 0, [0, 1, 2]), commit('a', [40, 50], 4, { unknown: true }), committed(100, 4)])).toEqual({ 'poll-skip': 1 });
    });

    it('does not fire for offsets delivered before the commit completed, by any member', () => {
      // b had read 0-3 and died without committing; a, owning the partition after b's lease, read 0-1 and commits 4.
      const ops = [log(4), hb('b', [1, 2], [0]), gpoll('b', 5, 0, [0, 1, 2, 3]), hb('a', [3_100, 3_110], [0]), gpoll('a', 3_120, 0, [0, 1]), commit('a', [3_130, 3_140], 4)];
      expect(found(ops)).toEqual({});
    });

    it('fires when a member starts owning a partition above every offset the group could have committed', () => {
      const ops = [log(8), hb('a', [10, 20], [0]), gpoll('a', 30, 0, [0, 1, 2, 3]), commit('a', [40, 50], 4), hb('b', [3_050, 3_060], [0]), gpoll('b', 3_100, 6, [6, 7])];
      expect(found(ops)).toEqual({ 'poll-skip': 1 });
      // A commit that may have landed (its answer lost) is a place the member may start from.
      expect(found([...ops, commit('a', [55, 60], 6, { unknown: true })])).toEqual({});
    });

    it('fires within one ownership that jumps over an offset, and nonmonotonic-poll for one that goes back', () => {
      const joined = hb('b', [1, 2], [0]);
      expect(found([log(8), joined, gpoll('b', 10, 0, [0, 1]), gpoll('b', 20, 2, [3])])).toEqual({ 'poll-skip': 1 });
      expect(found([log(8), joined, gpoll('b', 10, 0, [0, 1, 2]), gpoll('b', 20, 3, [1])])).toEqual({ 'nonmonotonic-poll': 1 });
    });
  });

  describe('stale-commit', () => {
    it('fires for a commit accepted after the member left', () => {
      const ops = [...handOver(), commit('b', [3_170, 3_180], 8)];
      expect(found(ops)).toEqual({ 'stale-commit': 1 });
      expect(check(withFinalRead(ops)).examples['stale-commit'][0]).toMatchObject({ reason: 'after-leave', member: 'b' });
    });

    it('fires for a commit accepted after the lease ran out by the member\'s last answer, unless it was fenced', () => {
      const base = [log(4), hb('a', [10, 100], [0], { leaseExpiresInMs: 3_000 }), gpoll('a', 110, 0, [0, 1, 2, 3])];
      expect(found([...base, commit('a', [3_200, 3_210], 4, { zombie: true })])).toEqual({ 'stale-commit': 1 });
      expect(found([...base, commit('a', [3_200, 3_210], 4, { zombie: true, fenced: true })])).toEqual({});
      expect(found([...base, commit('a', [3_000, 3_010], 4)])).toEqual({});
    });

    it('counts a heartbeat without an answer as one that may have renewed the lease', () => {
      const ops = [log(4), hb('a', [10, 100], [0]), gpoll('a', 110, 0, [0, 1, 2, 3]), hb('a', [1_000, 2_000], [], { outcome: 'info' }), commit('a', [3_200, 3_210], 4)];
      expect(found(ops)).toEqual({});
    });

    it('fires for a commit accepted while another member was known to own the partition', () => {
      const ops = [log(4), hb('a', [10, 100], [0]), gpoll('a', 110, 0, [0, 1, 2, 3]), hb('b', [400, 500], [0]), commit('a', [600, 610], 4)];
      expect(found(ops)).toEqual({ 'stale-commit': 1 });
      expect(check(withFinalRead(ops)).examples['stale-commit'][0]).toMatchObject({ reason: 'owned-by-another', owner: 'b' });
      // Unless the member may have taken it back since.
      expect(found([...ops.slice(0, -1), hb('a', [450, 550], [0]), ops.at(-1)!])).toEqual({});
    });
  });

  describe('stale-poll', () => {
    it('fires for records given to a member after its lease was over by its own answers', () => {
      const ops = [log(4), hb('a', [10, 100], [0], { leaseExpiresInMs: 3_000 }), gpoll('a', 110, 0, [0, 1]), gpoll('a', 3_200, 2, [2, 3])];
      expect(found(ops)).toEqual({ 'stale-poll': 1 });
      expect(check(withFinalRead(ops)).examples['stale-poll'][0]).toMatchObject({ reason: 'lease-expired', offsets: [2, 3] });
      // Renewed in time, nothing.
      expect(found([...ops.slice(0, 3), hb('a', [1_500, 1_600], [0]), ops[3]!])).toEqual({});
    });

    it('fires for records given to a member while another member was known to own the partition', () => {
      const ops = [log(4), hb('a', [10, 100], [0]), gpoll('a', 110, 0, [0, 1]), hb('b', [200, 300], [0]), gpoll('a', 400, 2, [2, 3])];
      expect(found(ops)).toEqual({ 'stale-poll': 1 });
      expect(check(withFinalRead(ops)).examples['stale-poll'][0]).toMatchObject({ reason: 'owned-by-another', owner: 'b' });
    });

    it('does not fire for a poll without records', () => {
      expect(found([log(2), hb('a', [10, 100], [0]), gpoll('a', 110, 0, [0, 1]), gpoll('a', 5_000, 2, [])])).toEqual({});
    });
  });

  describe('nonmonotonic-commit', () => {
    it('fires for an accepted commit below one accepted before it began, not for concurrent ones', () => {
      const ops = [log(10), hb('a', [1, 2], [0]), gpoll('a', 3, 0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), commit('a', [10, 20], 10)];
      expect(found([...ops, commit('a', [30, 40], 8)])).toEqual({ 'nonmonotonic-commit': 1 });
      expect(found([...ops, commit('a', [15, 40], 8)])).toEqual({});
    });

    it('fires when the final committed offset is below an accepted commit', () => {
      const ops = [log(10), hb('a', [1, 2], [0]), gpoll('a', 3, 0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), commit('a', [4, 5], 7, { unknown: true }), commit('a', [10, 20], 10), committed(100, 7)];
      expect(found(ops)).toEqual({ 'nonmonotonic-commit': 1 });
    });
  });

  describe('phantom-commit', () => {
    it('fires when the store holds an offset no member sent, as a build storing commits ahead would', () => {
      const ops = [log(10), hb('a', [1, 2], [0]), gpoll('a', 3, 0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), commit('a', [10, 20], 10), committed(100, 12)];
      expect(found(ops)).toEqual({ 'phantom-commit': 1 });
      // What a member sent, accepted or with its answer lost, may be what the store holds.
      expect(found([...ops.slice(0, -1), committed(100, 10)])).toEqual({});
      expect(found([...ops.slice(0, -1), commit('a', [30, 40], 12, { unknown: true }), committed(100, 12)])).toEqual({});
      // A commit the fence refused never stored its offset.
      expect(found([...ops.slice(0, -1), commit('a', [30, 40], 12, { fenced: true }), committed(100, 12)])).toEqual({ 'phantom-commit': 1 });
    });
  });

  it('counts commits sent late by killed members', () => {
    const ops = [...handOver(), commit('a', [3_300, 3_310], 6, { zombie: true, fenced: true })];
    expect(found(ops)).toEqual({});
    expect(check(withFinalRead(ops)).stats.group).toMatchObject({ zombieCommits: 1, zombieAccepted: 0, commits: { accepted: 2, rejected: 1, unknown: 0 } });
  });
});
