/**
 * Produce: the client's RecordBatches are stored as received and acknowledged only after the
 * engine committed them (acks 1 and -1 alike: a commit is durable in S3 and DynamoDB, which is
 * more than Kafka's acks=all). acks=0 waits for the commit too, then sends nothing, as Kafka.
 *
 * Idempotent batches carry their producer id, epoch and sequence in the batch header; the engine
 * judges them against the producer registry: a retried batch is answered with its original offset,
 * a gap in sequences is OUT_OF_ORDER_SEQUENCE_NUMBER, a stale epoch INVALID_PRODUCER_EPOCH.
 *
 * Sluice has no transactions: a request with a transactional id is answered INVALID_REQUEST for
 * every partition, with an error message saying so (v8+), and nothing is written. Transactional
 * batches without one are refused by the engine as INVALID_RECORD.
 */
import { usesLogAppendTime } from '../../../shared/api/topic-configs.ts';
import type { PartitionFrame } from '../../../shared/api/frames.ts';
import { mapLimit } from '../../../shared/log/map-limit.ts';
import type { TopicRecord } from '../../../shared/log/ports.ts';
import { Produce } from '../../messages/produce.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { NO_RESPONSE, type GatewayContext, type HandlerFactory, type Message } from '../types.ts';
import { dataPlane, type DataPlane } from './data-plane.ts';
import { produceFrames, type PartitionOutcome } from './produce-topic.ts';

interface TopicData {
  name: string;
  partitionData: Array<{ index: number; records: Buffer | null }>;
}

/** Topics of one request produced at once (each is one object PUT and its commits). */
const TOPICS_IN_FLIGHT = 16;

/** A partition the engine gave no answer for (cannot happen; answered rather than thrown). */
const LOST: PartitionOutcome = { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: null };

const NO_TRANSACTIONS = 'Sluice has no transactions: produce without a transactional id (an idempotent producer is supported)';

export const produceHandler: HandlerFactory = (gateway) => {
  const plane = dataPlane(gateway);
  return {
    schema: Produce,
    async handle(req) {
      const topics = req.topicData as TopicData[];
      const acks = req.acks as number;
      let responses: Message[];
      if (acks !== 0 && acks !== 1 && acks !== -1) {
        responses = topics.map((t) => refuseTopic(t, ErrorCode.INVALID_REQUIRED_ACKS, `acks must be 0, 1 or -1, got ${acks}`));
      } else if (req.transactionalId !== null && req.transactionalId !== undefined) {
        responses = topics.map((t) => refuseTopic(t, ErrorCode.INVALID_REQUEST, NO_TRANSACTIONS));
      } else {
        responses = await mapLimit(topics, TOPICS_IN_FLIGHT, (t) => produceTopic(gateway, plane, t));
      }
      if (acks === 0) return NO_RESPONSE;
      return { responses, throttleTimeMs: 0 };
    },
  };
};

async function produceTopic(gateway: GatewayContext, plane: DataPlane, t: TopicData): Promise<Message> {
  const { engine } = gateway;
  const frames: PartitionFrame[] = [];
  const outcomes = new Map<number, PartitionOutcome>();
  for (const p of t.partitionData) {
    if (p.records && p.records.length > 0) frames.push({ partition: p.index, batches: p.records });
    else outcomes.set(p.index, { errorCode: ErrorCode.CORRUPT_MESSAGE, errorMessage: `partition ${p.index}: no record batch` });
  }
  // The topic (cached by the engine) and its log starts (cached here) load beside the produce.
  const topic = engine.topics.resolve(t.name).catch(() => undefined);
  const logStarts = topic.then(async (tp) => (tp ? plane.logStarts.get(tp.id, [...new Set(frames.map((f) => f.partition))]) : undefined)).catch(() => undefined);
  if (frames.length > 0) for (const [p, o] of await produceFrames(engine, t.name, frames)) if (!outcomes.has(p)) outcomes.set(p, o);
  const [record, starts] = await Promise.all([topic, logStarts]);
  if (record) notifyWatcher(plane, record, outcomes);
  return {
    name: t.name,
    partitionResponses: t.partitionData.map((p) => partitionResponse(p.index, outcomes.get(p.index) ?? LOST, record, starts)),
  };
}

function partitionResponse(index: number, o: PartitionOutcome, topic: TopicRecord | undefined, starts: Map<number, number> | undefined): Message {
  const r = o.result;
  if (!r) {
    return { index, errorCode: o.errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage: o.errorMessage };
  }
  const appendTime = topic && usesLogAppendTime(topic.configs) ? BigInt(r.logAppendTime) : -1n;
  const start = starts?.get(index);
  return {
    index,
    errorCode: ErrorCode.NONE,
    baseOffset: BigInt(r.baseOffset),
    logAppendTimeMs: appendTime,
    logStartOffset: start === undefined ? -1n : BigInt(start),
    recordErrors: [],
    errorMessage: null,
  };
}

function refuseTopic(t: TopicData, errorCode: number, message: string): Message {
  return {
    name: t.name,
    partitionResponses: t.partitionData.map((p) => partitionResponse(p.index, { errorCode, errorMessage: message }, undefined, undefined)),
  };
}

/** Fetches waiting here on these partitions wake now rather than at the watcher's next poll. */
function notifyWatcher(plane: DataPlane, topic: TopicRecord, outcomes: Map<number, PartitionOutcome>): void {
  for (const [partition, o] of outcomes) {
    if (o.result && !o.result.duplicate) plane.watcher.notify(topic.id, partition, o.result.baseOffset + o.result.recordCount);
  }
}
