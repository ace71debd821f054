/**
 * ListOffsets: -2 the log start, -1 the high watermark, -3 the first record with the greatest
 * timestamp, a timestamp >= 0 the first record at or after it (shared/log/offsets.ts). Every
 * offset is committed, so the isolation level changes nothing: the last stable offset is the
 * high watermark. Leader epochs are 0 throughout, as Metadata reports.
 */
import { SluiceError } from '../../../shared/api/errors.ts';
import type { OffsetSpec } from '../../../shared/log/offsets.ts';
import type { TopicRecord } from '../../../shared/log/ports.ts';
import { ListOffsets } from '../../messages/list-offsets.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { toKafkaError } from '../error-map.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';

interface TopicQuery {
  name: string;
  partitions: Array<{ partitionIndex: number; timestamp: bigint }>;
}

const LATEST = -1n;
const EARLIEST = -2n;
const MAX_TIMESTAMP = -3n;

export const listOffsetsHandler: HandlerFactory = (gateway) => ({
  schema: ListOffsets,
  async handle(req) {
    const topics = req.topics as TopicQuery[];
    return { throttleTimeMs: 0, topics: await Promise.all(topics.map((t) => listTopic(gateway, t))) };
  },
});

function specOf(ts: bigint): OffsetSpec | undefined {
  if (ts === LATEST) return { at: 'latest' };
  if (ts === EARLIEST) return { at: 'earliest' };
  if (ts === MAX_TIMESTAMP) return { at: 'maxTimestamp' };
  if (ts >= 0n && ts <= BigInt(Number.MAX_SAFE_INTEGER)) return { at: 'timestamp', timestamp: Number(ts) };
  return undefined;
}

async function listTopic(gateway: GatewayContext, t: TopicQuery): Promise<Message> {
  let topic: TopicRecord;
  try {
    topic = await gateway.engine.topics.resolve(t.name);
  } catch (e) {
    const errorCode = toKafkaError(e);
    return { name: t.name, partitions: t.partitions.map((p) => failed(p.partitionIndex, errorCode)) };
  }
  // One engine call per distinct query: earliest and latest read all their partitions' bounds at once.
  const groups = new Map<bigint, number[]>();
  const answers = new Map<number, Message>();
  for (const p of t.partitions) {
    if (!Number.isInteger(p.partitionIndex) || p.partitionIndex < 0 || p.partitionIndex >= topic.partitions) {
      answers.set(p.partitionIndex, failed(p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    } else if (!specOf(p.timestamp)) {
      answers.set(p.partitionIndex, failed(p.partitionIndex, ErrorCode.INVALID_REQUEST));
    } else groups.set(p.timestamp, [...(groups.get(p.timestamp) ?? []), p.partitionIndex]);
  }
  await Promise.all(
    [...groups].map(async ([ts, partitions]) => {
      try {
        for (const o of await gateway.engine.offsets.list(topic, specOf(ts)!, [...new Set(partitions)])) {
          answers.set(o.partition, {
            partitionIndex: o.partition,
            errorCode: ErrorCode.NONE,
            timestamp: BigInt(o.timestamp),
            offset: BigInt(o.offset),
            leaderEpoch: o.offset < 0 ? -1 : 0,
          });
        }
      } catch (e) {
        const errorCode = e instanceof SluiceError ? toKafkaError(e) : ErrorCode.UNKNOWN_SERVER_ERROR;
        for (const p of partitions) answers.set(p, failed(p, errorCode));
      }
    }),
  );
  return { name: t.name, partitions: t.partitions.map((p) => answers.get(p.partitionIndex)!) };
}

function failed(partitionIndex: number, errorCode: number): Message {
  return { partitionIndex, errorCode, timestamp: -1n, offset: -1n, leaderEpoch: -1 };
}
