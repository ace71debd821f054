/**
 * How an admin handler answers one item of a request (a topic, a resource, a group): an error
 * code with a message, per item, so that one bad item never fails its neighbours.
 */
import { kafkaErrorMessage, toKafkaError } from '../error-map.ts';

/** A refusal the gateway decides itself, with a Kafka code the engine has no name for. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Outcome {
  errorCode: number;
  errorMessage: string | null;
}

export const SUCCESS: Outcome = { errorCode: 0, errorMessage: null };

/** The Kafka code and message of a failure: engine errors through the one error map. */
export function failure(err: unknown): Outcome {
  if (err instanceof Refusal) return { errorCode: err.errorCode, errorMessage: err.message };
  return { errorCode: toKafkaError(err), errorMessage: kafkaErrorMessage(err) };
}

/** The keys that occur more than once: Kafka refuses every item named twice in one request. */
export function duplicated<T>(keys: readonly T[]): Set<T> {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const k of keys) (seen.has(k) ? twice : seen).add(k);
  return twice;
}
