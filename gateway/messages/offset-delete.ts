/** OffsetDelete (key 47), as Kafka's OffsetDeleteRequest/Response.json describe it: one version, never flexible. */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const OffsetDelete: MessageSchema = {
  apiKey: 47,
  name: 'OffsetDelete',
  versions: range('0-0'),
  request: [
    field('groupId', 'string', '0+'),
    field('topics', array(struct(
      field('name', 'string', '0+'),
      field('partitions', array(struct(field('partitionIndex', 'int32', '0+'))), '0+'),
    )), '0+'),
  ],
  response: [
    field('errorCode', 'int16', '0+'),
    field('throttleTimeMs', 'int32', '0+'),
    field('topics', array(struct(
      field('name', 'string', '0+'),
      field('partitions', array(struct(
        field('partitionIndex', 'int32', '0+'),
        field('errorCode', 'int16', '0+'),
      )), '0+'),
    )), '0+'),
  ],
};
