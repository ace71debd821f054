import type { ProducerStamp } from './ports.ts';

/** One partition's share of a produce request: concatenated batches, not yet committed. */
export interface PartitionPayload {
  partition: number;
  /** One or more RecordBatch v2, base offsets still 0-relative. */
  batches: Buffer;
  /** Records in all the batches: the number of offsets the commit assigns. */
  count: number;
  maxTimestamp: number;
  /** Byte position of every batch inside `batches`, for stamping log-append time. */
  batchStarts: number[];
  /** Set when the batches come from an idempotent producer. */
  producer?: ProducerStamp;
}
