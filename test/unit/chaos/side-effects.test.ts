import { describe, expect, it } from 'vitest';
import { judgeAttempt } from '../../../chaos/side-effects.ts';

describe("a failed attempt judged by the SDK's side-effect rule", () => {
  it('takes an explicit noSideEffects as proof that nothing was written', () => {
    expect(judgeAttempt({ code: 'STORAGE_UNAVAILABLE', retriable: true, details: { noSideEffects: true } }, [0, 1])).toEqual({ committed: [], maybeWritten: [], retriable: true });
  });

  it('treats a storage outage without the flag as a write that may have happened', () => {
    expect(judgeAttempt({ code: 'STORAGE_UNAVAILABLE', retriable: true, details: {} }, [0, 1]).maybeWritten).toEqual([0, 1]);
  });

  it('believes the SDK that a 4xx wrote nothing', () => {
    expect(judgeAttempt({ code: 'UNKNOWN_TOPIC', retriable: false, status: 404, details: {} }, [0]).maybeWritten).toEqual([]);
  });

  it('splits a partial commit into committed, definitely failed and maybe written partitions', () => {
    const v = judgeAttempt(
      {
        code: 'CONCURRENT_APPEND',
        retriable: true,
        details: {
          committed: [{ partition: 0, baseOffset: 4 }],
          failed: [{ partition: 1, code: 'CONCURRENT_APPEND' }, { partition: 2, code: 'STORAGE_UNAVAILABLE' }],
        },
      },
      [0, 1, 2],
    );
    expect(v).toEqual({ committed: [{ partition: 0, baseOffset: 4 }], maybeWritten: [2], retriable: true });
  });

  it('lets an explicit noSideEffects: false win over a code the SDK would believe', () => {
    expect(judgeAttempt({ code: 'THROTTLED', retriable: true, details: { noSideEffects: false } }, [3]).maybeWritten).toEqual([3]);
  });
});
