import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../../shared/api/errors.ts';
import { decodeBatch, decodeBatches, encodeBatch, readBatchHeader, validateBatches } from '../../../shared/codec/index.ts';
import type { Compression } from '../../../shared/codec/index.ts';
import { COMPRESSIONS, plainRecords, recordsArb } from './arbitraries.ts';

describe.each(COMPRESSIONS)('encodeBatch then decodeBatch with %s', (compression: Compression) => {
  it('gives back every record (null and empty keys and values, headers, timestamps) at consecutive offsets', () => {
    fc.assert(
      fc.property(recordsArb, fc.integer({ min: 0, max: 2 ** 50 }), (records, baseOffset) => {
        const buf = encodeBatch(records, { compression, baseOffset });
        const [header] = validateBatches(buf);
        const { records: decoded } = decodeBatch(buf);
        expect(header!.compression).toBe(compression);
        expect(header!.size).toBe(buf.length);
        expect(plainRecords(decoded)).toEqual(plainRecords(records));
        expect(decoded.map((r) => r.offset)).toEqual(records.map((_, i) => baseOffset + i));
      }),
      { numRuns: compression === 'none' ? 300 : 100 },
    );
  });

  it('writes the header fields Kafka expects: first timestamp as base, max timestamp, counts, producer fields', () => {
    fc.assert(
      fc.property(
        recordsArb,
        fc.record({
          producerId: fc.integer({ min: -1, max: 2 ** 52 }),
          producerEpoch: fc.integer({ min: -1, max: 32767 }),
          baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
          partitionLeaderEpoch: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
          transactional: fc.boolean(),
        }),
        (records, opts) => {
          const h = readBatchHeader(encodeBatch(records, { compression, ...opts }));
          expect(h).toMatchObject({ ...opts, magic: 2, compression, timestampType: 'create', control: false });
          expect(h.recordCount).toBe(records.length);
          expect(h.lastOffsetDelta).toBe(records.length - 1);
          expect(h.baseTimestamp).toBe(records[0]!.timestamp);
          expect(h.maxTimestamp).toBe(Math.max(...records.map((r) => r.timestamp)));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('encodeBatch', () => {
  const one = [{ key: null, value: Buffer.from('v'), timestamp: 5 }];

  it('defaults baseOffset to 0 and producerId, producerEpoch, baseSequence and partitionLeaderEpoch to -1', () => {
    expect(readBatchHeader(encodeBatch(one))).toMatchObject({
      baseOffset: 0,
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      partitionLeaderEpoch: -1,
      transactional: false,
      attributes: 0,
    });
  });

  it('writes a logAppend batch whose maxTimestamp is the log-append time and whose records report it', () => {
    const buf = encodeBatch([...one, { key: null, value: null, timestamp: 9 }], { timestampType: 'logAppend', logAppendTime: 777 });
    const { header, records } = decodeBatch(buf);
    expect(header.timestampType).toBe('logAppend');
    expect(header.attributes & 0x08).toBe(0x08);
    expect(header.maxTimestamp).toBe(777);
    expect(header.baseTimestamp).toBe(5);
    expect(records.map((r) => r.timestamp)).toEqual([777, 777]);
  });

  it('refuses no records, bad timestamps, non-Buffer values and out-of-range options with INVALID_RECORD', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return (e as SluiceError).code;
      }
      return undefined;
    };
    expect(code(() => encodeBatch([]))).toBe('INVALID_RECORD');
    expect(code(() => encodeBatch([{ key: null, value: null, timestamp: 1.5 }]))).toBe('INVALID_RECORD');
    expect(code(() => encodeBatch([{ key: null, value: null, timestamp: -2 }]))).toBe('INVALID_RECORD');
    expect(code(() => encodeBatch([...one, { key: null, value: null, timestamp: Number.NaN }]))).toBe('INVALID_RECORD');
    expect(code(() => encodeBatch([{ key: null, value: 'text' as unknown as Buffer, timestamp: 0 }]))).toBe('INVALID_RECORD');
    expect(code(() => encodeBatch([{ key: null, value: null, headers: [{ key: 1 as unknown as string, value: null }], timestamp: 0 }]))).toBe('INVALID_RECORD');
    expect(code(() => encodeBatch(one, { producerEpoch: 40000 }))).toBe('INVALID_RECORD');
    expect(code(() => encodeBatch(one, { baseOffset: -1 }))).toBe('INVALID_RECORD');
    expect(code(() => encodeBatch(one, { compression: 'brotli' as Compression }))).toBe('UNSUPPORTED_COMPRESSION');
  });
});

describe('decodeBatches', () => {
  it('decodes concatenated batches of mixed codecs in order, and an empty buffer as none', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(recordsArb, fc.constantFrom(...COMPRESSIONS)), { minLength: 1, maxLength: 5 }), (parts) => {
        let offset = 0;
        const bufs = parts.map(([records, compression]) => {
          const b = encodeBatch(records, { compression, baseOffset: offset });
          offset += records.length;
          return b;
        });
        const batches = decodeBatches(Buffer.concat(bufs));
        expect(batches.map((b) => b.header.compression)).toEqual(parts.map(([, c]) => c));
        expect(plainRecords(batches.flatMap((b) => b.records))).toEqual(plainRecords(parts.flatMap(([r]) => r)));
        expect(batches.flatMap((b) => b.records).map((r) => r.offset)).toEqual([...Array(offset).keys()]);
      }),
      { numRuns: 50 },
    );
    expect(decodeBatches(Buffer.alloc(0))).toEqual([]);
  });
});
