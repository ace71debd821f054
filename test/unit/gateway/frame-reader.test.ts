import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../gateway/protocol/errors.ts';
import { FrameReader } from '../../../gateway/server/frame-reader.ts';

const frame = (payload: string): Buffer => {
  const body = Buffer.from(payload);
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
};

describe('FrameReader', () => {
  it('yields frames split across chunks and several frames from one chunk', () => {
    const r = new FrameReader(100);
    const bytes = Buffer.concat([frame('hello'), frame('a'), frame('world!')]);
    const got: string[] = [];
    for (let i = 0; i < bytes.length; i += 3) {
      r.push(bytes.subarray(i, i + 3));
      for (let f = r.take(); f; f = r.take()) got.push(f.toString());
    }
    expect(got).toEqual(['hello', 'a', 'world!']);
    expect(r.bufferedBytes).toBe(0);
  });

  it('knows the next size before the frame has arrived', () => {
    const r = new FrameReader(100);
    r.push(frame('abcdef').subarray(0, 6));
    expect(r.nextSize()).toBe(6);
    expect(r.take()).toBeUndefined();
  });

  it('refuses sizes that are zero, negative or above the maximum', () => {
    for (const size of [0, -1, 101, 0x7fffffff]) {
      const r = new FrameReader(100);
      const head = Buffer.alloc(4);
      head.writeInt32BE(size, 0);
      r.push(head);
      expect(() => r.take()).toThrow(ProtocolError);
    }
  });
});
