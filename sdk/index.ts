/**
 * The Sluice TypeScript SDK. See docs/sdk.md.
 *
 * @example
 * ```ts
 * import { createClient } from '@sluice/sdk'; // in this repository: './sdk/index.ts'
 * const client = createClient({ endpoint: 'http://127.0.0.1:4510' });
 * await client.producer().send({ topic: 'orders', messages: [{ value: 'hello' }] });
 * ```
 */
export { createClient, SluiceClient, type ClientOptions } from './client.ts';
export { Admin, type Offsets } from './admin.ts';
export type {
  ConfigEntry, ConfigResource, DeletedRecords, GcReport, MaintenancePass, MaintenanceReport, NewTopic, PartitionInfo, PartitionOffset,
  PartitionOffsets, SeekEntry, TopicDescription, TopicPartitionsSpec, TopicSummary,
} from './admin-types.ts';
export { Producer, CompressionTypes, type ProducerOptions, type ProducerRecord } from './producer.ts';
export type { RecordMetadata } from './producer-batch.ts';
export type { Compression, WireMode } from './produce-request.ts';
export type { Bytes, Message, MessageHeaders, RecordHeader } from './message.ts';
export { PartitionReader, type ConsumedRecord, type FetchOptions, type FetchResult, type ReaderOptions } from './reader.ts';
export { Consumer } from './consumer.ts';
export {
  CONSUMER_EVENTS, type AutoOffsetReset, type Batch, type ConsumerEvent, type ConsumerEventName, type ConsumerOptions, type EachBatchPayload,
  type EachMessagePayload, type KafkaMessage, type RunOptions, type SubscribeOptions,
} from './consumer-types.ts';
export { DEFAULT_POLL_INTERVAL_MS } from './pacing.ts';
export { Groups } from './groups.ts';
export type {
  CommittedOffset, GroupDescription, GroupMemberDescription, GroupPartitionLag, GroupSummary, ResetOffsetsResult, ResetOffsetsSpec, ResetTo,
  TopicPartitionOffset, TopicPartitions,
} from './group-types.ts';
export { SluiceApiError, OffsetOutOfRangeError, isRetriable, type ClientErrorCode } from './errors.ts';
export { createRetry, DEFAULT_RETRY, type RetryOptions, type RetryHooks } from './retry.ts';
export type { Endpoints } from './endpoints.ts';
export type { FetchLike } from './http.ts';
