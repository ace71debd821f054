import { N, S, readN, type Item } from './attributes.ts';

/**
 * Producer registry items in the metadata table:
 *
 *   pk = "producers", sk = "counter": next (N), the last producer id handed out (ADD, atomic)
 *   pk = "producers", sk = "name#{name}": id (N), epoch (N), for named producers
 */
export const PRODUCERS_PK = 'producers';

export const counterKey: Item = { pk: S(PRODUCERS_PK), sk: S('counter') };

export function namedProducerKey(name: string): Item {
  return { pk: S(PRODUCERS_PK), sk: S(`name#${name}`) };
}

export interface NamedProducer {
  name: string;
  producerId: number;
  epoch: number;
}

export function encodeNamedProducer(p: NamedProducer): Item {
  return { ...namedProducerKey(p.name), id: N(p.producerId), epoch: N(p.epoch) };
}

export function decodeNamedProducer(name: string, item: Item): NamedProducer {
  return { name, producerId: readN(item, 'id'), epoch: readN(item, 'epoch') };
}
