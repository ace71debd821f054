/**
 * Fetch: the stored batches with their real base offsets (the engine patches them in), whole, so
 * the first may start before the requested offset (clients skip those records, as with Kafka).
 * Every offset is committed, so the last stable offset is the high watermark and no transaction
 * was ever aborted, whatever the isolation level.
 *
 * Waiting: the engine is asked with no wait of its own; while the answer holds fewer than
 * minBytes (and no error), the fetch waits on the gateway's shared tail watcher until one of its
 * partitions grows, maxWaitMs passes or the connection closes, then reads again. So a thousand
 * idle consumers of a partition cost one poll per round, not a thousand.
 *
 * Fetch sessions (KIP-227) are not kept: every answer is full and carries sessionId 0, which
 * tells a client that no session was made. A request continuing a session (an epoch other than
 * 0 or -1) gets FETCH_SESSION_ID_NOT_FOUND, upon which clients fall back to full fetches.
 */
import { SluiceError } from '../../../shared/api/errors.ts';
import type { FetchTarget, PartitionData } from '../../../shared/log/fetch.ts';
import { Fetch } from '../../messages/fetch.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { toKafkaError } from '../error-map.ts';
import type { GatewayContext, HandlerFactory, Message, RequestContext } from '../types.ts';
import { dataPlane, type DataPlane } from './data-plane.ts';
import type { WatchedPartition } from './tail-watcher.ts';
import { kafkaTopicId } from './topic-id.ts';

/** The most one fetch returns, whatever the client asks (Kafka's broker caps it too, at fetch.max.bytes); one batch always goes. */
export const MAX_FETCH_BYTES = 32 * 1024 * 1024;
/** The longest a fetch waits, whatever the client asks. */
export const MAX_FETCH_WAIT_MS = 5 * 60_000;
/** The pause after a wake whose read showed nothing new (the watcher's minimum poll interval). */
const STALE_PAUSE_MS = 100;

interface FetchTopic {
  /** v0-12 name topics, v13+ give their ids. */
  topic: string;
  topicId: string;
  partitions: Array<{ partition: number; fetchOffset: bigint; partitionMaxBytes: number }>;
}

export const fetchHandler: HandlerFactory = (gateway) => {
  const plane = dataPlane(gateway);
  return {
    schema: Fetch,
    async handle(req, ctx) {
      const epoch = req.sessionEpoch as number;
      if (ctx.apiVersion >= 7 && epoch !== 0 && epoch !== -1) {
        return { throttleTimeMs: 0, errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessionId: 0, responses: [] };
      }
      const topics = req.topics as FetchTopic[];
      const names = await Promise.all(topics.map((t) => (ctx.apiVersion >= 13 ? topicName(gateway, plane, t.topicId) : t.topic)));
      const targets: FetchTarget[] = topics.flatMap((t, i) =>
        names[i] === undefined
          ? []
          : t.partitions.map((p) => ({
              topic: names[i]!,
              partition: p.partition,
              offset: toOffset(p.fetchOffset),
              maxBytes: Math.max(1, p.partitionMaxBytes),
            })),
      );
      const data = await fetchWaiting(gateway, plane, ctx, targets, {
        maxBytes: clamp(req.maxBytes as number, 1, MAX_FETCH_BYTES),
        // An unknown topic id is an error, and Kafka answers errors at once.
        maxWaitMs: names.includes(undefined) ? 0 : clamp(req.maxWaitMs as number, 0, MAX_FETCH_WAIT_MS),
        minBytes: Math.max(0, req.minBytes as number),
      });
      let i = 0;
      const responses = topics.map((t, k) => ({
        topic: t.topic,
        topicId: t.topicId,
        partitions: t.partitions.map((p) => (names[k] === undefined ? unknownTopicId(p.partition) : partitionResponse(data[i++]!))),
      }));
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses };
    },
  };
};

async function fetchWaiting(
  gateway: GatewayContext,
  plane: DataPlane,
  ctx: RequestContext,
  targets: FetchTarget[],
  opts: { maxBytes: number; maxWaitMs: number; minBytes: number },
): Promise<PartitionData[]> {
  if (targets.length === 0) return [];
  const read = () => gateway.engine.fetch.fetch(targets, { maxBytes: opts.maxBytes, maxWaitMs: 0 }).catch((e: unknown) => failedAll(targets, e));
  const deadline = gateway.now() + opts.maxWaitMs;
  let data = await read();
  while (!satisfied(data, opts.minBytes) && !ctx.signal.aborted) {
    const left = deadline - gateway.now();
    if (left <= 0) break;
    const parts = await watchedParts(gateway, data);
    if (!(await plane.watcher.waitForAny(parts, left, ctx.signal))) break;
    const before = bytesOf(data);
    data = await read();
    // Woken, yet this read shows nothing new: it lags the watcher's (an eventually consistent
    // read). Pause before waiting again, or the stale view would wake this fetch at once, in a loop.
    if (bytesOf(data) === before) await pause(Math.min(STALE_PAUSE_MS, deadline - gateway.now()), ctx.signal);
  }
  return data;
}

/** A failed read (storage unavailable) is every partition's error, as a broker's failing log would be. */
function failedAll(targets: FetchTarget[], e: unknown): PartitionData[] {
  const error = e instanceof SluiceError ? e : new SluiceError('INTERNAL', 'the fetch failed');
  return targets.map((t) => ({ topic: t.topic, partition: t.partition, highWatermark: -1, logStartOffset: -1, nextOffset: t.offset, batches: Buffer.alloc(0), error }));
}

/** Kafka answers at once when any partition failed, or when minBytes are there. */
function satisfied(data: PartitionData[], minBytes: number): boolean {
  return data.some((d) => d.error) || bytesOf(data) >= minBytes;
}

function bytesOf(data: PartitionData[]): number {
  return data.reduce((n, d) => n + d.batches.length, 0);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Each partition wakes its fetch once its log grows past what this fetch saw. */
async function watchedParts(gateway: GatewayContext, data: PartitionData[]): Promise<WatchedPartition[]> {
  const ids = new Map<string, string>();
  await Promise.all(
    [...new Set(data.map((d) => d.topic))].map(async (name) => {
      // A topic deleted since the read is not waited on; the wait then ends at its deadline.
      const topic = await gateway.engine.topics.resolve(name).catch(() => undefined);
      if (topic) ids.set(name, topic.id);
    }),
  );
  return data.flatMap((d) => {
    const topicId = ids.get(d.topic);
    return topicId ? [{ topicId, partition: d.partition, above: Math.max(d.nextOffset, d.highWatermark) }] : [];
  });
}

/** A topic id's name, if the id is a live topic's (a recreated topic has a new id). */
async function topicName(gateway: GatewayContext, plane: DataPlane, topicId: string): Promise<string | undefined> {
  const name = await plane.topicIds.nameOf(topicId);
  if (name === undefined) return undefined;
  const topic = await gateway.engine.topics.resolve(name).catch(() => undefined);
  return topic && kafkaTopicId(topic.id) === topicId.toLowerCase() ? name : undefined;
}

function unknownTopicId(partitionIndex: number): Message {
  return {
    partitionIndex,
    errorCode: ErrorCode.UNKNOWN_TOPIC_ID,
    highWatermark: -1n,
    lastStableOffset: -1n,
    logStartOffset: -1n,
    abortedTransactions: [],
    preferredReadReplica: -1,
    records: Buffer.alloc(0),
  };
}

function partitionResponse(d: PartitionData): Message {
  const errorCode = d.error ? toKafkaError(d.error) : ErrorCode.NONE;
  return {
    partitionIndex: d.partition,
    errorCode,
    highWatermark: BigInt(d.highWatermark),
    lastStableOffset: BigInt(d.highWatermark),
    logStartOffset: BigInt(d.logStartOffset),
    abortedTransactions: [],
    preferredReadReplica: -1,
    records: d.batches,
  };
}

/** Offsets past what a double holds exactly are out of any log's range; the engine answers so. */
function toOffset(v: bigint): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) || v < -1n ? -1 : Number(v);
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(v) ? v : min));
}
