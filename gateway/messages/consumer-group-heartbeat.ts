/**
 * ConsumerGroupHeartbeat (key 68), KIP-848's consumer protocol, as Kafka's
 * ConsumerGroupHeartbeatRequest/Response.json describe it. Flexible in every version; v1 adds the
 * subscription regex and has the client make its own member id (KIP-1082). Null fields of a
 * request mean "unchanged since the last heartbeat".
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

const topicPartitions = () => array(struct(
  field('topicId', 'uuid', '0+'),
  field('partitions', array('int32'), '0+'),
));

export const ConsumerGroupHeartbeat: MessageSchema = {
  apiKey: 68,
  name: 'ConsumerGroupHeartbeat',
  versions: range('0-1'),
  flexibleFrom: 0,
  request: [
    field('groupId', 'string', '0+'),
    field('memberId', 'string', '0+'),
    field('memberEpoch', 'int32', '0+'),
    field('instanceId', 'string', '0+', { nullable: '0+', default: null }),
    field('rackId', 'string', '0+', { nullable: '0+', default: null }),
    field('rebalanceTimeoutMs', 'int32', '0+', { default: -1 }),
    field('subscribedTopicNames', array('string'), '0+', { nullable: '0+', default: null }),
    field('subscribedTopicRegex', 'string', '1+', { nullable: '1+', default: null }),
    field('serverAssignor', 'string', '0+', { nullable: '0+', default: null }),
    field('topicPartitions', topicPartitions(), '0+', { nullable: '0+', default: null }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field('memberId', 'string', '0+', { nullable: '0+', default: null }),
    field('memberEpoch', 'int32', '0+'),
    field('heartbeatIntervalMs', 'int32', '0+'),
    field('assignment', struct(field('topicPartitions', topicPartitions(), '0+')), '0+', { nullable: '0+', default: null }),
  ],
};
