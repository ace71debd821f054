import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../shared/codec/index.ts';

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
});
