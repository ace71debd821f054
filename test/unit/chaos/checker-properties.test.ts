import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../../chaos/checker.ts';
import type { Op, PollOp, SendOp } from '../../../chaos/history.ts';

// Histories of a correct log, generated: sends land (or not) at contiguous offsets per partition,
// and consumers read contiguous chunks of what landed. The checker must find nothing in them, and
// must find the anomaly planted in a broken copy.

type Fate = 'ok' | 'info-landed' | 'info-lost' | 'fail';

const sendSpec = fc.record({ producer: fc.integer({ min: 0, max: 2 }), partition: fc.integer({ min: 0, max: 2 }), fate: fc.constantFrom<Fate>('ok', 'ok', 'ok', 'info-landed', 'info-lost', 'fail') });
const historySpec = fc.record({
  sends: fc.array(sendSpec, { minLength: 1, maxLength: 40 }),
  chunks: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 30 }),
});

function build(spec: { sends: { producer: number; partition: number; fate: Fate }[]; chunks: number[] }): Op[] {
  let t = 0;
  const logs: string[][] = [[], [], []];
  const ops: Op[] = [];
  spec.sends.forEach((s, i) => {
    const value = `p${s.producer}-${i}`;
    const lands = s.fate === 'ok' || s.fate === 'info-landed';
    const offset = logs[s.partition]!.length;
    if (lands) logs[s.partition]!.push(value);
    const op: SendOp = {
      type: 'send', process: `p${s.producer}`, invokeTime: ++t, completeTime: t + 0.5, attempts: 1,
      outcome: s.fate === 'ok' ? 'ok' : s.fate === 'fail' ? 'fail' : 'info',
      values: [{ value, partition: s.partition }], offsets: s.fate === 'ok' ? { [value]: offset } : {},
    };
    ops.push(op);
  });
  // One consumer reads each partition in the chunks given, then a final catch-up reads it all.
  for (let p = 0; p < 3; p++) {
    let pos = 0;
    for (const size of spec.chunks) {
      if (pos >= logs[p]!.length) break;
      const records = logs[p]!.slice(pos, pos + size).map((v, i): [number, string] => [pos + i, v]);
      ops.push({ type: 'poll', process: 'c0', invokeTime: ++t, completeTime: t + 0.5, outcome: 'ok', partition: p, from: pos, records });
      pos += records.length;
    }
    const all = logs[p]!.map((v, i): [number, string] => [i, v]);
    ops.push({ type: 'poll', process: 'final', invokeTime: ++t, completeTime: t + 0.5, outcome: 'ok', partition: p, from: 0, records: all });
  }
  return ops;
}

const polls = (ops: Op[]) => ops.filter((o): o is PollOp => o.type === 'poll');

describe('the checker on generated histories', () => {
  it('finds no anomaly in any history of a correct log', () => {
    fc.assert(
      fc.property(historySpec, (spec) => {
        const result = check(build(spec));
        expect(result.counts).toEqual({
          'lost-write': 0, duplicate: 0, 'inconsistent-offsets': 0, 'nonmonotonic-send': 0, 'nonmonotonic-poll': 0, 'poll-skip': 0, G1a: 0, unseen: 0,
          'stale-commit': 0, 'stale-poll': 0, 'nonmonotonic-commit': 0, 'phantom-commit': 0,
          'corrupt-read': 0, 'offset-regression': 0, 'stale-swap': 0, 'unfinished-maintenance': 0,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('reports an acknowledged value that no read ever returns', () => {
    fc.assert(
      fc.property(historySpec, fc.nat(), (spec, pick) => {
        const ops = build(spec);
        const acked = ops.filter((o): o is SendOp => o.type === 'send' && o.outcome === 'ok');
        fc.pre(acked.length > 0);
        const gone = acked[pick % acked.length]!.values[0]!.value;
        for (const p of polls(ops)) p.records = p.records.filter(([, v]) => v !== gone);
        const { counts } = check(ops);
        expect(counts['lost-write'] + counts.unseen).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('reports a read of a value whose send definitely failed', () => {
    fc.assert(
      fc.property(historySpec, fc.nat(), (spec, pick) => {
        const ops = build(spec);
        const landed = ops.filter((o): o is SendOp => o.type === 'send' && o.outcome === 'info' && polls(ops).some((p) => p.records.some(([, v]) => v === o.values[0]!.value)));
        fc.pre(landed.length > 0);
        landed[pick % landed.length]!.outcome = 'fail';
        expect(check(ops).counts.G1a).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('reports a consumer that reads a record twice at different offsets', () => {
    fc.assert(
      fc.property(historySpec, (spec) => {
        const ops = build(spec);
        const final = polls(ops).find((p) => p.process === 'final' && p.records.length > 0);
        fc.pre(final !== undefined);
        const [offset, value] = final!.records[final!.records.length - 1]!;
        final!.records.push([offset + 1, value]);
        expect(check(ops).counts.duplicate).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});
