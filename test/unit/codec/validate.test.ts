import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../../shared/api/errors.ts';
import { crc32c, encodeBatch, readBatchHeader, validateBatches } from '../../../shared/codec/index.ts';
import { COMPRESSIONS, recordsArb } from './arbitraries.ts';

function corruptMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SluiceError);
    expect((e as SluiceError).code).toBe('CORRUPT_BATCH');
    return (e as Error).message;
  }
  throw new Error('expected CORRUPT_BATCH');
}

const batchArb = fc.tuple(recordsArb, fc.constantFrom(...COMPRESSIONS)).map(([records, compression]) => encodeBatch(records, { compression }));
const sample = () => encodeBatch([{ key: Buffer.from('k'), value: Buffer.from('value'), timestamp: 1 }, { key: null, value: null, timestamp: 2 }]);

/** Rewrites the CRC so a deliberately edited batch reaches the check under test. */
const reseal = (b: Buffer): Buffer => {
  b.writeUInt32BE(crc32c(b.subarray(21)), 17);
  return b;
};

describe('validateBatches', () => {
  it('returns one header per batch for concatenated valid batches', () => {
    fc.assert(
      fc.property(fc.array(batchArb, { minLength: 1, maxLength: 4 }), (batches) => {
        const headers = validateBatches(Buffer.concat(batches));
        expect(headers.map((h) => h.size)).toEqual(batches.map((b) => b.length));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a batch with any single byte changed from attributes to the end (CRC-32C)', () => {
    fc.assert(
      fc.property(batchArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (batch, at, xor) => {
        const pos = 21 + (at % (batch.length - 21));
        const bad = Buffer.from(batch);
        bad[pos]! ^= xor;
        expect(corruptMessage(() => validateBatches(bad))).toMatch(/CRC-32C mismatch in the batch at byte 0/);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects a wrong CRC field itself', () => {
    const bad = sample();
    bad[18]! ^= 1;
    expect(corruptMessage(() => validateBatches(bad))).toMatch(/CRC-32C mismatch/);
  });

  it('ignores baseOffset and partitionLeaderEpoch, which the CRC does not cover', () => {
    const b = sample();
    b.writeInt32BE(99, 4);
    b.writeInt32BE(5, 12);
    expect(validateBatches(b)[0]).toMatchObject({ baseOffset: 99, partitionLeaderEpoch: 5 });
  });

  it('rejects an empty buffer', () => {
    expect(corruptMessage(() => validateBatches(Buffer.alloc(0)))).toMatch(/empty/);
  });

  it('rejects every truncation of a batch, saying how many bytes are left', () => {
    const b = sample();
    for (let n = 1; n < b.length; n++) {
      expect(corruptMessage(() => validateBatches(b.subarray(0, n)))).toMatch(/truncated batch at byte 0/);
    }
  });

  it('rejects magic other than 2, naming the byte', () => {
    for (const magic of [0, 1, 3, 255]) {
      const b = sample();
      b[16] = magic;
      expect(corruptMessage(() => validateBatches(b))).toMatch(/magic .* at byte 16/);
    }
  });

  it('rejects a batchLength smaller than the header or larger than the input', () => {
    const small = sample();
    small.writeInt32BE(10, 8);
    expect(corruptMessage(() => validateBatches(small))).toMatch(/batchLength 10/);
    const negative = sample();
    negative.writeInt32BE(-1, 8);
    expect(corruptMessage(() => validateBatches(negative))).toMatch(/batchLength -1/);
    const large = sample();
    large.writeInt32BE(large.length, 8);
    expect(corruptMessage(() => validateBatches(large))).toMatch(/truncated/);
  });

  it('rejects trailing bytes after the last batch, short or long, naming where they start', () => {
    const b = sample();
    expect(corruptMessage(() => validateBatches(Buffer.concat([b, Buffer.from([0, 0, 0])])))).toMatch(new RegExp(`3 trailing bytes after the last batch, at byte ${b.length}`));
    expect(corruptMessage(() => validateBatches(Buffer.concat([b, Buffer.alloc(100)])))).toMatch(new RegExp(`at byte ${b.length}`));
  });

  it('rejects garbage of any length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (junk) => {
        corruptMessage(() => validateBatches(Buffer.from(junk)));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a batch of zero records, and a lastOffsetDelta that does not match the count', () => {
    const empty = sample();
    empty.writeInt32BE(0, 57);
    empty.writeInt32BE(-1, 23);
    expect(corruptMessage(() => validateBatches(reseal(empty)))).toMatch(/recordCount 0/);
    const gap = sample();
    gap.writeInt32BE(5, 23);
    expect(corruptMessage(() => validateBatches(reseal(gap)))).toMatch(/lastOffsetDelta 5 but 2 records/);
  });

  it('rejects an unknown compression codec with UNSUPPORTED_COMPRESSION once the CRC holds', () => {
    const b = sample();
    b.writeInt16BE(6, 21);
    try {
      validateBatches(reseal(b));
      expect.unreachable();
    } catch (e) {
      expect((e as SluiceError).code).toBe('UNSUPPORTED_COMPRESSION');
    }
  });
});

describe('readBatchHeader', () => {
  it('reads the header without checking the CRC, at a position inside a larger buffer', () => {
    const b = sample();
    b[30]! ^= 0xff;
    const h = readBatchHeader(Buffer.concat([Buffer.alloc(7), b]), 7);
    expect(h).toMatchObject({ magic: 2, recordCount: 2, size: b.length, batchLength: b.length - 12 });
  });

  it('throws CORRUPT_BATCH for a position outside the buffer', () => {
    expect(corruptMessage(() => readBatchHeader(sample(), -1))).toMatch(/outside/);
    expect(corruptMessage(() => readBatchHeader(sample(), 1.5))).toMatch(/outside/);
    expect(corruptMessage(() => readBatchHeader(sample(), 1000))).toMatch(/outside/);
  });
});
