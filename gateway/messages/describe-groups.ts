/**
 * DescribeGroups (key 15), as Kafka's DescribeGroupsRequest/Response.json describe it. Member
 * metadata and assignment are the consumer protocol's Subscription and Assignment bytes.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const DescribeGroups: MessageSchema = {
  apiKey: 15,
  name: 'DescribeGroups',
  versions: range('0-5'),
  flexibleFrom: 5,
  request: [
    field('groups', array('string'), '0+'),
    field('includeAuthorizedOperations', 'bool', '3+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('groups', array(struct(
      field('errorCode', 'int16', '0+'),
      field('groupId', 'string', '0+'),
      field('groupState', 'string', '0+'),
      field('protocolType', 'string', '0+'),
      field('protocolData', 'string', '0+'),
      field('members', array(struct(
        field('memberId', 'string', '0+'),
        field('groupInstanceId', 'string', '4+', { nullable: '4+', default: null }),
        field('clientId', 'string', '0+'),
        field('clientHost', 'string', '0+'),
        field('memberMetadata', 'bytes', '0+'),
        field('memberAssignment', 'bytes', '0+'),
      )), '0+'),
      field('authorizedOperations', 'int32', '3+', { default: -2147483648 }),
    )), '0+'),
  ],
};
