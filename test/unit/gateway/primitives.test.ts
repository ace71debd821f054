import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../gateway/protocol/errors.ts';
import { Reader } from '../../../gateway/protocol/reader.ts';
import { ZERO_UUID } from '../../../gateway/protocol/uuid.ts';
import { Writer } from '../../../gateway/protocol/writer.ts';

const bytesOf = (f: (w: Writer) => void): Buffer => {
  const w = new Writer();
  f(w);
  return w.finish();
};

describe('Writer and Reader', () => {
  it('round-trip fixed-width integers at their limits, big-endian', () => {
    const buf = bytesOf((w) =>
      w.int8(-128).int8(127).int16(-32768).int16(32767).uint16(65535).int32(-(2 ** 31)).int32(2 ** 31 - 1).uint32(2 ** 32 - 1).int64(-(2n ** 63n)).int64(2n ** 63n - 1n).float64(-1.5).bool(true).bool(false),
    );
    expect(buf.subarray(2, 4).toString('hex')).toBe('8000');
    const r = new Reader(buf);
    expect([r.int8(), r.int8(), r.int16(), r.int16(), r.uint16(), r.int32(), r.int32(), r.uint32()]).toEqual([-128, 127, -32768, 32767, 65535, -(2 ** 31), 2 ** 31 - 1, 2 ** 32 - 1]);
    expect([r.int64(), r.int64()]).toEqual([-(2n ** 63n), 2n ** 63n - 1n]);
    expect([r.float64(), r.bool(), r.bool()]).toEqual([-1.5, true, false]);
    expect(r.remaining).toBe(0);
  });

  it('encodes unsigned varints as LEB128 (300 is ac 02)', () => {
    expect(bytesOf((w) => w.unsignedVarint(300)).toString('hex')).toBe('ac02');
    expect(bytesOf((w) => w.unsignedVarint(0)).toString('hex')).toBe('00');
    expect(bytesOf((w) => w.unsignedVarint(2 ** 32 - 1)).toString('hex')).toBe('ffffffff0f');
  });

  it('zigzags signed varints and varlongs (-1 is 01, 1 is 02)', () => {
    expect(bytesOf((w) => w.varint(-1)).toString('hex')).toBe('01');
    expect(bytesOf((w) => w.varint(1)).toString('hex')).toBe('02');
    expect(bytesOf((w) => w.varlong(-(2n ** 63n))).toString('hex')).toBe('ffffffffffffffffff01');
  });

  it('round-trips any 32-bit varint and 64-bit varlong', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (i, l, u) => {
        const r = new Reader(bytesOf((w) => w.varint(i).varlong(l).unsignedVarint(u)));
        expect([r.varint(), r.varlong(), r.unsignedVarint()]).toEqual([i, l, u]);
        expect(r.remaining).toBe(0);
      }),
    );
  });

  it('refuses a varint longer than five bytes', () => {
    expect(() => new Reader(Buffer.from('ffffffffff01', 'hex')).unsignedVarint()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from('ffffffff1f', 'hex')).unsignedVarint()).toThrow(ProtocolError);
  });

  it('writes classic strings with an int16 length and -1 for null, compact ones with length + 1 and 0 for null', () => {
    expect(bytesOf((w) => w.nullableString('ab', false)).toString('hex')).toBe('00026162');
    expect(bytesOf((w) => w.nullableString(null, false)).toString('hex')).toBe('ffff');
    expect(bytesOf((w) => w.nullableString('ab', true)).toString('hex')).toBe('036162');
    expect(bytesOf((w) => w.nullableString(null, true)).toString('hex')).toBe('00');
    const r = new Reader(bytesOf((w) => w.nullableString('héllo', false).nullableString(null, false).nullableString('', true).nullableString(null, true)));
    expect([r.string(false), r.nullableString(false), r.string(true), r.nullableString(true)]).toEqual(['héllo', null, '', null]);
  });

  it('writes bytes with an int32 length (classic) or a compact length', () => {
    expect(bytesOf((w) => w.nullableBytes(Buffer.from([9]), false)).toString('hex')).toBe('0000000109');
    expect(bytesOf((w) => w.nullableBytes(null, false)).toString('hex')).toBe('ffffffff');
    expect(bytesOf((w) => w.nullableBytes(Buffer.from([9]), true)).toString('hex')).toBe('0209');
    const big = Buffer.alloc(5000, 7);
    const r = new Reader(bytesOf((w) => w.nullableBytes(big, true).nullableBytes(null, false)));
    expect(r.bytes(true).equals(big)).toBe(true);
    expect(r.nullableBytes(false)).toBeNull();
  });

  it('maps a UUID between 16 bytes and its canonical string', () => {
    const id = '0123abcd-4567-89ef-0123-456789abcdef';
    const buf = bytesOf((w) => w.uuid(id).uuid(ZERO_UUID));
    expect(buf.subarray(0, 16).toString('hex')).toBe('0123abcd456789ef0123456789abcdef');
    const r = new Reader(buf);
    expect([r.uuid(), r.uuid()]).toEqual([id, ZERO_UUID]);
    expect(() => new Writer().uuid('not-a-uuid')).toThrow(ProtocolError);
  });

  it('throws ProtocolError on every truncated read, never reading past the buffer', () => {
    const short = Buffer.from([0, 5, 0x61]);
    expect(() => new Reader(short).string(false)).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([1])).int16()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.alloc(7)).int64()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from('fffffffe', 'hex')).nullableBytes(false)).toThrow(/negative length/);
    expect(() => new Reader(Buffer.from('7fffffff00', 'hex')).arrayLength(false)).toThrow(/array of/);
  });

  it('skips a tagged section and refuses tags out of order', () => {
    const ok = new Reader(Buffer.from('02' + '00' + '01' + 'aa' + '05' + '02' + 'bbcc', 'hex'));
    const seen: Array<[number, string]> = [];
    ok.taggedFields((tag, data) => seen.push([tag, data.raw(data.remaining).toString('hex')]));
    expect(seen).toEqual([[0, 'aa'], [5, 'bbcc']]);
    expect(() => new Reader(Buffer.from('02' + '05' + '00' + '01' + '00', 'hex')).taggedFields(() => undefined)).toThrow(/out of order/);
  });

  it('keeps large byte runs by reference and assembles them in order', () => {
    const big = Buffer.alloc(4096, 1);
    const w = new Writer().int8(2).raw(big).int8(3);
    expect(w.length).toBe(4098);
    const out = w.finish();
    expect(out[0]).toBe(2);
    expect(out[4097]).toBe(3);
    expect(out.subarray(1, 4097).equals(big)).toBe(true);
  });

  it('keeps every value intact across scratch-buffer boundaries, for any mix of writes', () => {
    type Op = { kind: 'int8' | 'int16' | 'int32' | 'varint'; v: number } | { kind: 'int64'; v: bigint } | { kind: 'raw'; v: Buffer };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('int8' as const), v: fc.integer({ min: -128, max: 127 }) }),
      fc.record({ kind: fc.constant('int16' as const), v: fc.integer({ min: -32768, max: 32767 }) }),
      fc.record({ kind: fc.constant('int32' as const), v: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }),
      fc.record({ kind: fc.constant('varint' as const), v: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }),
      fc.record({ kind: fc.constant('int64' as const), v: fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n) }),
      fc.record({ kind: fc.constant('raw' as const), v: fc.uint8Array({ maxLength: 1500 }).map((a) => Buffer.from(a)) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 200, maxLength: 3000 }), (ops) => {
        const w = new Writer();
        for (const o of ops) {
          if (o.kind === 'int64') w.int64(o.v);
          else if (o.kind === 'raw') w.raw(o.v);
          else w[o.kind](o.v);
        }
        const r = new Reader(w.finish());
        for (const o of ops) {
          if (o.kind === 'int64') expect(r.int64()).toBe(o.v);
          else if (o.kind === 'raw') expect(r.raw(o.v.length).equals(o.v)).toBe(true);
          else expect(r[o.kind]()).toBe(o.v);
        }
        expect(r.remaining).toBe(0);
      }),
      { numRuns: 30 },
    );
  });
});
