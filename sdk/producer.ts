/**
 * The producer: KafkaJS's `send` / `sendBatch`, batched per topic by linger time and size (see
 * `producer-queue.ts`), partitioned client-side (explicit partition, else Kafka's murmur2 of the
 * key, else one sticky partition per request, rotating), sent in binary RecordBatch v2 frames by
 * default.
 *
 * Retries are decided by side effects. The producer is idempotent by default, as in Kafka 3+: it
 * gets a producer id and numbers its batches per partition (producer-identity.ts), so the service
 * answers a resent batch with its original offsets and every retriable error is retried with the
 * same bytes. With `idempotent: false` a resent request that had already committed would
 * duplicate its records, so a request is then retried only after an error that proves nothing
 * was written (`noSideEffects`, see error-mapping.ts): a 4xx, THROTTLED, CONCURRENT_APPEND, a body
 * saying so, or a connection refused before sending; after an unknown outcome the send fails
 * unless `retryUnsafe: true`. Partitions commit independently: after a partial commit only the
 * partitions that failed are resent.
 */
import { partitionForKey } from '../shared/codec/index.ts';
import type { Admin } from './admin.ts';
import { codeHasNoSideEffects } from './error-mapping.ts';
import { SluiceApiError } from './errors.ts';
import { recordSize, toRecord, type Message } from './message.ts';
import { produceBodyBuilder, type Compression, type ProducedPartition, type ProduceResponse, type ProducerSequences, type WireMode } from './produce-request.ts';
import { ProducerIdentity } from './producer-identity.ts';
import type { OpenBatch, RecordMetadata } from './producer-batch.ts';
import { ProducerQueue } from './producer-queue.ts';
import type { RetryOptions } from './retry.ts';
import { TopicMetadataCache } from './topic-metadata.ts';
import { parseJson, seg, type Transport } from './transport.ts';

/** KafkaJS's `CompressionTypes`, as the names the service takes. */
export const CompressionTypes = { None: 'none', GZIP: 'gzip', Snappy: 'snappy', LZ4: 'lz4', ZSTD: 'zstd' } as const;

export interface ProducerOptions {
  /** How long a batch waits for more sends (Kafka's linger.ms). Default 0: send at the end of the current turn. */
  lingerMs?: number;
  /** A batch is sent once its records reach this many bytes. Default 1 MiB. */
  batchBytes?: number;
  /** Records per request. Default 10,000 (the service's limit). */
  maxRecordsPerRequest?: number;
  /** `binary` (RecordBatch v2 frames, default) or `json`. */
  mode?: WireMode;
  /** Default compression of sends that name none. Default `none`. */
  compression?: Compression;
  /** Requests in flight per topic. Default 1, which keeps each partition in send order; an idempotent producer always uses 1. */
  maxInFlightRequests?: number;
  /** Kafka's idempotent producer: retries never duplicate records. Default true. */
  idempotent?: boolean;
  /**
   * A stable name for this producer (Kafka's transactional.id, without transactions): a new
   * instance with the same name fences the previous one, whose sends then fail with PRODUCER_FENCED.
   */
  transactionalId?: string;
  /** Without idempotence, also retry after errors whose outcome is unknown (timeouts, dropped connections): may duplicate records. Default false. */
  retryUnsafe?: boolean;
  /** Backoff; default the client's. */
  retry?: RetryOptions;
  /** How long a topic's partition count is trusted (ms). Default 300000. */
  metadataMaxAgeMs?: number;
}

export interface ProducerRecord {
  topic: string;
  messages: Message[];
  compression?: Compression;
}

/** Record-level refusals: when a shared request gets one, each send is tried alone so one bad send fails only itself. */
const RECORD_LEVEL_CODES = new Set([
  'INVALID_RECORD', 'INVALID_TIMESTAMP', 'INVALID_BASE64', 'RECORD_TOO_LARGE', 'PAYLOAD_TOO_LARGE',
  'TOO_MANY_RECORDS', 'CORRUPT_BATCH', 'UNKNOWN_PARTITION', 'INVALID_REQUEST',
]);

/**
 * A producer. Get one from {@link SluiceClient.producer}.
 *
 * @example
 * ```ts
 * const producer = client.producer({ lingerMs: 5 });
 * const [meta] = await producer.send({ topic: 'orders', messages: [{ key: 'user-1', value: 'hello' }] });
 * console.log(meta.partition, meta.baseOffset);
 * await producer.disconnect(); // flushes
 * ```
 */
export class Producer {
  private readonly queues = new Map<string, ProducerQueue>();
  private readonly metadata: TopicMetadataCache;
  private readonly options: Required<Omit<ProducerOptions, 'retry' | 'transactionalId'>> & { retry?: RetryOptions };
  private readonly identity: ProducerIdentity | undefined;
  private closed = false;
  /** Sends still resolving their topic's partition count, not yet in a queue: `flush` waits for them. */
  private readonly admitting = new Set<Promise<unknown>>();

  constructor(private readonly transport: Transport, admin: Admin, options: ProducerOptions = {}) {
    this.options = {
      lingerMs: options.lingerMs ?? 0,
      batchBytes: options.batchBytes ?? 1024 * 1024,
      maxRecordsPerRequest: options.maxRecordsPerRequest ?? 10_000,
      mode: options.mode ?? 'binary',
      compression: options.compression ?? 'none',
      idempotent: options.idempotent ?? true,
      maxInFlightRequests: options.idempotent === false ? (options.maxInFlightRequests ?? 1) : 1,
      retryUnsafe: options.retryUnsafe ?? false,
      metadataMaxAgeMs: options.metadataMaxAgeMs ?? 300_000,
      retry: options.retry,
    };
    this.metadata = new TopicMetadataCache((t) => admin.describeTopic(t), this.options.metadataMaxAgeMs);
    this.identity = this.options.idempotent ? new ProducerIdentity(transport, options.transactionalId, options.retry) : undefined;
  }

  /** Discovers the endpoints, so that a bad endpoint or credentials fail here rather than on the first send. */
  async connect(): Promise<void> {
    await this.transport.resolveEndpoints();
  }

  /** Sends what is queued and refuses further sends. */
  async disconnect(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Resolves when every send issued so far has been answered. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.admitting]);
    await Promise.all([...this.queues.values()].map((q) => q.flush()));
  }

  /**
   * Sends messages to one topic. Resolves once they are committed, with one entry per partition
   * they went to, giving the offset of this send's first record there.
   *
   * @example
   * ```ts
   * await producer.send({
   *   topic: 'orders',
   *   compression: CompressionTypes.ZSTD,
   *   messages: [
   *     { key: 'user-1', value: JSON.stringify({ total: 10 }), headers: { source: 'web' } },
   *     { value: Buffer.from([1, 2, 3]), partition: 0 },
   *   ],
   * });
   * ```
   */
  async send({ topic, messages, compression }: ProducerRecord): Promise<RecordMetadata[]> {
    if (this.closed) throw new Error('the producer is disconnected');
    const now = Date.now();
    const items = messages.map((m) => ({ record: toRecord(m, now), partition: m.partition }));
    if (items.length === 0) return [];
    // Admission (partition count, then the queue) is tracked until the records are queued, so a
    // flush issued meanwhile waits for them.
    const admission = (async () => {
      const count = await this.partitionCountFor(topic, items.reduce((max, i) => Math.max(max, i.partition ?? -1), -1));
      const size = items.reduce((n, i) => n + recordSize(i.record), 0);
      const done = this.queue(topic, compression ?? this.options.compression).append(size, items.length, (sticky) =>
        items.map(({ record, partition }) => ({
          record,
          partition: partition ?? (record.key ? partitionForKey(record.key, count) : sticky % count),
        })));
      return { done };
    })();
    this.admitting.add(admission);
    try {
      return await (await admission).done;
    } finally {
      this.admitting.delete(admission);
    }
  }

  /**
   * Sends to several topics; resolves with all their metadata.
   *
   * @example
   * ```ts
   * await producer.sendBatch({ topicMessages: [
   *   { topic: 'orders', messages: [{ value: 'a' }] },
   *   { topic: 'audit', messages: [{ value: 'b' }] },
   * ] });
   * ```
   */
  async sendBatch({ topicMessages, compression }: { topicMessages: ProducerRecord[]; compression?: Compression }): Promise<RecordMetadata[]> {
    const results = await Promise.all(topicMessages.map((t) => this.send({ compression, ...t })));
    return results.flat();
  }

  /** The partition count, refreshed once when an explicit partition is past it (partitions may have been added). */
  private async partitionCountFor(topic: string, maxExplicit: number): Promise<number> {
    let count = await this.metadata.partitionCount(topic);
    if (maxExplicit < count) return count;
    this.metadata.invalidate(topic);
    count = await this.metadata.partitionCount(topic);
    if (maxExplicit < count) return count;
    throw new SluiceApiError({
      code: 'UNKNOWN_PARTITION', message: `topic ${topic} has ${count} partitions; partition ${maxExplicit} does not exist`,
      status: 404, retriable: false, noSideEffects: true, details: { topic, partition: maxExplicit },
    });
  }

  private queue(topic: string, compression: Compression): ProducerQueue {
    const key = `${topic}\u0000${compression}`;
    let q = this.queues.get(key);
    if (!q) {
      q = new ProducerQueue(topic, {
        lingerMs: this.options.lingerMs,
        batchBytes: this.options.batchBytes,
        maxRecords: this.options.maxRecordsPerRequest,
        maxInFlight: this.options.maxInFlightRequests,
      }, (batch) => this.dispatch(batch, compression));
      this.queues.set(key, q);
    }
    return q;
  }

  /**
   * Sends one batch. Partitions commit independently: after a partial commit (the error lists
   * `committed` and `failed`), the committed partitions are kept and only the failed ones are
   * retried, if their failure wrote nothing (or `retryUnsafe`).
   */
  private async dispatch(batch: OpenBatch, compression: Compression): Promise<void> {
    const parts = batch.parts();
    let seqs: ProducerSequences | undefined;
    try {
      seqs = await this.identity?.reserve(batch.topic, new Map(parts.map((p) => [p.partition, p.records.length])));
    } catch (e) {
      batch.fail(e);
      return;
    }
    const bodyFor = produceBodyBuilder(parts, compression, this.options.mode, seqs);
    const committed = new Map<number, ProducedPartition>();
    const safe = this.options.retryUnsafe || seqs !== undefined;
    const retry = this.transport.retrier({
      shouldRetry: (e) => e instanceof SluiceApiError && e.retriable && (safe || e.noSideEffects || failedPartsHadNoSideEffects(e)),
    }, this.options.retry);
    // Whether any attempt so far may have written what is still uncommitted: judged over all
    // attempts, not the last one, since an earlier attempt's answer may have been lost.
    let mayHaveWritten = false;
    const attempt = async () => {
      const remaining = new Set(parts.map((p) => p.partition).filter((p) => !committed.has(p)));
      try {
        const res = await this.transport.call({ fn: 'produce', method: 'POST', path: `/v1/topics/${seg(batch.topic)}/records`, ...bodyFor(remaining) });
        for (const p of (parseJson(res) as ProduceResponse).partitions) committed.set(p.partition, p);
      } catch (e) {
        for (const p of partialCommits(e)) if (remaining.has(p.partition)) committed.set(p.partition, p);
        if (!(e instanceof SluiceApiError && (e.noSideEffects || failedPartsHadNoSideEffects(e)))) mayHaveWritten = true;
        throw e;
      }
    };
    try {
      await retry(attempt);
      batch.settle(committed);
    } catch (caught) {
      // The send is judged by all its attempts: if an earlier one may have written, so may the send.
      const e =
        mayHaveWritten && caught instanceof SluiceApiError && caught.noSideEffects
          ? new SluiceApiError({
              code: caught.code,
              message: `${caught.message} (an earlier attempt's outcome is unknown: the records may have been written)`,
              status: caught.status,
              retriable: caught.retriable,
              noSideEffects: false,
              details: caught.details,
              cause: caught,
            })
          : caught;
      if (seqs) this.giveBackSequences(batch.topic, seqs, parts.map((p) => p.partition).filter((p) => !committed.has(p)), e, mayHaveWritten);
      if (e instanceof SluiceApiError && (e.code === 'UNKNOWN_TOPIC' || e.code === 'UNKNOWN_PARTITION')) this.metadata.invalidate(batch.topic);
      if (committed.size === 0 && batch.sends.length > 1 && e instanceof SluiceApiError && RECORD_LEVEL_CODES.has(e.code)) {
        for (const single of batch.splitBySend()) await this.dispatch(single, compression);
        return;
      }
      batch.settle(committed, e);
    }
  }

  /**
   * After a failed idempotent request: sequences the service certainly did not take are given
   * back; after an unknown outcome (or an out-of-order refusal) the producer starts over with a
   * new id, so that no gap can block the sends that follow.
   */
  private giveBackSequences(topic: string, seqs: ProducerSequences, failed: number[], e: unknown, mayHaveWritten: boolean): void {
    const identity = this.identity!;
    if (e instanceof SluiceApiError && e.code === 'PRODUCER_FENCED') return;
    if (!mayHaveWritten && e instanceof SluiceApiError && e.code !== 'OUT_OF_ORDER_SEQUENCE') identity.release(topic, seqs, failed);
    else identity.reset();
  }
}

/** The partitions a failed produce did commit (`details.committed`). */

function partialCommits(e: unknown): ProducedPartition[] {
  const list = e instanceof SluiceApiError ? e.details.committed : undefined;
  return Array.isArray(list) ? (list as ProducedPartition[]).filter((p) => Number.isInteger(p?.partition) && Number.isInteger(p?.baseOffset)) : [];
}

/** After a partial commit: did every failed partition fail without writing? */
function failedPartsHadNoSideEffects(e: SluiceApiError): boolean {
  const failed = e.details.failed;
  return partialCommits(e).length > 0 && Array.isArray(failed) && failed.length > 0
    && failed.every((f: { code?: unknown; noSideEffects?: unknown }) =>
      typeof f?.noSideEffects === 'boolean' ? f.noSideEffects : typeof f?.code === 'string' && codeHasNoSideEffects(f.code));
}
