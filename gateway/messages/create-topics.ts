/**
 * CreateTopics (key 19), as Kafka's CreateTopicsRequest/Response.json describe it. v0-3 are what
 * KafkaJS, kafka-python and librdkafka 2.0 send; v5+ are flexible and answer with the topic's
 * configs, v7 with its id (@platformatic/kafka).
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const CreateTopics: MessageSchema = {
  apiKey: 19,
  name: 'CreateTopics',
  versions: range('0-7'),
  flexibleFrom: 5,
  request: [
    field('topics', array(struct(
      field('name', 'string', '0+'),
      field('numPartitions', 'int32', '0+'),
      field('replicationFactor', 'int16', '0+'),
      field('assignments', array(struct(
        field('partitionIndex', 'int32', '0+'),
        field('brokerIds', array('int32'), '0+'),
      )), '0+'),
      field('configs', array(struct(
        field('name', 'string', '0+'),
        field('value', 'string', '0+', { nullable: '0+' }),
      )), '0+'),
    )), '0+'),
    field('timeoutMs', 'int32', '0+', { default: 60000 }),
    field('validateOnly', 'bool', '1+', { default: false }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '2+'),
    field('topics', array(struct(
      field('name', 'string', '0+'),
      field('topicId', 'uuid', '7+'),
      field('errorCode', 'int16', '0+'),
      field('errorMessage', 'string', '1+', { nullable: '0+' }),
      field('topicConfigErrorCode', 'int16', '5+', { tag: 0, tagged: '5+' }),
      field('numPartitions', 'int32', '5+', { default: -1 }),
      field('replicationFactor', 'int16', '5+', { default: -1 }),
      field('configs', array(struct(
        field('name', 'string', '5+'),
        field('value', 'string', '5+', { nullable: '5+' }),
        field('readOnly', 'bool', '5+'),
        field('configSource', 'int8', '5+', { default: -1 }),
        field('isSensitive', 'bool', '5+'),
      )), '5+', { nullable: '5+' }),
    )), '0+'),
  ],
};
