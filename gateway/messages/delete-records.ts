/** DeleteRecords (key 21), as Kafka's DeleteRecordsRequest/Response.json describe it. */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const DeleteRecords: MessageSchema = {
  apiKey: 21,
  name: 'DeleteRecords',
  versions: range('0-2'),
  flexibleFrom: 2,
  request: [
    field('topics', array(struct(
      field('name', 'string', '0+'),
      field('partitions', array(struct(
        field('partitionIndex', 'int32', '0+'),
        field('offset', 'int64', '0+'),
      )), '0+'),
    )), '0+'),
    field('timeoutMs', 'int32', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('topics', array(struct(
      field('name', 'string', '0+'),
      field('partitions', array(struct(
        field('partitionIndex', 'int32', '0+'),
        field('lowWatermark', 'int64', '0+'),
        field('errorCode', 'int16', '0+'),
      )), '0+'),
    )), '0+'),
  ],
};
