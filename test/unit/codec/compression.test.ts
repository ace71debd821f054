import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { compressSync as snappyRaw } from 'snappy';
import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../../shared/api/errors.ts';
import { compress, crc32c, decodeBatch, decompress, encodeBatch } from '../../../shared/codec/index.ts';
import type { Compression } from '../../../shared/codec/index.ts';
import { rawZstdFrame } from '../../../shared/codec/compression/zstd-frames.ts';
import { COMPRESSIONS } from './arbitraries.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/codec');
const fixture = (name: string): Buffer => readFileSync(join(fixtures, name));
/** The records section the Java-compressed fixtures hold. */
const javaPlain = (): Buffer => fixture('kafkajs-none-large.bin').subarray(61);
const MiB = 1024 * 1024;

function errorOf(f: () => unknown): SluiceError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SluiceError);
    return e as SluiceError;
  }
  throw new Error('expected a SluiceError');
}

/** xxHash32 (seed 0) of a short input (< 16 bytes), >> 8 & 0xff: the LZ4 frame header checksum. */
function lz4HeaderChecksum(bytes: Uint8Array): number {
  const P1 = 2654435761;
  const P2 = 2246822519;
  const P3 = 3266489917;
  const P5 = 374761393;
  let h = (P5 + bytes.length) | 0;
  for (const b of bytes) {
    h = (h + Math.imul(b, P5)) | 0;
    h = Math.imul((h << 11) | (h >>> 21), P1);
  }
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return (h >>> 8) & 0xff;
}

/** Puts a compressed records section into a batch (header of the uncompressed fixture, new CRC). */
function batchAround(packed: Buffer, codec: number): Buffer {
  const plainBatch = fixture('kafkajs-none-large.bin');
  const out = Buffer.concat([plainBatch.subarray(0, 61), packed]);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt16BE(codec, 21);
  out.writeUInt32BE(crc32c(out.subarray(21)), 17);
  return out;
}

describe.each(COMPRESSIONS)('compress then decompress with %s', (codec: Compression) => {
  it('gives back the input for any bytes, including none', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 300_000 }).map((n) => new Uint8Array(n).fill(7))), (a) => {
        const data = Buffer.from(a);
        expect(decompress(codec, compress(codec, data), MiB).equals(data)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses with CORRUPT_BATCH to produce more than maxBytes (decompression bomb)', () => {
    const bomb = compress(codec, Buffer.alloc(8 * MiB));
    expect(bomb.length).toBeLessThan(codec === 'none' || codec === 'zstd' ? 9 * MiB : 500_000);
    const e = errorOf(() => decompress(codec, bomb, MiB));
    expect(e.code).toBe('CORRUPT_BATCH');
    expect(e.message).toMatch(/more than 1048576 bytes/);
    expect(decompress(codec, bomb, 8 * MiB).length).toBe(8 * MiB);
  });

  it('rejects garbage and truncated streams with CORRUPT_BATCH, never another error', () => {
    if (codec === 'none') return;
    const good = compress(codec, Buffer.from('hello hello hello hello hello hello hello'.repeat(50)));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: good.length - 1 }), (junk, cut) => {
        for (const input of [Buffer.from(junk), good.subarray(0, cut)]) {
          try {
            decompress(codec, input, MiB);
          } catch (e) {
            expect(e).toBeInstanceOf(SluiceError);
            expect((e as SluiceError).code).toBe('CORRUPT_BATCH');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a bomb inside a batch', () => {
  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)('is refused by decodeBatch with CORRUPT_BATCH (%s)', (codec) => {
    const records = Array.from({ length: 64 }, () => ({ key: null, value: Buffer.alloc(64 * 1024), timestamp: 0 }));
    const batch = encodeBatch(records, { compression: codec });
    expect(errorOf(() => decodeBatch(batch, 0, { maxUncompressedBytes: MiB })).code).toBe('CORRUPT_BATCH');
    expect(decodeBatch(batch).records).toHaveLength(64);
  });
});

describe('gzip', () => {
  it('writes the bytes node:zlib writes with default options (what KafkaJS writes)', () => {
    const data = fixture('kafkajs-none-large.bin');
    expect(compress('gzip', data).equals(gzipSync(data))).toBe(true);
  });
});

describe('snappy', () => {
  it("reads snappy-java's SnappyOutputStream output (xerial framing), as Kafka's Java client writes it", () => {
    expect(decompress('snappy', fixture('java-large.snappy'), MiB).equals(javaPlain())).toBe(true);
    const { records } = decodeBatch(batchAround(fixture('java-large.snappy'), 2));
    expect(records).toHaveLength(300);
  });

  it('writes xerial framing: magic, version 1, compatible 1, then length-prefixed blocks of at most 32 KiB input', () => {
    const out = compress('snappy', javaPlain());
    expect(out.subarray(0, 16).toString('hex')).toBe('82534e415050590000000001' + '00000001');
    let pos = 16;
    let blocks = 0;
    while (pos < out.length) {
      const len = out.readInt32BE(pos);
      const block = out.subarray(pos + 4, pos + 4 + len);
      expect(decompress('snappy', block, MiB).length).toBeLessThanOrEqual(32 * 1024);
      pos += 4 + len;
      blocks++;
    }
    expect(pos).toBe(out.length);
    expect(blocks).toBe(Math.ceil(javaPlain().length / (32 * 1024)));
  });

  it('reads raw (unframed) snappy, and concatenated xerial streams', () => {
    const data = javaPlain();
    expect(decompress('snappy', snappyRaw(data), MiB).equals(data)).toBe(true);
    const two = Buffer.concat([compress('snappy', data.subarray(0, 1000)), compress('snappy', data.subarray(1000))]);
    expect(decompress('snappy', two, MiB).equals(data)).toBe(true);
  });

  it('refuses a raw block whose declared length is over maxBytes before decompressing it', () => {
    const e = errorOf(() => decompress('snappy', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]), MiB));
    expect(e.message).toMatch(/more than/);
  });
});

describe('lz4', () => {
  it("reads the frame Kafka's KafkaLZ4BlockOutputStream writes (lz4-java blocks, 64 KiB, raw blocks allowed)", () => {
    expect(decompress('lz4', fixture('java-large.lz4'), MiB).equals(javaPlain())).toBe(true);
    expect(decodeBatch(batchAround(fixture('java-large.lz4'), 3)).records).toHaveLength(300);
  });

  it('computes header checksums as the Java fixture has them (xxHash32 of FLG BD, second byte)', () => {
    const java = fixture('java-large.lz4');
    expect(java[6]).toBe(lz4HeaderChecksum(java.subarray(4, 6)));
  });

  it("writes a standard frame that Kafka's reader accepts: version 01, independent blocks, block size id 4-7, valid header checksum, end mark", () => {
    for (const data of [Buffer.from('small'), javaPlain()]) {
      const out = compress('lz4', data);
      expect(out.readUInt32LE(0)).toBe(0x184d2204);
      expect(out[4]! & 0xe2).toBe(0x60); // version 01, independent blocks, reserved bit clear
      expect(out[4]! & 0x01).toBe(0); // no dictionary
      expect(out[5]! & 0x8f).toBe(0);
      expect((out[5]! >> 4) & 7).toBeGreaterThanOrEqual(4);
      const descriptorEnd = out[4]! & 0x08 ? 14 : 6;
      expect(out[descriptorEnd]).toBe(lz4HeaderChecksum(out.subarray(4, descriptorEnd)));
      expect(out.readUInt32LE(out.length - (out[4]! & 0x04 ? 8 : 4))).toBe(0);
    }
  });

  it('reads frames with a content size, block and content checksums, and linked blocks', () => {
    // Hand-built: FLG 0x5c (version 01, linked, block checksum, content size, content checksum).
    const literals = Buffer.from('abcdefgh');
    const block1 = Buffer.concat([Buffer.from([0x80]), literals]); // 8 literals, last sequence
    // Block 2: no literals, a 12-byte match 8 bytes back into block 1 (allowed when linked).
    // Then a last sequence of one literal, 'X'.
    const block2 = Buffer.from([0x08, 0x08, 0x00, 0x10, 0x58]);
    const le32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(n);
      return b;
    };
    const frame = Buffer.concat([
      le32(0x184d2204),
      Buffer.from([0x5c, 0x40]),
      Buffer.from([21, 0, 0, 0, 0, 0, 0, 0]),
      Buffer.from([0x00]), // header checksum (not checked)
      le32(block1.length), block1, le32(0),
      le32(block2.length), block2, le32(0),
      le32(0), le32(0),
    ]);
    expect(decompress('lz4', frame, MiB).toString()).toBe('abcdefghabcdefghabcdX');
    const independent = Buffer.from(frame);
    independent[4] = 0x7c;
    expect(errorOf(() => decompress('lz4', independent, MiB)).message).toMatch(/before the window/);
  });

  it('refuses a declared content size over maxBytes', () => {
    const frame = Buffer.from('04224d18' + '48' + '40' + 'ffffffff00000000' + '00' + '00000000', 'hex');
    expect(errorOf(() => decompress('lz4', frame, MiB)).message).toMatch(/more than/);
  });
});

describe('zstd', () => {
  it("reads zstd-jni's ZstdOutputStream output: a streaming frame with no content-size field, as Kafka writes", () => {
    const java = fixture('java-large.zstd');
    expect(java[4]! >> 6).toBe(0); // frame header: no content size
    expect(java[4]! & 0x20).toBe(0); // not single-segment
    expect(decompress('zstd', java, MiB).equals(javaPlain())).toBe(true);
    expect(decodeBatch(batchAround(java, 4)).records).toHaveLength(300);
  });

  it('stops a frame without a content size once its output passes maxBytes (RLE blocks, zstd-jni output)', () => {
    // 64 RLE blocks of 128 KiB from 1 byte each: 8 MiB out of 212 bytes, no content size declared.
    const blocks = Array.from({ length: 64 }, (_, i) => {
      const b = Buffer.alloc(4);
      b.writeUIntLE(((128 * 1024) << 3) | (1 << 1) | (i === 63 ? 1 : 0), 0, 3);
      b[3] = 0x41;
      return b;
    });
    const bomb = Buffer.concat([Buffer.from('28b52ffd' + '00' + '58', 'hex'), ...blocks]);
    expect(errorOf(() => decompress('zstd', bomb, MiB)).message).toMatch(/more than 1048576 bytes/);
    expect(decompress('zstd', bomb, 8 * MiB).equals(Buffer.alloc(8 * MiB, 0x41))).toBe(true);
    expect(errorOf(() => decompress('zstd', fixture('java-large.zstd'), 50_000)).message).toMatch(/more than 50000 bytes/);
  });

  it('refuses a frame declaring a content size over maxBytes, or a window over 128 MiB', () => {
    const big = rawZstdFrame(Buffer.alloc(300_000));
    expect(errorOf(() => decompress('zstd', big, 200_000)).message).toMatch(/more than 200000 bytes/);
    // Window descriptor exponent 31 - 10 = 21 -> 2^31 bytes.
    const hugeWindow = Buffer.from('28b52ffd' + '00' + 'a8' + '010000', 'hex');
    expect(errorOf(() => decompress('zstd', hugeWindow, MiB)).code).toBe('CORRUPT_BATCH');
  });

  it('writes valid stored-block frames on runtimes without node:zlib zstd, readable by any decoder', () => {
    const data = javaPlain();
    const frame = rawZstdFrame(data);
    expect(frame.readUInt32LE(0)).toBe(0xfd2fb528);
    expect(decompress('zstd', frame, MiB).equals(data)).toBe(true);
    expect(decompress('zstd', rawZstdFrame(Buffer.alloc(0)), MiB).length).toBe(0);
    expect(decompress('zstd', rawZstdFrame(Buffer.alloc(300)), MiB).length).toBe(300);
  });
});

describe('compression names', () => {
  it('rejects an unknown codec with UNSUPPORTED_COMPRESSION', () => {
    expect(errorOf(() => compress('brotli' as Compression, Buffer.alloc(1))).code).toBe('UNSUPPORTED_COMPRESSION');
    expect(errorOf(() => decompress('brotli' as Compression, Buffer.alloc(1), 10)).code).toBe('UNSUPPORTED_COMPRESSION');
  });
});
