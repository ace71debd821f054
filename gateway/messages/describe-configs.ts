/**
 * DescribeConfigs (key 32), as Kafka's DescribeConfigsRequest/Response.json describe it. v0 flags
 * defaults with IsDefault; v1 replaces it with ConfigSource and adds synonyms; v3 adds the type
 * and documentation; v4 is flexible.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const DescribeConfigs: MessageSchema = {
  apiKey: 32,
  name: 'DescribeConfigs',
  versions: range('0-4'),
  flexibleFrom: 4,
  request: [
    field('resources', array(struct(
      field('resourceType', 'int8', '0+'),
      field('resourceName', 'string', '0+'),
      field('configurationKeys', array('string'), '0+', { nullable: '0+' }),
    )), '0+'),
    field('includeSynonyms', 'bool', '1+', { default: false }),
    field('includeDocumentation', 'bool', '3+', { default: false }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('results', array(struct(
      field('errorCode', 'int16', '0+'),
      field('errorMessage', 'string', '0+', { nullable: '0+' }),
      field('resourceType', 'int8', '0+'),
      field('resourceName', 'string', '0+'),
      field('configs', array(struct(
        field('name', 'string', '0+'),
        field('value', 'string', '0+', { nullable: '0+' }),
        field('readOnly', 'bool', '0+'),
        field('isDefault', 'bool', '0'),
        field('configSource', 'int8', '1+', { default: -1 }),
        field('isSensitive', 'bool', '0+'),
        field('synonyms', array(struct(
          field('name', 'string', '1+'),
          field('value', 'string', '1+', { nullable: '0+' }),
          field('source', 'int8', '1+'),
        )), '1+'),
        field('configType', 'int8', '3+', { default: 0 }),
        field('documentation', 'string', '3+', { nullable: '0+' }),
      )), '0+'),
    )), '0+'),
  ],
};
