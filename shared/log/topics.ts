import { randomUUID } from 'node:crypto';
import { SluiceError } from '../api/errors.ts';
import { LIMITS } from '../api/limits.ts';
import { applyConfigChanges, parseConfigs, type ConfigChanges } from '../api/topic-configs.ts';
import { validateTopicName } from '../api/topic-name.ts';
import type { TopicRecord, TopicStore } from './ports.ts';

export interface TopicsOptions {
  /** How long a warm function trusts a topic it read (ms). Short: see docs/architecture.md. */
  cacheMs?: number;
  now?: () => number;
  newId?: () => string;
}

/** Most attempts of a conditional read-modify-write before giving up as a conflict. */
const MAX_CONFLICTS = 5;

/** Topic administration, and a short-lived cache of topics for the produce and fetch paths. */
export class Topics {
  private readonly cache = new Map<string, { topic: TopicRecord; until: number }>();
  private readonly cacheMs: number;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(
    private readonly store: TopicStore,
    opts: TopicsOptions = {},
  ) {
    this.cacheMs = opts.cacheMs ?? 2_000;
    this.now = opts.now ?? Date.now;
    this.newId = opts.newId ?? randomUUID;
  }

  async create(input: CreateTopicInput): Promise<TopicRecord> {
    const topic = this.prepare(input);
    await this.store.create(topic);
    this.remember(topic);
    return topic;
  }

  /** The topic `create` would store, validated but not stored (for validate-only requests). */
  prepare(input: CreateTopicInput): TopicRecord {
    validateTopicName(input.name);
    const partitions = input.partitions ?? 1;
    validatePartitionCount(partitions);
    return {
      name: input.name,
      id: this.newId(),
      partitions,
      configs: parseConfigs(input.configs ?? {}),
      createdAt: this.now(),
      version: 1,
    };
  }

  list(): Promise<TopicRecord[]> {
    return this.store.list();
  }

  /** The topic as stored now (consistent read). */
  async get(name: string): Promise<TopicRecord> {
    const topic = await this.store.get(name);
    if (!topic) throw unknownTopic(name);
    this.remember(topic);
    return topic;
  }

  /** The topic, from the cache when it is fresh enough. For the produce and fetch paths. */
  async resolve(name: string): Promise<TopicRecord> {
    const hit = this.cache.get(name);
    if (hit && hit.until > this.now()) return hit.topic;
    return this.get(name);
  }

  /**
   * Sets configs; a null value restores the default. Changes that depend on the current configs
   * (appending to a list) are given as a function of them, evaluated against each version read,
   * so the write stays conditional on what the change was computed from.
   */
  alterConfigs(name: string, changes: ConfigChanges | ((explicit: Record<string, string>) => ConfigChanges)): Promise<TopicRecord> {
    // Fixed changes are checked before any read: bad input fails fast, whatever the topic.
    if (typeof changes !== 'function') applyConfigChanges({}, changes);
    return this.update(name, (t) => ({ ...t, configs: applyConfigChanges(t.configs, typeof changes === 'function' ? changes(t.configs) : changes) }));
  }

  /** Grows the topic to `count` partitions. Like Kafka, partitions are never removed. */
  createPartitions(name: string, count: number): Promise<TopicRecord> {
    validatePartitionCount(count);
    return this.update(name, (t) => grownTo(t, count));
  }

  /** Deletes the topic; with `id`, only while the name still belongs to that topic (delete by topic id). */
  async delete(name: string, id?: string): Promise<TopicRecord> {
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const topic = await this.get(name);
      if (id !== undefined && topic.id !== id) throw unknownTopic(name);
      if (await this.store.delete(name, topic.id)) {
        this.cache.delete(name);
        return topic;
      }
    }
    throw new SluiceError('CONCURRENT_APPEND', `topic ${name} kept changing while it was being deleted; retry`);
  }

  private async update(name: string, change: (t: TopicRecord) => TopicRecord): Promise<TopicRecord> {
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const current = await this.get(name);
      const next = { ...change(current), version: current.version + 1 };
      if (await this.store.replace(next, current.version)) {
        this.remember(next);
        return next;
      }
    }
    throw new SluiceError('CONCURRENT_APPEND', `topic ${name} kept changing concurrently; retry`);
  }

  private remember(topic: TopicRecord): void {
    this.cache.set(topic.name, { topic, until: this.now() + this.cacheMs });
  }
}

export interface CreateTopicInput {
  name: string;
  partitions?: number;
  configs?: Record<string, string | number>;
}

/** The topic grown to `count` partitions; refused unless it grows (Kafka never removes partitions). */
export function grownTo(topic: TopicRecord, count: number): TopicRecord {
  validatePartitionCount(count);
  if (count <= topic.partitions) {
    throw new SluiceError('INVALID_PARTITIONS', `topic ${topic.name} has ${topic.partitions} partitions; the new count must be larger`);
  }
  return { ...topic, partitions: count };
}

export function unknownTopic(name: string): SluiceError {
  return new SluiceError('UNKNOWN_TOPIC', `topic ${JSON.stringify(name)} does not exist`, { topic: name });
}

function validatePartitionCount(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > LIMITS.maxPartitionsPerTopic) {
    throw new SluiceError('INVALID_PARTITIONS', `partition count must be an integer from 1 to ${LIMITS.maxPartitionsPerTopic}; got ${n}`);
  }
}

export function checkPartition(topic: TopicRecord, partition: number): void {
  if (!Number.isInteger(partition) || partition < 0 || partition >= topic.partitions) {
    throw new SluiceError(
      'UNKNOWN_PARTITION',
      `topic ${topic.name} has partitions 0..${topic.partitions - 1}; partition ${partition} does not exist`,
      { topic: topic.name, partition },
    );
  }
}
