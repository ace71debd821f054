import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../../shared/api/errors.ts';
import { decodeBatch, decodeBatches, encodeBatch, setBaseOffset, setLogAppendTime, validateBatches } from '../../../shared/codec/index.ts';
import { COMPRESSIONS, recordsArb } from './arbitraries.ts';

describe('setBaseOffset', () => {
  it('moves every record to the new offsets and leaves the CRC valid and unchanged', () => {
    fc.assert(
      fc.property(recordsArb, fc.constantFrom(...COMPRESSIONS), fc.integer({ min: 0, max: 2 ** 52 }), (records, compression, offset) => {
        const b = encodeBatch(records, { compression });
        const crc = b.readUInt32BE(17);
        setBaseOffset(b, 0, offset);
        expect(b.readUInt32BE(17)).toBe(crc);
        expect(validateBatches(b)[0]!.baseOffset).toBe(offset);
        expect(decodeBatch(b).records.map((r) => r.offset)).toEqual(records.map((_, i) => offset + i));
      }),
      { numRuns: 100 },
    );
  });

  it('patches the batch at a position inside concatenated batches only', () => {
    const a = encodeBatch([{ key: null, value: Buffer.from('a'), timestamp: 1 }]);
    const b = encodeBatch([{ key: null, value: Buffer.from('b'), timestamp: 1 }]);
    const both = Buffer.concat([a, b]);
    setBaseOffset(both, a.length, 41);
    expect(decodeBatches(both).map((d) => d.records[0]!.offset)).toEqual([0, 41]);
  });

  it('refuses a negative or fractional offset, and a position with no batch', () => {
    const b = encodeBatch([{ key: null, value: null, timestamp: 1 }]);
    expect(() => setBaseOffset(b, 0, -1)).toThrow(SluiceError);
    expect(() => setBaseOffset(b, 0, 1.5)).toThrow(SluiceError);
    expect(() => setBaseOffset(b, 5, 1)).toThrow(/batchLength|truncated|magic/);
  });
});

describe('setLogAppendTime', () => {
  it('makes a batch that validates and whose records decode at the log-append time', () => {
    fc.assert(
      fc.property(recordsArb, fc.constantFrom(...COMPRESSIONS), fc.integer({ min: 0, max: 2 ** 45 }), (records, compression, time) => {
        const b = encodeBatch(records, { compression });
        setLogAppendTime(b, 0, time);
        const [header] = validateBatches(b);
        expect(header).toMatchObject({ timestampType: 'logAppend', maxTimestamp: time, compression });
        expect(header!.attributes & 0x08).toBe(0x08);
        const decoded = decodeBatch(b);
        expect(decoded.records.map((r) => r.timestamp)).toEqual(records.map(() => time));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same bytes as encoding with timestampType logAppend', () => {
    const records = [{ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: 10 }, { key: null, value: null, timestamp: 30 }];
    const patched = encodeBatch(records);
    setLogAppendTime(patched, 0, 1234);
    expect(patched.equals(encodeBatch(records, { timestampType: 'logAppend', logAppendTime: 1234 }))).toBe(true);
  });

  it('refuses to give a corrupt batch a fresh CRC', () => {
    const b = encodeBatch([{ key: null, value: Buffer.from('value'), timestamp: 1 }]);
    b[b.length - 2]! ^= 1;
    expect(() => setLogAppendTime(b, 0, 5)).toThrow(/CRC-32C mismatch/);
    expect(() => validateBatches(b)).toThrow(/CRC-32C mismatch/);
  });
});
