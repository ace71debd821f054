import { SluiceError } from '../api/errors.ts';
import { validateTopicName } from '../api/topic-name.ts';
import type { Subscription } from './ports.ts';

/** A topic as subscriptions see it. */
export interface TopicMeta {
  name: string;
  id: string;
  partitions: number;
}

export const MAX_SUBSCRIBED_TOPICS = 1_000;
export const MAX_PATTERN_LENGTH = 1_000;

const compiled = new Map<string, RegExp>();

/**
 * A subscription pattern as a RegExp matching whole topic names, as Kafka's pattern
 * subscriptions do (`Pattern.matcher(topic).matches()`). Compiled once per warm function.
 */
export function compilePattern(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch (e) {
      throw new SluiceError('INVALID_REQUEST', `subscription pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(e as Error).message}`);
    }
    if (compiled.size > 1_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Checks and normalizes a subscription: topic names sorted and unique, an empty pattern dropped. */
export function normalizeSubscription(sub: { topics?: readonly string[]; pattern?: string | null }): Subscription {
  const topics = [...new Set(sub.topics ?? [])].sort();
  if (topics.length > MAX_SUBSCRIBED_TOPICS) throw new SluiceError('INVALID_REQUEST', `a subscription names at most ${MAX_SUBSCRIBED_TOPICS} topics`);
  for (const t of topics) validateTopicName(t);
  const pattern = sub.pattern ? sub.pattern : undefined;
  if (pattern !== undefined) {
    if (pattern.length > MAX_PATTERN_LENGTH) throw new SluiceError('INVALID_REQUEST', `a subscription pattern is at most ${MAX_PATTERN_LENGTH} characters`);
    compilePattern(pattern);
  }
  if (topics.length === 0 && pattern === undefined) throw new SluiceError('INVALID_REQUEST', 'a subscription needs topics, a pattern, or both');
  return pattern === undefined ? { topics } : { topics, pattern };
}

/** The existing topics a subscription covers: the named ones, and every topic the pattern matches. */
export function subscribedTopics(sub: Subscription, topics: ReadonlyMap<string, TopicMeta>): Set<string> {
  const out = new Set(sub.topics.filter((t) => topics.has(t)));
  if (sub.pattern !== undefined) {
    const re = compilePattern(sub.pattern);
    for (const name of topics.keys()) if (re.test(name)) out.add(name);
  }
  return out;
}

export function sameSubscription(a: Subscription, b: Subscription): boolean {
  return a.pattern === b.pattern && a.topics.length === b.topics.length && a.topics.every((t, i) => t === b.topics[i]);
}
