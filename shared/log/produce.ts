import { SluiceError } from '../api/errors.ts';
import type { PartitionFrame } from '../api/frames.ts';
import { compacts, maxMessageBytes, usesLogAppendTime } from '../api/topic-configs.ts';
import { setLogAppendTime, type Compression, type RecordInput } from '../codec/index.ts';
import type { Appender } from './append.ts';
import { binaryPayloads, keyRequired } from './binary-batches.ts';
import { encodeJsonPayloads, type JsonProducer, type ProduceRecord } from './json-batches.ts';
import { newObjectKey } from './object-key.ts';
import type { Partitioner } from './partitioner.ts';
import type { PartitionPayload } from './payload.ts';
import type { Storage, TopicRecord } from './ports.ts';
import type { Topics } from './topics.ts';

export interface ProduceResult {
  partition: number;
  baseOffset: number;
  recordCount: number;
  logAppendTime: number;
  /** True when an idempotent producer's batch had been committed before: its original offset. */
  duplicate?: boolean;
}

export interface ProduceDeps {
  storage: Storage;
  topics: Topics;
  appender: Appender;
  partitioner: Partitioner;
  now?: () => number;
  objectKey?: (now: number) => string;
}

/** Decompressed bytes a produced batch may expand to while it is checked. */
const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;

/**
 * The produce path: validate everything, PUT one object holding every partition's batches, then
 * commit each partition's range, and only then answer (invariant 2: ack after commit). Anything
 * refused is refused before the PUT, so bad input writes nothing (invariant 6). A crash after
 * the PUT leaves an object no index entry references: invisible, and garbage to collect.
 */
export class ProduceService {
  private readonly now: () => number;
  private readonly objectKey: (now: number) => string;

  constructor(private readonly deps: ProduceDeps) {
    this.now = deps.now ?? Date.now;
    this.objectKey = deps.objectKey ?? newObjectKey;
  }

  async produceJson(
    topicName: string,
    records: ProduceRecord[],
    compression: Compression = 'none',
    producer?: JsonProducer,
  ): Promise<ProduceResult[]> {
    const topic = await noSideEffects(() => this.deps.topics.resolve(topicName));
    const now = this.now();
    const pick = this.deps.partitioner.forRequest(topic);
    const byPartition = new Map<number, RecordInput[]>();
    const keyed = compacts(topic.configs);
    for (const r of records) {
      const partition = pick(r);
      if (keyed && r.key === null) throw keyRequired(topic, partition);
      const list = byPartition.get(partition) ?? [];
      list.push({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp ?? now });
      byPartition.set(partition, list);
    }
    const payloads = encodeJsonPayloads(byPartition, {
      compression,
      maxBatchBytes: maxMessageBytes(topic.configs),
      ...(producer ? { producer } : {}),
    });
    return this.write(topic, payloads, now);
  }

  async produceBinary(topicName: string, frames: PartitionFrame[]): Promise<ProduceResult[]> {
    const topic = await noSideEffects(() => this.deps.topics.resolve(topicName));
    const payloads = binaryPayloads(topic, frames, {
      maxBatchBytes: maxMessageBytes(topic.configs),
      maxUncompressedBytes: MAX_UNCOMPRESSED_BYTES,
    });
    return this.write(topic, payloads, this.now());
  }

  private async write(topic: TopicRecord, payloads: PartitionPayload[], now: number): Promise<ProduceResult[]> {
    if (usesLogAppendTime(topic.configs)) {
      for (const p of payloads) {
        for (const start of p.batchStarts) setLogAppendTime(p.batches, start, now);
        p.maxTimestamp = now;
      }
    }
    const key = this.objectKey(now);
    const body = Buffer.concat(payloads.map((p) => p.batches));
    await noSideEffects(() => this.deps.storage.objects.put(key, body));

    let byteStart = 0;
    const commits = payloads.map((p) => {
      const range = {
        topicId: topic.id,
        partition: p.partition,
        count: p.count,
        objectKey: key,
        byteStart,
        byteLength: p.batches.length,
        maxTimestamp: p.maxTimestamp,
        appendTime: now,
      };
      byteStart += p.batches.length;
      return p.producer ? this.deps.appender.commitIdempotent(range, p.producer) : this.deps.appender.commit(range);
    });
    const settled = await Promise.allSettled(commits);
    const results: ProduceResult[] = [];
    const failures: { partition: number; error: SluiceError }[] = [];
    settled.forEach((s, i) => {
      const partition = payloads[i]!.partition;
      if (s.status === 'fulfilled') {
        const duplicate = 'duplicate' in s.value && s.value.duplicate;
        results.push({
          partition,
          baseOffset: s.value.baseOffset,
          recordCount: s.value.count,
          logAppendTime: duplicate ? s.value.appendTime : now,
          ...(duplicate ? { duplicate: true } : {}),
        });
      } else {
        const error = s.reason instanceof SluiceError ? s.reason : new SluiceError('INTERNAL', String(s.reason));
        failures.push({ partition, error });
      }
    });
    if (failures.length > 0) {
      const first = failures[0]!.error;
      // Partitions commit independently, as in Kafka; the caller learns which ones landed.
      // Only a commit that lost every race for an offset certainly wrote nothing: a throttled or
      // failed storage call may follow a write whose answer was lost.
      const clean = (e: SluiceError): boolean => e.code === 'CONCURRENT_APPEND';
      throw new SluiceError(first.code, first.message, {
        ...first.details,
        committed: results,
        failed: failures.map((f) => ({ partition: f.partition, code: f.error.code, message: f.error.message, noSideEffects: clean(f.error) })),
        noSideEffects: failures.every((f) => clean(f.error)) && results.length === 0,
      });
    }
    return results.sort((a, b) => a.partition - b.partition);
  }
}

/**
 * Marks a failure that happened before anything could become visible, so that a client may
 * retry it blindly (`noSideEffects: true` in the error body). A failed object PUT qualifies: an
 * object nothing references is invisible.
 */
async function noSideEffects<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof SluiceError && e.retriable) throw new SluiceError(e.code, e.message, { ...e.details, noSideEffects: true });
    throw e;
  }
}
