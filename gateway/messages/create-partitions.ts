/** CreatePartitions (key 37), as Kafka's CreatePartitionsRequest/Response.json describe it. */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const CreatePartitions: MessageSchema = {
  apiKey: 37,
  name: 'CreatePartitions',
  versions: range('0-3'),
  flexibleFrom: 2,
  request: [
    field('topics', array(struct(
      field('name', 'string', '0+'),
      field('count', 'int32', '0+'),
      field('assignments', array(struct(
        field('brokerIds', array('int32'), '0+'),
      )), '0+', { nullable: '0+' }),
    )), '0+'),
    field('timeoutMs', 'int32', '0+'),
    field('validateOnly', 'bool', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('results', array(struct(
      field('name', 'string', '0+'),
      field('errorCode', 'int16', '0+'),
      field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    )), '0+'),
  ],
};
