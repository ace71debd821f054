/**
 * DeleteTopics (key 20), as Kafka's DeleteTopicsRequest/Response.json describe it. Up to v5 topics
 * are named; v6 (@platformatic/kafka) names them or gives their topic id.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const DeleteTopics: MessageSchema = {
  apiKey: 20,
  name: 'DeleteTopics',
  versions: range('0-6'),
  flexibleFrom: 4,
  request: [
    field('topics', array(struct(
      field('name', 'string', '6+', { nullable: '6+', default: null }),
      field('topicId', 'uuid', '6+'),
    )), '6+'),
    field('topicNames', array('string'), '0-5'),
    field('timeoutMs', 'int32', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('responses', array(struct(
      field('name', 'string', '0+', { nullable: '6+' }),
      field('topicId', 'uuid', '6+'),
      field('errorCode', 'int16', '0+'),
      field('errorMessage', 'string', '5+', { nullable: '5+', default: null }),
    )), '0+'),
  ],
};
