import type { ProducerBatch, ProducerState } from '../log/ports.ts';
import { N, S, readN, readS, type Item } from './attributes.ts';

export const PRODUCER_STATE_PK_PREFIX = 'pstate#';

/** The sort keys of a topic's producer states begin with this (topic ids hold no '#'). */
export function producerStateTopicPrefix(topicId: string): string {
  return `${topicId}#`;
}

/**
 * An idempotent producer's state in one partition, in the metadata table:
 *
 *   pk = "pstate#{producerId}", sk = "{topicId}#{partition}",
 *   pe = epoch, pn = next sequence, pr = last five batches as "first:last:baseOffset,..."
 *
 * It is written only inside the commit's transaction, conditional on the state read.
 */
export function producerStateKey(producerId: number, topicId: string, partition: number): Item {
  return { pk: S(`${PRODUCER_STATE_PK_PREFIX}${producerId}`), sk: S(`${producerStateTopicPrefix(topicId)}${partition}`) };
}

export function encodeProducerState(producerId: number, topicId: string, partition: number, s: ProducerState): Item {
  return {
    ...producerStateKey(producerId, topicId, partition),
    pe: N(s.epoch),
    pn: N(s.nextSeq),
    pr: S(s.recent.map((b) => `${b.firstSeq}:${b.lastSeq}:${b.baseOffset}`).join(',')),
  };
}

export function decodeProducerState(item: Item): ProducerState {
  const recent = readS(item, 'pr');
  return {
    epoch: readN(item, 'pe'),
    nextSeq: readN(item, 'pn'),
    recent: recent
      ? recent.split(',').map((part): ProducerBatch => {
          const [firstSeq, lastSeq, baseOffset] = part.split(':').map(Number);
          return { firstSeq: firstSeq!, lastSeq: lastSeq!, baseOffset: baseOffset! };
        })
      : [],
  };
}
