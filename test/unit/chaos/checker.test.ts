import { describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, check, knownBetween, type AnomalyKind } from '../../../chaos/checker.ts';
import type { Op, Outcome, PollOp, SendOp } from '../../../chaos/history.ts';

// Hand-made histories: each names its operations in order, with times 1, 2, 3...
let clock = 0;

/** A send of `[value, partition, offset?]` triples; `ok` sends must give every offset. */
function send(process: string, outcome: Outcome, values: Array<[string, number, number?]>, failed?: string[]): SendOp {
  const t = ++clock;
  const offsets: Record<string, number> = {};
  for (const [value, , offset] of values) if (offset !== undefined) offsets[value] = offset;
  return {
    type: 'send', process, invokeTime: t, completeTime: t + 0.5, outcome, attempts: 1,
    values: values.map(([value, partition]) => ({ value, partition })), offsets,
    ...(failed ? { failed } : {}),
  };
}

function poll(process: string, partition: number, from: number, records: Array<[number, string]>, outcome: Outcome = 'ok'): PollOp {
  const t = ++clock;
  return { type: 'poll', process, invokeTime: t, completeTime: t + 0.5, outcome, partition, from, records };
}

/** The kinds found, with their counts, leaving out the zeros. */
function found(ops: Op[]): Partial<Record<AnomalyKind, number>> {
  const { counts } = check(ops);
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

describe('the history checker', () => {
  it('finds nothing in a clean history: every ack read once, in order, by every consumer', () => {
    const ops = [
      send('p0', 'ok', [['a', 0, 0], ['b', 0, 1]]),
      send('p1', 'ok', [['c', 1, 0]]),
      send('p0', 'ok', [['d', 0, 2], ['e', 1, 1]]),
      poll('c0', 0, 0, [[0, 'a'], [1, 'b']]),
      poll('c0', 0, 2, [[2, 'd']]),
      poll('c1', 1, 0, [[0, 'c'], [1, 'e']]),
      poll('c1', 1, 2, []),
    ];
    const result = check(ops);
    expect(result.valid).toBe(true);
    expect(found(ops)).toEqual({});
    expect(result.stats).toMatchObject({ valuesSent: 5, valuesAcked: 5, valuesRead: 5, recordsRead: 5, sends: { ok: 3, fail: 0, info: 0 } });
  });

  it('reports every kind under its Jepsen name', () => {
    expect(ANOMALY_KINDS).toEqual([
      'lost-write', 'duplicate', 'inconsistent-offsets', 'nonmonotonic-send', 'nonmonotonic-poll', 'poll-skip', 'G1a', 'unseen',
      'stale-commit', 'stale-poll', 'nonmonotonic-commit', 'phantom-commit',
      'corrupt-read', 'offset-regression', 'stale-swap', 'unfinished-maintenance',
    ]);
  });

  describe('lost-write', () => {
    it('fires for an acknowledged value that is never read although a higher offset was', () => {
      const ops = [
        send('p0', 'ok', [['a', 0, 0]]),
        send('p0', 'ok', [['b', 0, 1]]),
        send('p0', 'ok', [['c', 0, 2]]),
        poll('c0', 0, 0, [[0, 'a'], [2, 'c']]),
      ];
      const result = check(ops);
      expect(result.counts['lost-write']).toBe(1);
      expect(result.examples['lost-write'][0]).toMatchObject({ value: 'b', partition: 0, offset: 1, highestRead: 2 });
      expect(result.valid).toBe(false);
    });

    it('fires when the offset the value was acknowledged at holds another value', () => {
      const ops = [send('p0', 'ok', [['a', 0, 0]]), send('p1', 'ok', [['x', 0, 0]]), poll('c0', 0, 0, [[0, 'x']])];
      expect(found(ops)).toMatchObject({ 'lost-write': 1, 'inconsistent-offsets': 1 });
    });

    it('is told from unseen by the final catch-up read', () => {
      const live = [send('p0', 'ok', [['a', 0, 0]]), send('p0', 'ok', [['b', 0, 1]])];
      expect(found(live)).toEqual({ unseen: 2 });
      expect(found([...live, poll('final', 0, 0, [[0, 'a'], [1, 'b']])])).toEqual({});
      expect(found([...live, poll('final', 0, 0, [[1, 'b']])])).toMatchObject({ 'lost-write': 1 });
    });
  });

  describe('unseen', () => {
    it('fires for an acknowledged value above everything read', () => {
      const ops = [send('p0', 'ok', [['a', 0, 0]]), send('p0', 'ok', [['b', 0, 1]]), poll('c0', 0, 0, [[0, 'a']])];
      const result = check(ops);
      expect(found(ops)).toEqual({ unseen: 1 });
      expect(result.examples.unseen[0]).toMatchObject({ value: 'b', offset: 1, highestRead: 0 });
    });

    it('is per partition: a read of another partition says nothing', () => {
      const ops = [send('p0', 'ok', [['a', 0, 0]]), send('p0', 'ok', [['b', 1, 5]]), poll('c0', 1, 0, [[5, 'b']])];
      expect(found(ops)).toEqual({ unseen: 1 });
    });
  });

  describe('duplicate', () => {
    it('fires for one value read at two offsets', () => {
      const ops = [send('p0', 'info', [['a', 0]]), poll('c0', 0, 0, [[0, 'a'], [1, 'a']])];
      const result = check(ops);
      expect(found(ops)).toEqual({ duplicate: 1 });
      expect(result.examples.duplicate[0]).toMatchObject({ value: 'a', offsets: [0, 1] });
    });

    it('fires when a read finds a value away from the offset it was acknowledged at', () => {
      // The retried send was acknowledged at 1; the indeterminate first attempt had landed at 0.
      const ops = [send('p0', 'ok', [['a', 0, 1]]), poll('c0', 0, 0, [[0, 'a']])];
      expect(found(ops)).toMatchObject({ duplicate: 1 });
    });
  });

  describe('inconsistent-offsets', () => {
    it('fires for two values read at one offset by different consumers', () => {
      const ops = [
        send('p0', 'info', [['a', 0]]),
        send('p1', 'info', [['b', 0]]),
        poll('c0', 0, 0, [[0, 'a']]),
        poll('c1', 0, 0, [[0, 'b']]),
      ];
      const result = check(ops);
      expect(found(ops)).toEqual({ 'inconsistent-offsets': 1 });
      expect(result.examples['inconsistent-offsets'][0]).toMatchObject({ partition: 0, offset: 0, values: ['a', 'b'] });
    });

    it('fires for two sends acknowledged with the same offset', () => {
      const ops = [send('p0', 'ok', [['a', 0, 0]]), send('p1', 'ok', [['b', 0, 0]]), poll('c0', 0, 0, [[0, 'a']])];
      expect(found(ops)).toMatchObject({ 'inconsistent-offsets': 1, 'lost-write': 1 });
    });

    it('does not confuse equal offsets of different partitions', () => {
      const ops = [send('p0', 'ok', [['a', 0, 0], ['b', 1, 0]]), poll('c0', 0, 0, [[0, 'a']]), poll('c0', 1, 0, [[0, 'b']])];
      expect(found(ops)).toEqual({});
    });
  });

  describe('nonmonotonic-send', () => {
    it("fires when a producer's later send gets a lower offset in the same partition", () => {
      const ops = [
        send('p0', 'ok', [['a', 0, 5]]),
        send('p0', 'ok', [['b', 0, 3]]),
        poll('c0', 0, 3, [[3, 'b'], [4, 'x'], [5, 'a']]),
        send('px', 'info', [['x', 0]]),
      ];
      const result = check(ops);
      expect(found(ops)).toEqual({ 'nonmonotonic-send': 1 });
      expect(result.examples['nonmonotonic-send'][0]).toMatchObject({ process: 'p0', previous: { offset: 5, value: 'a' }, next: { offset: 3, value: 'b' } });
    });

    it('ignores order across producers and across partitions', () => {
      const ops = [
        send('p0', 'ok', [['a', 0, 5]]),
        send('p1', 'ok', [['b', 0, 3]]),
        send('p0', 'ok', [['c', 1, 0]]),
        poll('c0', 0, 3, [[3, 'b'], [4, 'x'], [5, 'a']]),
        poll('c0', 1, 0, [[0, 'c']]),
        send('px', 'info', [['x', 0]]),
      ];
      expect(found(ops)).toEqual({});
    });
  });

  describe('nonmonotonic-poll', () => {
    it("fires when a consumer's next poll goes back", () => {
      const ops = [
        send('p0', 'ok', [['a', 0, 0], ['b', 0, 1], ['c', 0, 2]]),
        poll('c0', 0, 0, [[0, 'a'], [1, 'b'], [2, 'c']]),
        poll('c0', 0, 1, [[1, 'b']]),
      ];
      const result = check(ops);
      expect(found(ops)).toEqual({ 'nonmonotonic-poll': 1 });
      expect(result.examples['nonmonotonic-poll'][0]).toMatchObject({ process: 'c0', previous: 2, next: 1 });
    });

    it('fires inside one poll that goes back', () => {
      const ops = [send('p0', 'ok', [['a', 0, 0], ['b', 0, 1]]), poll('c0', 0, 0, [[1, 'b'], [0, 'a']])];
      expect(found(ops)).toMatchObject({ 'nonmonotonic-poll': 1 });
    });

    it('allows a new consumer process to read from the start again', () => {
      const ops = [send('p0', 'ok', [['a', 0, 0], ['b', 0, 1]]), poll('c0', 0, 0, [[0, 'a'], [1, 'b']]), poll('c0#2', 0, 0, [[0, 'a'], [1, 'b']])];
      expect(found(ops)).toEqual({});
    });
  });

  describe('poll-skip', () => {
    it('fires when successive polls jump over an offset known to hold a value', () => {
      const ops = [
        send('p0', 'ok', [['a', 0, 0], ['b', 0, 1], ['c', 0, 2]]),
        poll('c0', 0, 0, [[0, 'a']]),
        poll('c0', 0, 2, [[2, 'c']]),
        poll('c1', 0, 0, [[0, 'a'], [1, 'b'], [2, 'c']]),
      ];
      const result = check(ops);
      expect(found(ops)).toEqual({ 'poll-skip': 1 });
      expect(result.examples['poll-skip'][0]).toMatchObject({ process: 'c0', previous: 0, next: 2, skipped: [1] });
    });

    it("fires when a consumer's first poll starts past the offset it asked for", () => {
      const ops = [send('p0', 'ok', [['a', 0, 0], ['b', 0, 1]]), poll('c0', 0, 0, [[1, 'b']]), poll('c1', 0, 0, [[0, 'a'], [1, 'b']])];
      expect(found(ops)).toEqual({ 'poll-skip': 1 });
    });

    it('does not fire over offsets nobody knows of', () => {
      // Offset 1 held a value of a send whose outcome is unknown and nobody read it: no evidence it exists.
      const ops = [send('p0', 'ok', [['a', 0, 0], ['c', 0, 2]]), poll('c0', 0, 0, [[0, 'a'], [2, 'c']])];
      expect(found(ops)).toEqual({});
    });

    it('ignores failed polls', () => {
      const ops = [send('p0', 'ok', [['a', 0, 0], ['b', 0, 1]]), poll('c0', 0, 0, [], 'fail'), poll('c0', 0, 0, [[0, 'a'], [1, 'b']])];
      expect(found(ops)).toEqual({});
    });
  });

  describe('G1a (aborted read)', () => {
    it('fires when a value whose send definitely failed is read', () => {
      const ops = [send('p0', 'fail', [['a', 0]]), send('p0', 'ok', [['b', 0, 1]]), poll('c0', 0, 0, [[0, 'a'], [1, 'b']])];
      const result = check(ops);
      expect(found(ops)).toEqual({ G1a: 1 });
      expect(result.examples.G1a[0]).toMatchObject({ value: 'a', offsets: [0] });
    });

    it('fires for the definitely failed part of an indeterminate send', () => {
      const ops = [send('p0', 'info', [['a', 0, 0], ['b', 1]], ['b']), poll('c0', 0, 0, [[0, 'a']]), poll('c0', 1, 0, [[0, 'b']])];
      expect(found(ops)).toEqual({ G1a: 1 });
    });

    it('does not fire for an indeterminate send that did land', () => {
      const ops = [send('p0', 'info', [['a', 0]]), poll('c0', 0, 0, [[0, 'a']])];
      expect(found(ops)).toEqual({});
    });
  });

  it('accepts indeterminate sends that never landed', () => {
    expect(found([send('p0', 'info', [['a', 0]]), send('p0', 'fail', [['b', 0]]), poll('final', 0, 0, [])])).toEqual({});
  });

  it('counts every anomaly but keeps a bounded number of examples', () => {
    const ops: Op[] = [];
    for (let i = 0; i < 30; i++) ops.push(send('p0', 'ok', [[`v${i}`, 0, i]]));
    ops.push(poll('c0', 0, 29, [[29, 'v29']]));
    const result = check(ops, { maxExamples: 3 });
    expect(result.counts['lost-write']).toBe(29);
    expect(result.examples['lost-write']).toHaveLength(3);
  });

  it('refuses an ok send without an offset', () => {
    expect(() => check([send('p0', 'ok', [['a', 0]])])).toThrow(/malformed history/);
  });

  it('knownBetween finds the known offsets strictly inside a gap', () => {
    expect(knownBetween([0, 1, 3, 7, 9], 1, 9)).toEqual([3, 7]);
    expect(knownBetween([0, 1, 3], -1, 1)).toEqual([0]);
    expect(knownBetween([], 0, 100)).toEqual([]);
    expect(knownBetween([5], 4, 6)).toEqual([5]);
    expect(knownBetween([5], 5, 6)).toEqual([]);
  });
});
