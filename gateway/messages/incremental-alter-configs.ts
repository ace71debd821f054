/**
 * IncrementalAlterConfigs (key 44), as Kafka's IncrementalAlterConfigsRequest/Response.json
 * describe it: per-config SET, DELETE, APPEND and SUBTRACT operations.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const IncrementalAlterConfigs: MessageSchema = {
  apiKey: 44,
  name: 'IncrementalAlterConfigs',
  versions: range('0-1'),
  flexibleFrom: 1,
  request: [
    field('resources', array(struct(
      field('resourceType', 'int8', '0+'),
      field('resourceName', 'string', '0+'),
      field('configs', array(struct(
        field('name', 'string', '0+'),
        field('configOperation', 'int8', '0+'),
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
