/**
 * SyncGroup (key 14), as Kafka's SyncGroupRequest/Response.json describe it. v3 adds static
 * membership, v4 is the first flexible version, v5 carries the protocol type and name both ways
 * (KIP-559). The assignment is the consumer protocol's Assignment.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const SyncGroup: MessageSchema = {
  apiKey: 14,
  name: 'SyncGroup',
  versions: range('0-5'),
  flexibleFrom: 4,
  request: [
    field('groupId', 'string', '0+'),
    field('generationId', 'int32', '0+'),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
    field('protocolType', 'string', '5+', { nullable: '5+', default: null }),
    field('protocolName', 'string', '5+', { nullable: '5+', default: null }),
    field('assignments', array(struct(
      field('memberId', 'string', '0+'),
      field('assignment', 'bytes', '0+'),
    )), '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field('protocolType', 'string', '5+', { nullable: '5+', default: null }),
    field('protocolName', 'string', '5+', { nullable: '5+', default: null }),
    field('assignment', 'bytes', '0+'),
  ],
};
