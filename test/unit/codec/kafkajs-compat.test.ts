import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch, validateBatches } from '../../../shared/codec/index.ts';
import { kafkajsDecode, kafkajsEncode } from '../../../bench/lib/kafkajs-codec.ts';
import { FIXTURE_CASES } from '../../fixtures/codec/cases.ts';
import { bytesOrNull, plainRecords } from './arbitraries.ts';

const fixture = (name: string): Buffer => readFileSync(join(import.meta.dirname, '../../fixtures/codec', name));

describe.each(FIXTURE_CASES)('KafkaJS 2.2.4 fixture $name', ({ name, records, options }) => {
  it('is byte for byte what our encoder writes for the same records', () => {
    expect(encodeBatch(records, options).toString('hex')).toBe(fixture(`${name}.bin`).toString('hex'));
  });

  it('validates, and decodes to the records it was made from', () => {
    const buf = fixture(`${name}.bin`);
    expect(validateBatches(buf)).toHaveLength(1);
    const { header, records: decoded } = decodeBatch(buf);
    expect(plainRecords(decoded)).toEqual(plainRecords(records));
    expect(decoded[0]!.offset).toBe(options.baseOffset ?? 0);
    expect(header).toMatchObject({
      producerId: options.producerId ?? -1,
      producerEpoch: options.producerEpoch ?? -1,
      baseSequence: options.baseSequence ?? -1,
      partitionLeaderEpoch: options.partitionLeaderEpoch ?? -1,
      transactional: options.transactional ?? false,
      compression: options.compression ?? 'none',
    });
  });
});

describe('KafkaJS 2.2.4 interoperability', () => {
  const recordArb = fc.record({
    key: bytesOrNull,
    value: bytesOrNull,
    // KafkaJS keeps headers in an object: unique keys, non-null values, and no integer-like keys
    // (an object lists those first, which would reorder the headers).
    headers: fc.uniqueArray(fc.record({ key: fc.string({ maxLength: 8 }).map((k) => `h-${k}`), value: fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a)) }), {
      selector: (h) => h.key,
      maxLength: 3,
    }),
    timestamp: fc.integer({ min: 0, max: 2 ** 44 }),
  });

  it('encodes random batches to the same bytes as KafkaJS, uncompressed and gzip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 20 }), fc.constantFrom('none' as const, 'gzip' as const), async (records, compression) => {
        const theirs = await kafkajsEncode(records, { compression, baseOffset: 3 });
        expect(encodeBatch(records, { compression, baseOffset: 3 }).equals(theirs)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('writes batches that the KafkaJS decoder reads back to the same records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 20 }), fc.constantFrom('none' as const, 'gzip' as const), async (records, compression) => {
        const theirs = await kafkajsDecode(encodeBatch(records, { compression }));
        expect(theirs.map((r) => r.value?.toString('hex') ?? null)).toEqual(records.map((r) => r.value?.toString('hex') ?? null));
        expect(theirs.map((r) => r.key?.toString('hex') ?? null)).toEqual(records.map((r) => r.key?.toString('hex') ?? null));
        expect(theirs.map((r) => Number(r.timestamp))).toEqual(records.map((r) => r.timestamp));
      }),
      { numRuns: 50 },
    );
  });
});
