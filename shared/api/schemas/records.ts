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

export const ProducerFields = z
  .strictObject({
    producerId: z.int().min(0),
    producerEpoch: z.int().min(0).max(32_767),
    baseSequences: z
      .record(z.string().regex(/^\d{1,5}$/, 'must be a partition number'), z.int().min(0).max(2_147_483_647))
      .meta({ description: 'Per partition the records go to: the sequence of its first record in this request.' }),
  })
  .meta({ description: 'Idempotent producer fields (from POST /v1/producers). A retried request gets its original offsets back.' });

export const ProduceRequest = z
  .strictObject({
    records: z.array(ProduceRecordJson).min(1).max(LIMITS.maxRecordsPerRequest),
    producer: ProducerFields.optional(),
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

export const InitProducerRequest = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,249}$/, "must be 1 to 249 characters of [a-zA-Z0-9._-]")
      .optional()
      .meta({ description: 'A stable name (like a transactional id): the same id comes back with a new epoch, fencing the previous instance.' }),
  })
  .meta({ id: 'InitProducerRequest' });

export const InitProducerResponse = z
  .object({ producerId: z.int(), producerEpoch: z.int() })
  .meta({ id: 'InitProducerResponse' });
