/** DescribeCluster: one logical broker, which is also the controller, as Metadata shows it. */
import { DescribeCluster } from '../../messages/describe-cluster.ts';
import type { HandlerFactory } from '../types.ts';
import { CLUSTER_OPERATIONS, NOT_REQUESTED } from './acl-operations.ts';

export const describeClusterHandler: HandlerFactory = (gw) => ({
  schema: DescribeCluster,
  async handle(request) {
    const { nodeId, advertisedHost, advertisedPort, clusterId } = gw.options;
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      clusterId,
      controllerId: nodeId,
      brokers: [{ brokerId: nodeId, host: advertisedHost, port: advertisedPort, rack: null }],
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? CLUSTER_OPERATIONS : NOT_REQUESTED,
    };
  },
});
