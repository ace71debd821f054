/** fast-check arbitraries shared by the codec tests. */
import fc from 'fast-check';
import type { Compression, DecodedRecord, RecordInput } from '../../../shared/codec/index.ts';

export const COMPRESSIONS: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export const bytesOrNull = fc.oneof(
  fc.constant(null),
  fc.constant(Buffer.alloc(0)),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  // Compressible runs, so codecs take their match paths too.
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 5000 })).map(([b, n]) => Buffer.alloc(n, b)),
);

export const headerArb = fc.record({
  key: fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 })),
  value: bytesOrNull,
});

/** Timestamps from -1 (none) to about 2^45 ms, so deltas span every varlong width. */
export const timestampArb = fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 }));

export const recordArb: fc.Arbitrary<RecordInput> = fc.record({
  key: bytesOrNull,
  value: bytesOrNull,
  headers: fc.array(headerArb, { maxLength: 4 }),
  timestamp: timestampArb,
});

export const recordsArb = fc.array(recordArb, { minLength: 1, maxLength: 25 });

const hex = (b: Uint8Array | null | undefined): string | null => (b == null ? null : Buffer.from(b).toString('hex'));

/** A comparable form of records (Buffers as hex, null kept). */
export function plainRecords(records: Array<RecordInput | DecodedRecord>): unknown[] {
  return records.map((r) => ({
    timestamp: r.timestamp,
    key: hex(r.key),
    value: hex(r.value),
    headers: (r.headers ?? []).map((h) => ({ key: h.key, value: hex(h.value) })),
  }));
}
