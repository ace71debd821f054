/** AlterConfigs (key 33), as Kafka's AlterConfigsRequest/Response.json describe it: replaces a resource's whole config set. */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const AlterConfigs: MessageSchema = {
  apiKey: 33,
  name: 'AlterConfigs',
  versions: range('0-2'),
  flexibleFrom: 2,
  request: [
    field('resources', array(struct(
      field('resourceType', 'int8', '0+'),
      field('resourceName', 'string', '0+'),
      field('configs', array(struct(
        field('name', 'string', '0+'),
        field('value', 'string', '0+', { nullable: '0+' }),
      )), '0+'),
    )), '0+'),
    field('validateOnly', 'bool', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('responses', array(struct(
      field('errorCode', 'int16', '0+'),
      field('errorMessage', 'string', '0+', { nullable: '0+' }),
      field('resourceType', 'int8', '0+'),
      field('resourceName', 'string', '0+'),
    )), '0+'),
  ],
};
