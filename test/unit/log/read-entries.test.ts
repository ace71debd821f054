import { describe, expect, it } from 'vitest';
import { joinBytes } from '../../../shared/log/read-entries.ts';

describe('joinBytes', () => {
  // Its own memory (Buffer.alloc does not use the shared pool that small copies come from).
  const got = Buffer.alloc(64);
  for (let i = 0; i < got.length; i++) got[i] = i;

  it('returns back-to-back views of one buffer as one view of it, not a copy', () => {
    const parts = [got.subarray(4, 10), got.subarray(10, 30), got.subarray(30, 31)];
    const joined = joinBytes(parts);
    expect(joined.equals(got.subarray(4, 31))).toBe(true);
    expect(joined.buffer).toBe(got.buffer);
    expect(joined.byteOffset).toBe(got.byteOffset + 4);
    // A view: writing through the source shows in the result.
    got[5] = 200;
    expect(joined[1]).toBe(200);
    got[5] = 5;
  });

  it('copies parts with a gap between them, or out of order, or from different buffers', () => {
    const other = Buffer.from([250, 251, 252]);
    const cases: Buffer[][] = [
      [got.subarray(0, 8), got.subarray(9, 16)],
      [got.subarray(8, 16), got.subarray(0, 8)],
      [got.subarray(0, 8), other],
    ];
    for (const parts of cases) {
      const joined = joinBytes(parts);
      expect(joined.equals(Buffer.concat(parts))).toBe(true);
      expect(joined.buffer).not.toBe(got.buffer);
    }
  });

  it('passes over empty parts (a compacted chunk with no records left) without copying', () => {
    const parts = [got.subarray(0, 8), Buffer.alloc(0), got.subarray(8, 16), Buffer.alloc(0)];
    const joined = joinBytes(parts);
    expect(joined.equals(got.subarray(0, 16))).toBe(true);
    expect(joined.buffer).toBe(got.buffer);
    expect(joinBytes([Buffer.alloc(0), Buffer.alloc(0)]).length).toBe(0);
  });

  it('returns one part as it is, and nothing as an empty buffer', () => {
    const one = got.subarray(3, 9);
    expect(joinBytes([one]).equals(one)).toBe(true);
    expect(joinBytes([one]).buffer).toBe(got.buffer);
    expect(joinBytes([]).length).toBe(0);
  });
});
