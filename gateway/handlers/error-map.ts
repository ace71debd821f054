/**
 * The one mapping from Sluice's error codes (shared/api/errors.ts) to Kafka's. Every handler of
 * the gateway answers engine failures through it, so a client sees the same Kafka error for the
 * same cause whichever API it called. The table is typed over every Sluice code: a code added to
 * the engine does not compile here until it has a Kafka answer.
 *
 * Where one Sluice code has two Kafka answers, the table holds the one the classic protocol's
 * clients (KafkaJS, librdkafka, kafka-python) act on, and a handler that speaks another protocol
 * passes an override: ConsumerGroupHeartbeat answers FENCED_MEMBER_EPOCH with
 * `{ FENCED_MEMBER_EPOCH: ErrorCode.FENCED_MEMBER_EPOCH }`, InitProducerId v4+ a fenced producer
 * with `{ PRODUCER_FENCED: ErrorCode.PRODUCER_FENCED }`.
 */
import { isSluiceError, type ErrorCode as SluiceCode } from '../../shared/api/errors.ts';
import { ErrorCode } from '../protocol/errors.ts';

export const KAFKA_ERROR_FOR: Record<SluiceCode, number> = {
  // The request is wrong; Kafka's INVALID_REQUEST is non-retriable in every client.
  INVALID_JSON: ErrorCode.INVALID_REQUEST,
  INVALID_REQUEST: ErrorCode.INVALID_REQUEST,
  INVALID_BASE64: ErrorCode.INVALID_REQUEST,
  NOT_FOUND: ErrorCode.INVALID_REQUEST,
  METHOD_NOT_ALLOWED: ErrorCode.INVALID_REQUEST,
  UNSUPPORTED_MEDIA_TYPE: ErrorCode.INVALID_REQUEST,
  INVALID_TOPIC_NAME: ErrorCode.INVALID_TOPIC_EXCEPTION,
  INVALID_PARTITIONS: ErrorCode.INVALID_PARTITIONS,
  INVALID_CONFIG: ErrorCode.INVALID_CONFIG,
  // A base offset or DeleteRecords offset outside the log.
  INVALID_OFFSET: ErrorCode.OFFSET_OUT_OF_RANGE,
  INVALID_RECORD: ErrorCode.INVALID_RECORD,
  INVALID_TIMESTAMP: ErrorCode.INVALID_TIMESTAMP,
  CORRUPT_BATCH: ErrorCode.CORRUPT_MESSAGE,
  UNSUPPORTED_COMPRESSION: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
  INVALID_GROUP_ID: ErrorCode.INVALID_GROUP_ID,
  // HTTP signatures never reach the gateway (it authenticates with SASL); kept for completeness.
  MISSING_SIGNATURE: ErrorCode.SASL_AUTHENTICATION_FAILED,
  INVALID_SIGNATURE: ErrorCode.SASL_AUTHENTICATION_FAILED,
  SIGNATURE_EXPIRED: ErrorCode.SASL_AUTHENTICATION_FAILED,
  UNKNOWN_TOPIC: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  UNKNOWN_PARTITION: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  UNKNOWN_GROUP: ErrorCode.GROUP_ID_NOT_FOUND,
  UNKNOWN_MEMBER: ErrorCode.UNKNOWN_MEMBER_ID,
  TOPIC_ALREADY_EXISTS: ErrorCode.TOPIC_ALREADY_EXISTS,
  // Produce answers a stale epoch with INVALID_PRODUCER_EPOCH in every version, as Kafka does;
  // PRODUCER_FENCED exists only in the transactional APIs and InitProducerId v4+.
  PRODUCER_FENCED: ErrorCode.INVALID_PRODUCER_EPOCH,
  OUT_OF_ORDER_SEQUENCE: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
  // Classic groups: a stale generation or a commit by a member that lost the partition.
  FENCED_MEMBER_EPOCH: ErrorCode.ILLEGAL_GENERATION,
  FENCED_LEASE: ErrorCode.ILLEGAL_GENERATION,
  GROUP_NOT_EMPTY: ErrorCode.NON_EMPTY_GROUP,
  PAYLOAD_TOO_LARGE: ErrorCode.MESSAGE_TOO_LARGE,
  RECORD_TOO_LARGE: ErrorCode.MESSAGE_TOO_LARGE,
  TOO_MANY_RECORDS: ErrorCode.RECORD_LIST_TOO_LARGE,
  OFFSET_OUT_OF_RANGE: ErrorCode.OFFSET_OUT_OF_RANGE,
  // Retriable. The storage refused or failed the call: Kafka's storage error, which every client
  // retries (a producer after refreshing metadata, a consumer after a backoff).
  THROTTLED: ErrorCode.KAFKA_STORAGE_ERROR,
  STORAGE_UNAVAILABLE: ErrorCode.KAFKA_STORAGE_ERROR,
  // Lost every race for an offset (or a topic's version): nothing was written; retry.
  CONCURRENT_APPEND: ErrorCode.REQUEST_TIMED_OUT,
  // A group kept changing under the coordinator: clients back off and retry the same call.
  CONCURRENT_UPDATE: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  INTERNAL: ErrorCode.UNKNOWN_SERVER_ERROR,
};

export type KafkaErrorOverrides = Partial<Record<SluiceCode, number>>;

/** Kafka's error code for a failure; anything that is not a SluiceError is UNKNOWN_SERVER_ERROR. */
export function toKafkaError(err: unknown, overrides?: KafkaErrorOverrides): number {
  if (!isSluiceError(err)) return ErrorCode.UNKNOWN_SERVER_ERROR;
  return overrides?.[err.code] ?? KAFKA_ERROR_FOR[err.code];
}

/** The message to show beside the code where a response has room for one (null for non-Sluice errors: no internals leak). */
export function kafkaErrorMessage(err: unknown): string | null {
  return isSluiceError(err) ? err.message : null;
}
