/**
 * Heartbeat (key 12), the classic protocol's, as Kafka's HeartbeatRequest/Response.json describe
 * it. v3 adds static membership, v4 is the first flexible version.
 */
import { field, range, type MessageSchema } from '../protocol/schema.ts';

export const Heartbeat: MessageSchema = {
  apiKey: 12,
  name: 'Heartbeat',
  versions: range('0-4'),
  flexibleFrom: 4,
  request: [
    field('groupId', 'string', '0+'),
    field('generationId', 'int32', '0+'),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
  ],
};
