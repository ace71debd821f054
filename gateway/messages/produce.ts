/**
 * Produce (key 0), from Kafka's ProduceRequest.json / ProduceResponse.json. Served from v3, the
 * first to carry RecordBatch v2 (and TransactionalId), to v9, the first flexible one. v5 adds the
 * partition's LogStartOffset to the answer, v8 RecordErrors and ErrorMessage. v10-v11 only add
 * tagged leader hints (KIP-951) and a transactional error code, which Sluice has no use for.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const Produce: MessageSchema = {
  apiKey: 0,
  name: 'Produce',
  versions: range('3-9'),
  flexibleFrom: 9,
  request: [
    field('transactionalId', 'string', '3+', { nullable: '3+', default: 'null' }),
    field('acks', 'int16', '0+'),
    field('timeoutMs', 'int32', '0+'),
    field(
      'topicData',
      array(
        struct(
          field('name', 'string', '0+'),
          field('partitionData', array(struct(field('index', 'int32', '0+'), field('records', 'records', '0+', { nullable: '0+' }))), '0+'),
        ),
      ),
      '0+',
    ),
  ],
  response: [
    field(
      'responses',
      array(
        struct(
          field('name', 'string', '0+'),
          field(
            'partitionResponses',
            array(
              struct(
                field('index', 'int32', '0+'),
                field('errorCode', 'int16', '0+'),
                field('baseOffset', 'int64', '0+'),
                field('logAppendTimeMs', 'int64', '2+', { default: '-1' }),
                field('logStartOffset', 'int64', '5+', { default: '-1' }),
                field(
                  'recordErrors',
                  array(struct(field('batchIndex', 'int32', '8+'), field('batchIndexErrorMessage', 'string', '8+', { nullable: '8+', default: 'null' }))),
                  '8+',
                ),
                field('errorMessage', 'string', '8+', { nullable: '8+', default: 'null' }),
              ),
            ),
            '0+',
          ),
        ),
      ),
      '0+',
    ),
    field('throttleTimeMs', 'int32', '1+', { default: '0' }),
  ],
};
