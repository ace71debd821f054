import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrames, encodeFrames } from '../../../shared/api/frames.ts';

describe('binary produce frames', () => {
  it('round-trip any list of partition frames', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ partition: fc.integer({ min: 0, max: 4095 }), batches: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.from(a)) }), {
          minLength: 1,
          maxLength: 8,
        }),
        (frames) => {
          expect(decodeFrames(encodeFrames(frames))).toEqual(frames);
        },
      ),
    );
  });

  it('refuse empty, truncated and overlong frames with CORRUPT_BATCH', () => {
    const good = encodeFrames([{ partition: 0, batches: Buffer.from([1, 2, 3]) }]);
    for (const bad of [Buffer.alloc(0), good.subarray(0, 5), good.subarray(0, good.length - 1), Buffer.concat([good, Buffer.from([0])])]) {
      expect(() => decodeFrames(bad)).toThrow(expect.objectContaining({ code: 'CORRUPT_BATCH' }));
    }
    const negative = Buffer.from(good);
    negative.writeInt32BE(-5, 4);
    expect(() => decodeFrames(negative)).toThrow(expect.objectContaining({ code: 'CORRUPT_BATCH' }));
  });
});
