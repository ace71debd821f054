/**
 * InitProducerId (key 22), from Kafka's InitProducerIdRequest.json / InitProducerIdResponse.json
 * (0-4, flexible from 2). v3 lets a producer name its current id and epoch to resume after
 * INVALID_PRODUCER_EPOCH; v4 may answer PRODUCER_FENCED. v5+ belong to transactions (KIP-890).
 */
import { field, range, type MessageSchema } from '../protocol/schema.ts';

export const InitProducerId: MessageSchema = {
  apiKey: 22,
  name: 'InitProducerId',
  versions: range('0-4'),
  flexibleFrom: 2,
  request: [
    field('transactionalId', 'string', '0+', { nullable: '0+' }),
    field('transactionTimeoutMs', 'int32', '0+'),
    field('producerId', 'int64', '3+', { default: '-1' }),
    field('producerEpoch', 'int16', '3+', { default: '-1' }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('producerId', 'int64', '0+', { default: '-1' }),
    field('producerEpoch', 'int16', '0+'),
  ],
};
