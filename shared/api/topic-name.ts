import { SluiceError } from './errors.ts';
import { LIMITS } from './limits.ts';

const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Kafka's topic name rules: [a-zA-Z0-9._-], 1..249 characters, not "." or "..". */
export function validateTopicName(name: string): void {
  if (name.length === 0) throw new SluiceError('INVALID_TOPIC_NAME', 'topic name is empty');
  if (name.length > LIMITS.maxTopicNameLength) {
    throw new SluiceError('INVALID_TOPIC_NAME', `topic name is ${name.length} characters; the maximum is ${LIMITS.maxTopicNameLength}`);
  }
  if (name === '.' || name === '..') throw new SluiceError('INVALID_TOPIC_NAME', `topic name cannot be "${name}"`);
  if (!LEGAL.test(name)) {
    throw new SluiceError('INVALID_TOPIC_NAME', `topic name ${JSON.stringify(name)} may contain only ASCII letters, digits, '.', '_' and '-'`);
  }
}
