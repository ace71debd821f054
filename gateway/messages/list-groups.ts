/**
 * ListGroups (key 16), as Kafka's ListGroupsRequest/Response.json describe it. v4 adds the state
 * filter and each group's state (KIP-518), v5 the type filter and each group's type (KIP-848).
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const ListGroups: MessageSchema = {
  apiKey: 16,
  name: 'ListGroups',
  versions: range('0-5'),
  flexibleFrom: 3,
  request: [
    field('statesFilter', array('string'), '4+'),
    field('typesFilter', array('string'), '5+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field('groups', array(struct(
      field('groupId', 'string', '0+'),
      field('protocolType', 'string', '0+'),
      field('groupState', 'string', '4+'),
      field('groupType', 'string', '5+'),
    )), '0+'),
  ],
};
