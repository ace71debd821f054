/**
 * Kafka RecordBatch v2 (magic 2), byte-compatible with Apache Kafka: encode, decode, validate,
 * patch, CRC-32C, compression codecs, and the murmur2 partitioner. Pure: no I/O, no AWS.
 * See docs/codec.md for the format, the library choices and the benchmark.
 */
export type {
  BatchHeader,
  BatchOptions,
  Compression,
  DecodedRecord,
  DecodeOptions,
  RecordHeader,
  RecordInput,
  TimestampType,
} from './types.ts';
export { encodeBatch } from './encode.ts';
export { readBatchHeader } from './header.ts';
export { validateBatches } from './validate.ts';
export { decodeBatch, decodeBatches } from './decode.ts';
export { setBaseOffset, setLogAppendTime } from './patch.ts';
export { crc32c } from './crc32c.ts';
export { murmur2, partitionForKey } from './murmur2.ts';
export { compress, decompress } from './compression/index.ts';
