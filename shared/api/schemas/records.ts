import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { Encoding, Offset, Partition, Timestamp } from './common.ts';

export const Compression = z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']);

export const HeaderJson = z.strictObject({ key: z.string().max(32_768), value: z.string().nullable() });

export const ProduceRecordJson = z.strictObject({
  key: z.string().nullable().optional(),
  value: z.string().nullable(),
  headers: z.array(HeaderJson).max(1_000).optional(),
  partition: Partition.optional(),
  timestamp: Timestamp.optional().meta({ description: 'CreateTime; default now. Ignored by LogAppendTime topics.' }),
});

export const ProduceRequest = z
  .strictObject({
    records: z.array(ProduceRecordJson).min(1).max(LIMITS.maxRecordsPerRequest),
    encoding: Encoding.optional().meta({ description: 'Default utf8.' }),
    compression: Compression.optional().meta({ description: 'How Sluice compresses the batches it stores. Default none.' }),
  })
  .meta({ id: 'ProduceRequest' });

export const ProduceResponse = z
  .object({
    topic: z.string(),
    partitions: z.array(z.object({ partition: Partition, baseOffset: Offset, recordCount: z.int(), logAppendTime: Timestamp })),
  })
  .meta({ id: 'ProduceResponse' });

export const RecordJson = z
  .object({
    offset: Offset,
    timestamp: z.int(),
    timestampType: z.enum(['CreateTime', 'LogAppendTime']),
    key: z.string().nullable(),
    value: z.string().nullable(),
    headers: z.array(z.object({ key: z.string(), value: z.string().nullable() })),
  })
  .meta({ id: 'Record' });

export const PartitionRecords = z
  .object({
    topic: z.string(),
    partition: Partition,
    highWatermark: Offset,
    logStartOffset: Offset,
    nextOffset: Offset,
    records: z.array(RecordJson).optional(),
    batches: z.string().optional().meta({ description: 'base64 RecordBatch v2 bytes, when format is binary.' }),
    error: z.looseObject({ code: z.string(), message: z.string(), retriable: z.boolean() }).optional(),
  })
  .meta({ id: 'PartitionRecords' });

export const FetchQuery = z.strictObject({
  offset: z.string().regex(/^\d{1,16}$/, 'must be a non-negative decimal integer').transform(Number),
  maxBytes: z.string().regex(/^\d{1,16}$/).transform(Number).pipe(z.int().min(1).max(LIMITS.maxFetchBytes)).optional(),
  maxWaitMs: z.string().regex(/^\d{1,16}$/).transform(Number).pipe(z.int().min(0).max(LIMITS.maxWaitMs)).optional(),
  encoding: Encoding.optional(),
});

export const FetchRequest = z
  .strictObject({
    partitions: z
      .array(
        z.strictObject({
          topic: z.string().min(1).max(LIMITS.maxTopicNameLength),
          partition: Partition,
          offset: Offset,
          maxBytes: z.int().min(1).max(LIMITS.maxFetchBytes).optional(),
        }),
      )
      .min(1)
      .max(LIMITS.maxPartitionsPerRequest),
    maxBytes: z.int().min(1).max(LIMITS.maxFetchBytes).optional(),
    maxWaitMs: z.int().min(0).max(LIMITS.maxWaitMs).optional(),
    encoding: Encoding.optional(),
    format: z.enum(['json', 'binary']).optional(),
  })
  .meta({ id: 'FetchRequest' });

export const FetchResponse = z.object({ partitions: z.array(PartitionRecords) }).meta({ id: 'FetchResponse' });

export const ListOffsetsQuery = z.strictObject({
  at: z.enum(['earliest', 'latest', 'timestamp']).optional(),
  timestamp: z.string().regex(/^\d{1,16}$/, 'must be a non-negative decimal integer').transform(Number).optional(),
  partition: z.string().regex(/^\d{1,5}$/, 'must be a partition number').transform(Number).optional(),
});

export const ListOffsetsResponse = z
  .object({
    topic: z.string(),
    partitions: z.array(z.object({ partition: Partition, offset: z.int().min(-1), timestamp: z.int().min(-1) })),
  })
  .meta({ id: 'ListOffsetsResponse' });
