/**
 * InitProducerId: an idempotent producer's id and epoch come from Sluice's producer registry
 * (shared/storage/producer-registry.ts), the same ids the HTTPS API hands out, so sequences are
 * judged alike whichever door a producer uses. Every call gets a new id at epoch 0: a v3+ request
 * that names its current id and epoch (to recover from INVALID_PRODUCER_EPOCH) is answered with a
 * fresh id too, which a client takes as it takes any new id, restarting its sequences at 0.
 *
 * Sluice has no transactions. A transactional id is refused with INVALID_REQUEST, which every
 * client treats as fatal and prints by name, instead of a retriable code that would loop (as
 * COORDINATOR_NOT_AVAILABLE would) or one that blames the caller's rights
 * (TRANSACTIONAL_ID_AUTHORIZATION_FAILED).
 */
import { isSluiceError } from '../../../shared/api/errors.ts';
import { InitProducerId } from '../../messages/init-producer-id.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { toKafkaError } from '../error-map.ts';
import type { HandlerFactory } from '../types.ts';

export const initProducerIdHandler: HandlerFactory = (gateway) => ({
  schema: InitProducerId,
  async handle(req, ctx) {
    if (req.transactionalId !== null && req.transactionalId !== undefined) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, producerId: -1n, producerEpoch: -1 };
    }
    try {
      const { producerId, producerEpoch } = await gateway.storage.producers.init();
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: BigInt(producerId), producerEpoch };
    } catch (e) {
      // A storage hiccup: the code clients retry InitProducerId on, whatever their version.
      const errorCode =
        isSluiceError(e) && e.retriable
          ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS
          : toKafkaError(e, ctx.apiVersion >= 4 ? { PRODUCER_FENCED: ErrorCode.PRODUCER_FENCED } : undefined);
      return { throttleTimeMs: 0, errorCode, producerId: -1n, producerEpoch: -1 };
    }
  },
});
