import { describe, expect, it } from 'vitest';
import { judge } from '../../../shared/log/idempotence.ts';
import type { ProducerState } from '../../../shared/log/ports.ts';

const stamp = (firstSeq: number, lastSeq: number, epoch = 0) => ({ producerId: 7, epoch, firstSeq, lastSeq });

describe("the idempotent producer's rules", () => {
  it('accept a first batch at sequence 0 and remember it', () => {
    const v = judge(stamp(0, 2), undefined);
    expect(v.kind).toBe('append');
    if (v.kind === 'append') expect(v.next(40)).toEqual({ epoch: 0, nextSeq: 3, recent: [{ firstSeq: 0, lastSeq: 2, baseOffset: 40 }] });
  });

  it('refuse a first batch that does not start at 0', () => {
    expect(() => judge(stamp(5, 6), undefined)).toThrow(expect.objectContaining({ code: 'OUT_OF_ORDER_SEQUENCE' }));
  });

  it('answer a retried batch among the last five with its original offset', () => {
    const state: ProducerState = {
      epoch: 0,
      nextSeq: 12,
      recent: [0, 2, 4, 6, 8, 10].slice(1).map((s, i) => ({ firstSeq: s, lastSeq: s + 1, baseOffset: 100 + i })),
    };
    expect(judge(stamp(6, 7), state)).toEqual({ kind: 'duplicate', baseOffset: 102 });
    expect(() => judge(stamp(0, 1), state)).toThrow(expect.objectContaining({ code: 'OUT_OF_ORDER_SEQUENCE' }));
    expect(() => judge(stamp(14, 15), state)).toThrow(expect.objectContaining({ code: 'OUT_OF_ORDER_SEQUENCE' }));
  });

  it('keep only the last five batches', () => {
    let state: ProducerState | undefined;
    for (let i = 0; i < 7; i++) {
      const v = judge(stamp(i, i), state);
      if (v.kind !== 'append') throw new Error('expected append');
      state = v.next(i);
    }
    expect(state!.recent.map((b) => b.firstSeq)).toEqual([2, 3, 4, 5, 6]);
  });

  it('fence an older epoch and restart sequences at 0 for a newer one', () => {
    const state: ProducerState = { epoch: 3, nextSeq: 9, recent: [{ firstSeq: 8, lastSeq: 8, baseOffset: 1 }] };
    expect(() => judge(stamp(9, 9, 2), state)).toThrow(expect.objectContaining({ code: 'PRODUCER_FENCED' }));
    expect(() => judge(stamp(9, 9, 4), state)).toThrow(expect.objectContaining({ code: 'OUT_OF_ORDER_SEQUENCE' }));
    const v = judge(stamp(0, 0, 4), state);
    if (v.kind !== 'append') throw new Error('expected append');
    expect(v.next(5).recent).toEqual([{ firstSeq: 0, lastSeq: 0, baseOffset: 5 }]);
  });
});
