import { SluiceError } from '../api/errors.ts';
import type { ProducerBatch, ProducerStamp, ProducerState } from './ports.ts';

/** Batches per producer and partition whose offsets are remembered for retries, as in Kafka. */
export const REMEMBERED_BATCHES = 5;

export type Verdict =
  /** A retry of a batch already committed: answer with its original offset, write nothing. */
  | { kind: 'duplicate'; baseOffset: number }
  /** A new batch in sequence: commit it with this state (its base offset is filled in at commit). */
  | { kind: 'append'; next: (baseOffset: number) => ProducerState };

/**
 * Kafka's idempotent-producer rules for one batch against the stored state of its producer in
 * its partition. A stale epoch is fenced; a batch the state remembers is a duplicate; otherwise
 * the batch must start exactly at the next sequence (a new epoch, or no state, at 0).
 */
export function judge(stamp: ProducerStamp, state: ProducerState | undefined): Verdict {
  if (state && stamp.epoch < state.epoch) {
    throw new SluiceError(
      'PRODUCER_FENCED',
      `producer ${stamp.producerId} epoch ${stamp.epoch} is fenced: epoch ${state.epoch} has written to this partition`,
      { producerId: stamp.producerId, epoch: stamp.epoch, currentEpoch: state.epoch },
    );
  }
  const sameEpoch = state !== undefined && state.epoch === stamp.epoch;
  if (sameEpoch) {
    const seen = state.recent.find((b) => b.firstSeq === stamp.firstSeq && b.lastSeq === stamp.lastSeq);
    if (seen) return { kind: 'duplicate', baseOffset: seen.baseOffset };
  }
  const expectedSeq = sameEpoch ? state.nextSeq : 0;
  if (stamp.firstSeq !== expectedSeq) {
    throw new SluiceError(
      'OUT_OF_ORDER_SEQUENCE',
      `producer ${stamp.producerId} epoch ${stamp.epoch}: batch starts at sequence ${stamp.firstSeq}, expected ${expectedSeq}`,
      { producerId: stamp.producerId, expectedSequence: expectedSeq, sequence: stamp.firstSeq },
    );
  }
  const kept: ProducerBatch[] = sameEpoch ? state.recent : [];
  return {
    kind: 'append',
    next: (baseOffset) => ({
      epoch: stamp.epoch,
      nextSeq: stamp.lastSeq + 1,
      recent: [...kept, { firstSeq: stamp.firstSeq, lastSeq: stamp.lastSeq, baseOffset }].slice(-REMEMBERED_BATCHES),
    }),
  };
}
