/** DeleteGroups (key 42), as Kafka's DeleteGroupsRequest/Response.json describe it. */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const DeleteGroups: MessageSchema = {
  apiKey: 42,
  name: 'DeleteGroups',
  versions: range('0-2'),
  flexibleFrom: 2,
  request: [field('groupsNames', array('string'), '0+')],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('results', array(struct(
      field('groupId', 'string', '0+'),
      field('errorCode', 'int16', '0+'),
    )), '0+'),
  ],
};
