/**
 * FindCoordinator: this gateway coordinates every group, as the one broker it advertises (any
 * gateway can, since group state lives in storage). Transactions are not served, so asking for a
 * transaction coordinator fails at once, with a message, rather than with a retriable error a
 * transactional producer would retry until it times out.
 */
import { COORDINATOR_KEY_TYPE, FindCoordinator } from '../../messages/find-coordinator.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { HandlerFactory, Message } from '../types.ts';

export const findCoordinatorHandler: HandlerFactory = (gateway) => ({
  schema: FindCoordinator,
  async handle(req, ctx) {
    const { nodeId, advertisedHost: host, advertisedPort: port } = gateway.options;
    const answer: Message =
      req.keyType === COORDINATOR_KEY_TYPE.GROUP
        ? { nodeId, host, port, errorCode: ErrorCode.NONE, errorMessage: null }
        : {
            nodeId: -1, host: '', port: -1,
            errorCode: ErrorCode.INVALID_REQUEST,
            errorMessage: req.keyType === COORDINATOR_KEY_TYPE.TRANSACTION
              ? 'transactions are not supported by this gateway'
              : `coordinator key type ${req.keyType} is not supported`,
          };
    if (ctx.apiVersion >= 4) return { throttleTimeMs: 0, coordinators: (req.coordinatorKeys as string[]).map((key) => ({ key, ...answer })) };
    return { throttleTimeMs: 0, ...answer };
  },
});
