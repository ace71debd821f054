/**
 * JoinGroup (key 11), as Kafka's JoinGroupRequest/Response.json describe it. v4+ clients that
 * join without a member id are first answered MEMBER_ID_REQUIRED with one; v5 adds static
 * membership (GroupInstanceId), v7 the protocol type in the answer, v8 the reason, v9
 * SkipAssignment. Protocol metadata is the consumer protocol's Subscription.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const JoinGroup: MessageSchema = {
  apiKey: 11,
  name: 'JoinGroup',
  versions: range('0-9'),
  flexibleFrom: 6,
  request: [
    field('groupId', 'string', '0+'),
    field('sessionTimeoutMs', 'int32', '0+'),
    // Absent (v0): the session timeout stands in for it.
    field('rebalanceTimeoutMs', 'int32', '1+', { default: -1 }),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '5+', { nullable: '5+', default: null }),
    field('protocolType', 'string', '0+'),
    field('protocols', array(struct(
      field('name', 'string', '0+'),
      field('metadata', 'bytes', '0+'),
    )), '0+'),
    field('reason', 'string', '8+', { nullable: '8+', default: null }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '2+'),
    field('errorCode', 'int16', '0+'),
    field('generationId', 'int32', '0+', { default: -1 }),
    field('protocolType', 'string', '7+', { nullable: '7+', default: null }),
    field('protocolName', 'string', '0+', { nullable: '7+' }),
    field('leader', 'string', '0+'),
    field('skipAssignment', 'bool', '9+', { default: false }),
    field('memberId', 'string', '0+'),
    field('members', array(struct(
      field('memberId', 'string', '0+'),
      field('groupInstanceId', 'string', '5+', { nullable: '5+', default: null }),
      field('metadata', 'bytes', '0+'),
    )), '0+'),
  ],
};
