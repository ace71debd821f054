/**
 * Metadata (key 3), from Kafka's MetadataRequest.json / MetadataResponse.json (both 0-12,
 * flexible from 9). v0 asks for every topic with an empty list, v1+ with a null one; v4 adds
 * AllowAutoTopicCreation; v7 the leader epoch; v8 authorized operations; v10 topic ids; v11 drops
 * the cluster's authorized operations; v12 lets a request name topics by id alone (null name).
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const Metadata: MessageSchema = {
  apiKey: 3,
  name: 'Metadata',
  versions: range('0-12'),
  flexibleFrom: 9,
  request: [
    field('topics', array(struct(field('topicId', 'uuid', '10+'), field('name', 'string', '0+', { nullable: '10+' }))), '0+', {
      nullable: '1+',
    }),
    field('allowAutoTopicCreation', 'bool', '4+', { default: 'true' }),
    field('includeClusterAuthorizedOperations', 'bool', '8-10'),
    field('includeTopicAuthorizedOperations', 'bool', '8+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '3+'),
    field(
      'brokers',
      array(
        struct(
          field('nodeId', 'int32', '0+'),
          field('host', 'string', '0+'),
          field('port', 'int32', '0+'),
          field('rack', 'string', '1+', { nullable: '1+', default: 'null' }),
        ),
      ),
      '0+',
    ),
    field('clusterId', 'string', '2+', { nullable: '2+', default: 'null' }),
    field('controllerId', 'int32', '1+', { default: '-1' }),
    field(
      'topics',
      array(
        struct(
          field('errorCode', 'int16', '0+'),
          field('name', 'string', '0+', { nullable: '12+' }),
          field('topicId', 'uuid', '10+'),
          field('isInternal', 'bool', '1+', { default: 'false' }),
          field(
            'partitions',
            array(
              struct(
                field('errorCode', 'int16', '0+'),
                field('partitionIndex', 'int32', '0+'),
                field('leaderId', 'int32', '0+'),
                field('leaderEpoch', 'int32', '7+', { default: '-1' }),
                field('replicaNodes', array('int32'), '0+'),
                field('isrNodes', array('int32'), '0+'),
                field('offlineReplicas', array('int32'), '5+'),
              ),
            ),
            '0+',
          ),
          field('topicAuthorizedOperations', 'int32', '8+', { default: '-2147483648' }),
        ),
      ),
      '0+',
    ),
    field('clusterAuthorizedOperations', 'int32', '8-10', { default: '-2147483648' }),
  ],
};
