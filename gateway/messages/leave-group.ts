/**
 * LeaveGroup (key 13), as Kafka's LeaveGroupRequest/Response.json describe it. v3 makes it a
 * batch of members (each with its own answer), v4 is the first flexible version, v5 adds the
 * reason (KIP-800).
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const LeaveGroup: MessageSchema = {
  apiKey: 13,
  name: 'LeaveGroup',
  versions: range('0-5'),
  flexibleFrom: 4,
  request: [
    field('groupId', 'string', '0+'),
    field('memberId', 'string', '0-2'),
    field('members', array(struct(
      field('memberId', 'string', '3+'),
      field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
      field('reason', 'string', '5+', { nullable: '5+', default: null }),
    )), '3+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field('members', array(struct(
      field('memberId', 'string', '3+'),
      field('groupInstanceId', 'string', '3+', { nullable: '3+' }),
      field('errorCode', 'int16', '3+'),
    )), '3+'),
  ],
};
