import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../../shared/api/errors.ts';
import { Reader } from '../../../shared/codec/reader.ts';
import { readInt64, sizeOfVarint, sizeOfVarlong, writeInt64, writeVarint, writeVarlong } from '../../../shared/codec/varint.ts';

const reader = (bytes: number[] | Buffer) => {
  const buf = Buffer.from(bytes);
  return new Reader(buf, 0, buf.length, (p) => `byte ${p}`);
};

describe('zig-zag varints', () => {
  it('encodes the values Kafka documents to the bytes Kafka writes', () => {
    const cases: Array<[number, number[]]> = [
      [0, [0x00]],
      [-1, [0x01]],
      [1, [0x02]],
      [-2, [0x03]],
      [63, [0x7e]],
      [-64, [0x7f]],
      [64, [0x80, 0x01]],
      [300, [0xd8, 0x04]],
      [2147483647, [0xfe, 0xff, 0xff, 0xff, 0x0f]],
      [-2147483648, [0xff, 0xff, 0xff, 0xff, 0x0f]],
    ];
    for (const [n, bytes] of cases) {
      const buf = Buffer.alloc(5);
      const end = writeVarint(buf, 0, n);
      expect([...buf.subarray(0, end)]).toEqual(bytes);
      expect(sizeOfVarint(n)).toBe(bytes.length);
      expect(reader(bytes).varint()).toBe(n);
    }
  });

  it('round-trips every int32 through writeVarint and Reader.varint with the size it predicts', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => {
        const buf = Buffer.alloc(5);
        const end = writeVarint(buf, 0, n);
        expect(end).toBe(sizeOfVarint(n));
        const r = reader(buf.subarray(0, end));
        expect(r.varint()).toBe(n);
        expect(r.pos).toBe(end);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips safe integers up to 2^52 through writeVarlong and Reader.varlong', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 52), max: 2 ** 52 })), (n) => {
        const buf = Buffer.alloc(10);
        const end = writeVarlong(buf, 0, n);
        expect(end).toBe(sizeOfVarlong(n));
        const r = reader(buf.subarray(0, end));
        expect(r.varlong()).toBe(n);
        expect(r.pos).toBe(end);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes varlongs as KafkaJS does (zig-zag 64-bit), including negative deltas past 2^31', () => {
    const buf = Buffer.alloc(10);
    expect([...buf.subarray(0, writeVarlong(buf, 0, -(2 ** 33)))]).toEqual([0xff, 0xff, 0xff, 0xff, 0x3f]);
    expect([...buf.subarray(0, writeVarlong(buf, 0, 2 ** 34))]).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
  });

  it('rejects a varint longer than 5 bytes and a varlong longer than 10 as CORRUPT_BATCH', () => {
    expect(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).varint()).toThrow(/malformed varint/);
    expect(() => reader(Array(10).fill(0x80).concat([0x01])).varlong()).toThrow(/malformed varlong/);
    try {
      reader([0xff, 0xff]).varint();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SluiceError);
      expect((e as SluiceError).code).toBe('CORRUPT_BATCH');
      expect((e as SluiceError).message).toMatch(/truncated varint at byte 0/);
    }
  });

  it('rejects a varlong beyond the safe integer range instead of returning a wrong number', () => {
    expect(() => reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]).varlong()).toThrow(/safe integer/);
  });

  it('writes and reads int64 halves for negative and large safe integers', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        const buf = Buffer.alloc(8);
        writeInt64(buf, 0, n);
        expect(buf.readBigInt64BE(0)).toBe(BigInt(n));
        expect(readInt64(buf, 0)).toBe(n);
      }),
    );
  });
});
