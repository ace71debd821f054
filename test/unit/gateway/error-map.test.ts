import { describe, expect, it } from 'vitest';
import { ERROR_CODES, OffsetOutOfRangeError, SluiceError } from '../../../shared/api/errors.ts';
import { KAFKA_ERROR_FOR, kafkaErrorMessage, toKafkaError } from '../../../gateway/handlers/error-map.ts';
import { ErrorCode, errorName } from '../../../gateway/protocol/errors.ts';

describe('the Sluice-to-Kafka error map', () => {
  it('answers every Sluice error code with a known Kafka code', () => {
    for (const code of ERROR_CODES) {
      const kafka = toKafkaError(new SluiceError(code, 'x'));
      expect(kafka, code).toBe(KAFKA_ERROR_FOR[code]);
      expect(errorName(kafka), code).not.toMatch(/^UNKNOWN\(/);
      expect(kafka, `${code} must not look like success`).not.toBe(ErrorCode.NONE);
    }
  });

  it('maps the data path errors as Kafka brokers answer them', () => {
    const k = (code: ConstructorParameters<typeof SluiceError>[0]) => toKafkaError(new SluiceError(code, 'x'));
    expect(k('UNKNOWN_TOPIC')).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(k('UNKNOWN_PARTITION')).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(k('CORRUPT_BATCH')).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(k('INVALID_RECORD')).toBe(ErrorCode.INVALID_RECORD);
    expect(k('RECORD_TOO_LARGE')).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect(k('OUT_OF_ORDER_SEQUENCE')).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(k('PRODUCER_FENCED')).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(k('STORAGE_UNAVAILABLE')).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(toKafkaError(new OffsetOutOfRangeError(9, 0, 3))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it('lets a handler override one code for its protocol', () => {
    const fenced = new SluiceError('PRODUCER_FENCED', 'x');
    expect(toKafkaError(fenced, { PRODUCER_FENCED: ErrorCode.PRODUCER_FENCED })).toBe(ErrorCode.PRODUCER_FENCED);
    expect(toKafkaError(new SluiceError('UNKNOWN_TOPIC', 'x'), { PRODUCER_FENCED: ErrorCode.PRODUCER_FENCED })).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
  });

  it('answers anything that is not a Sluice error as UNKNOWN_SERVER_ERROR, without its message', () => {
    expect(toKafkaError(new Error('boom'))).toBe(ErrorCode.UNKNOWN_SERVER_ERROR);
    expect(toKafkaError('boom')).toBe(ErrorCode.UNKNOWN_SERVER_ERROR);
    expect(kafkaErrorMessage(new Error('secret path'))).toBeNull();
    expect(kafkaErrorMessage(new SluiceError('INVALID_RECORD', 'bad batch'))).toBe('bad batch');
  });
});
