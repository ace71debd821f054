import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../shared/codec/index.ts';
import { WIDE_MIN_BYTES, crc32cBackend, crc32cInstruction, loadAwsCrtCrc32c } from '../../../shared/codec/crc32c.ts';

describe('crc32c', () => {
  it('gives the CRC-32C check value 0xE3069283 for "123456789"', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('gives 0 for no bytes and an unsigned result for 32 bytes of 0xFF (RFC 3720 vector 0x62A8AB43)', () => {
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
  });

  it('continues from an initial value as if the two parts were one buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
        expect(crc32c(b, crc32c(a))).toBe(crc32c(Buffer.concat([a, b])));
      }),
    );
  });

  it('gives the same result for wide inputs (the folding implementation) as the CRC32 instruction does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: WIDE_MIN_BYTES - 3, max: 3 * WIDE_MIN_BYTES }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (size, seed, initial) => {
          const buf = Buffer.alloc(size);
          for (let i = 0, x = seed; i < size; i++) buf[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
          expect(crc32c(buf, initial)).toBe(crc32cInstruction(buf, initial));
          const cut = seed % size;
          expect(crc32c(buf.subarray(cut), crc32c(buf.subarray(0, cut)))).toBe(crc32cInstruction(buf));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('uses aws-crt where it is installed (it is an optional dependency of this repository)', () => {
    const fn = loadAwsCrtCrc32c();
    expect(fn).not.toBeNull();
    expect(fn!(Buffer.from('123456789'), 0) >>> 0).toBe(0xe3069283);
    expect(crc32cBackend()).toBe('aws-crt (folding)');
  });

  it('falls back to the CRC32 instruction when aws-crt is missing or gives a wrong check value', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'aws-crt'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(loadAwsCrtCrc32c(missing)).toBeNull();
    expect(loadAwsCrtCrc32c(() => ({ crc32c: () => 0 }))).toBeNull();
    expect(loadAwsCrtCrc32c(() => ({}))).toBeNull();
    expect(loadAwsCrtCrc32c(() => ({ crc32c: (d: Uint8Array, p = 0) => crc32cInstruction(d, p) }))).not.toBeNull();
  });
});
