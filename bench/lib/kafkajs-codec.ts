/**
 * KafkaJS 2.2.4's RecordBatch v2 codec, reached with deep requires, behind the same shapes as
 * ours: the reference for the benchmark and for the byte fixtures (test/fixtures/codec).
 * Dev-only: kafkajs is a devDependency.
 *
 * KafkaJS takes the batch fields as given (its producer computes them); we pass them as our
 * encoder computes them: baseTimestamp = first record's timestamp, lastOffsetDelta = count - 1.
 * Its headers are an object, so header keys must be unique and values non-null here.
 */
import { createRequire } from 'node:module';
import type { BatchOptions, RecordInput } from '../../shared/codec/index.ts';

const require = createRequire(import.meta.url);

interface KafkajsEncoder {
  buffer: Buffer;
}
interface KafkajsLong {
  toString(): string;
}
interface KafkajsDecodedRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[]>;
}

const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (fields: Record<string, unknown>) => Promise<KafkajsEncoder>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (fields: Record<string, unknown>) => unknown;
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (
  decoder: unknown,
) => Promise<{ records: KafkajsDecodedRecord[] }>;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buf: Buffer) => unknown;
const Long = require('kafkajs/src/utils/long') as { fromNumber(n: number): KafkajsLong };

/** KafkaJS's own codec ids; it implements none and gzip only. */
const KAFKAJS_CODEC = { none: 0, gzip: 1 } as const;
export type KafkajsCompression = keyof typeof KAFKAJS_CODEC;

export function kafkajsSupports(c: string): c is KafkajsCompression {
  return Object.hasOwn(KAFKAJS_CODEC, c);
}

export async function kafkajsEncode(records: RecordInput[], opts: BatchOptions & { compression?: KafkajsCompression } = {}): Promise<Buffer> {
  const firstTimestamp = records[0]!.timestamp;
  let maxTimestamp = firstTimestamp;
  const encoded = records.map((r, i) => {
    if (r.timestamp > maxTimestamp) maxTimestamp = r.timestamp;
    const headers: Record<string, Buffer> = {};
    for (const h of r.headers ?? []) headers[h.key] = h.value!;
    return Record({ offsetDelta: i, timestampDelta: r.timestamp - firstTimestamp, key: r.key, value: r.value, headers });
  });
  const batch = await RecordBatch({
    compression: KAFKAJS_CODEC[opts.compression ?? 'none'],
    firstOffset: Long.fromNumber(opts.baseOffset ?? 0),
    firstTimestamp,
    maxTimestamp,
    partitionLeaderEpoch: opts.partitionLeaderEpoch ?? -1,
    lastOffsetDelta: records.length - 1,
    transactional: opts.transactional ?? false,
    producerId: Long.fromNumber(opts.producerId ?? -1),
    producerEpoch: opts.producerEpoch ?? -1,
    firstSequence: opts.baseSequence ?? -1,
    records: encoded,
  });
  return batch.buffer;
}

export async function kafkajsDecode(buf: Buffer): Promise<KafkajsDecodedRecord[]> {
  return (await decodeRecordBatch(new Decoder(buf))).records;
}
