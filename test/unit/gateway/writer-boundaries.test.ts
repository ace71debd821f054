import { describe, expect, it } from 'vitest';
import { Reader } from '../../../gateway/protocol/reader.ts';
import { Writer } from '../../../gateway/protocol/writer.ts';

// Writes that do not fit the scratch buffer move to a new one: each value must land in the buffer
// it was sized for, whatever its size class (copied runs, referenced runs, single bytes).
describe('the writer across scratch-buffer boundaries', () => {
  for (const size of [0, 1, 255, 256, 257, 300, 1023, 1024, 5000, 8191, 8192, 8193, 20_000]) {
    it(`keeps everything around a ${size}-byte run in order`, () => {
      const run = Buffer.alloc(size, 7);
      const w = new Writer();
      for (let i = 0; i < 3; i++) {
        w.int32(5 + i).int16(-2).unsignedVarint(300 + i).raw(run).int64(BigInt(i) - 1n).varint(1 - i).nullableBytes(run, true);
      }
      const out = w.finish();
      expect(out.length).toBe(w.length);
      const r = new Reader(out);
      for (let i = 0; i < 3; i++) {
        expect(r.int32()).toBe(5 + i);
        expect(r.int16()).toBe(-2);
        expect(r.unsignedVarint()).toBe(300 + i);
        expect(r.raw(size).equals(run)).toBe(true);
        expect(r.int64()).toBe(BigInt(i) - 1n);
        expect(r.varint()).toBe(1 - i);
        expect(r.nullableBytes(true)!.equals(run)).toBe(true);
      }
      expect(r.remaining).toBe(0);
    });
  }
});
