/**
 * DescribeCluster (key 60), as Kafka's DescribeClusterRequest/Response.json describe it; flexible
 * from its first version. v1 only adds the endpoint type (brokers or controllers), which has one
 * answer here, so v0 is all clients need.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const DescribeCluster: MessageSchema = {
  apiKey: 60,
  name: 'DescribeCluster',
  versions: range('0-0'),
  flexibleFrom: 0,
  request: [field('includeClusterAuthorizedOperations', 'bool', '0+')],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field('clusterId', 'string', '0+'),
    field('controllerId', 'int32', '0+', { default: -1 }),
    field('brokers', array(struct(
      field('brokerId', 'int32', '0+'),
      field('host', 'string', '0+'),
      field('port', 'int32', '0+'),
      field('rack', 'string', '0+', { nullable: '0+', default: null }),
    )), '0+'),
    field('clusterAuthorizedOperations', 'int32', '0+', { default: -2147483648 }),
  ],
};
