import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../../shared/api/errors.ts';
import { compress, crc32c, decodeBatch, encodeBatch } from '../../../shared/codec/index.ts';
import type { Compression } from '../../../shared/codec/index.ts';
import { writeVarint } from '../../../shared/codec/varint.ts';
import { COMPRESSIONS, recordsArb } from './arbitraries.ts';

const CODES: Record<Compression, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

/** A batch around arbitrary record bytes with a valid CRC, so decoding reaches the records. */
function batchOf(records: Buffer, count: number, compression: Compression = 'none'): Buffer {
  const body = compress(compression, records);
  const b = Buffer.alloc(61 + body.length);
  b.writeInt32BE(b.length - 12, 8);
  b[16] = 2;
  b.writeInt16BE(CODES[compression], 21);
  b.writeInt32BE(count - 1, 23);
  b.writeInt32BE(count, 57);
  body.copy(b, 61);
  b.writeUInt32BE(crc32c(b.subarray(21)), 17);
  return b;
}

const varints = (...ns: number[]): Buffer => {
  const b = Buffer.alloc(ns.length * 5);
  let pos = 0;
  for (const n of ns) pos = writeVarint(b, pos, n);
  return b.subarray(0, pos);
};

/** One record: length, attributes, tsDelta, offsetDelta, key, value, headers, from parts. */
const record = (...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([varints(body.length), body]);
};

function corruptMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (!(e instanceof SluiceError)) throw e;
    expect(e.code).toBe('CORRUPT_BATCH');
    return e.message;
  }
  throw new Error('expected CORRUPT_BATCH');
}

describe('decodeBatch on hostile records', () => {
  const ok = record(Buffer.from([0]), varints(0, 0, 1), Buffer.from('k'), varints(1), Buffer.from('v'), varints(0));

  it('decodes a hand-built record, as a check on the builders below', () => {
    const { records } = decodeBatch(batchOf(ok, 1));
    expect(records[0]!.key!.toString()).toBe('k');
    expect(records[0]!.value!.toString()).toBe('v');
  });

  it('rejects a malformed varint in the record length with its byte', () => {
    expect(corruptMessage(() => decodeBatch(batchOf(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0, 0, 0]), 1)))).toMatch(/malformed varint .* at byte 61/);
  });

  it('rejects a record whose key runs past the record', () => {
    const bad = record(Buffer.from([0]), varints(0, 0, 50), Buffer.from('k'), varints(-1), varints(0));
    expect(corruptMessage(() => decodeBatch(batchOf(bad, 1)))).toMatch(/length 50 runs past the end of the record/);
  });

  it('rejects a record whose fields end before its declared length', () => {
    const bad = record(Buffer.from([0]), varints(0, 0, -1, -1, 0), Buffer.from([1, 2]));
    expect(corruptMessage(() => decodeBatch(batchOf(bad, 1)))).toMatch(/fields end 2 bytes early/);
  });

  it('rejects negative lengths other than -1, a null header key, and an impossible header count', () => {
    expect(corruptMessage(() => decodeBatch(batchOf(record(Buffer.from([0]), varints(0, 0, -2, -1, 0)), 1)))).toMatch(/negative length -2/);
    expect(corruptMessage(() => decodeBatch(batchOf(record(Buffer.from([0]), varints(0, 0, -1, -1, 1, -1, -1)), 1)))).toMatch(/header key length -1/);
    expect(corruptMessage(() => decodeBatch(batchOf(record(Buffer.from([0]), varints(0, 0, -1, -1, 1000)), 1)))).toMatch(/header count 1000/);
  });

  it('rejects a record count larger or smaller than the records present, and bytes left over', () => {
    expect(corruptMessage(() => decodeBatch(batchOf(ok, 2)))).toMatch(/declares 2 records/);
    expect(corruptMessage(() => decodeBatch(batchOf(Buffer.concat([ok, ok, ok]), 2)))).toMatch(/bytes left over after the 2 records/);
    expect(corruptMessage(() => decodeBatch(batchOf(ok, -1)))).toMatch(/declares -1 records/);
    expect(corruptMessage(() => decodeBatch(batchOf(ok, 2 ** 31 - 1)))).toMatch(/cannot fit/);
  });

  it('names positions inside decompressed records for a compressed batch', () => {
    const bad = record(Buffer.from([0]), varints(0, 0, 50), Buffer.from('k'), varints(-1), varints(0));
    expect(corruptMessage(() => decodeBatch(batchOf(bad, 1, 'gzip')))).toMatch(/of the gzip-decompressed records of the batch at byte 0/);
  });

  it('throws only CORRUPT_BATCH (never a RangeError) on random record bytes behind a valid CRC, for every codec', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom(...COMPRESSIONS), (junk, count, compression) => {
        try {
          decodeBatch(batchOf(Buffer.from(junk), count, compression));
        } catch (e) {
          expect(e).toBeInstanceOf(SluiceError);
          expect((e as SluiceError).code).toBe('CORRUPT_BATCH');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('throws only CORRUPT_BATCH on valid batches with bytes mutated and the CRC recomputed', () => {
    fc.assert(
      fc.property(recordsArb, fc.constantFrom(...COMPRESSIONS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (records, compression, edits) => {
        const b = encodeBatch(records, { compression });
        for (const [at, v] of edits) b[61 + (at % (b.length - 61))] = v;
        b.writeUInt32BE(crc32c(b.subarray(21)), 17);
        try {
          decodeBatch(b);
        } catch (e) {
          expect(e).toBeInstanceOf(SluiceError);
          expect((e as SluiceError).code).toBe('CORRUPT_BATCH');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('checks the CRC by default and skips it with verifyCrc: false', () => {
    const b = batchOf(ok, 1);
    b[b.length - 2] = 0x78; // the value 'v' becomes 'x'
    expect(corruptMessage(() => decodeBatch(b))).toMatch(/CRC-32C mismatch/);
    expect(decodeBatch(b, 0, { verifyCrc: false }).records[0]!.value!.toString()).toBe('x');
  });

  it('returns keys and values as views into the input, not copies', () => {
    const b = batchOf(ok, 1);
    const { records } = decodeBatch(b);
    expect(records[0]!.value!.buffer).toBe(b.buffer);
  });
});
