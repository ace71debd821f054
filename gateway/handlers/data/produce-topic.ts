/**
 * One topic of a Produce request: its partitions' batches go to the engine's binary produce path
 * (stored as received, after header, CRC and record checks), all in one object when they are all
 * good. Kafka answers each partition on its own, so a refused batch must not sink the others: when
 * the engine refuses the request before writing anything, each partition is tried alone, and only
 * the bad ones fail. That costs an object per partition, on the error path only.
 */
import { SluiceError, type ErrorCode as SluiceCode } from '../../../shared/api/errors.ts';
import type { PartitionFrame } from '../../../shared/api/frames.ts';
import type { Engine } from '../../../shared/log/engine.ts';
import type { ProduceResult } from '../../../shared/log/produce.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { KAFKA_ERROR_FOR, kafkaErrorMessage, toKafkaError } from '../error-map.ts';

export interface PartitionOutcome {
  errorCode: number;
  errorMessage: string | null;
  result?: ProduceResult;
}

type Outcomes = Map<number, PartitionOutcome>;

/** Produces a topic's frames; every partition in `frames` gets an outcome. */
export async function produceFrames(engine: Engine, topic: string, frames: PartitionFrame[]): Promise<Outcomes> {
  try {
    return succeeded(await engine.produce.produceBinary(topic, frames));
  } catch (e) {
    const partitions = [...new Set(frames.map((f) => f.partition))];
    if (!(e instanceof SluiceError)) return allFailed(partitions, e);
    if (Array.isArray(e.details.failed)) return afterCommits(e);
    // Refused before the object PUT: nothing was written. Find the partitions at fault.
    if (!e.retriable && e.code !== 'UNKNOWN_TOPIC' && partitions.length > 1) {
      const alone = await Promise.all(partitions.map((p) => produceFrames(engine, topic, frames.filter((f) => f.partition === p))));
      return new Map(alone.flatMap((m) => [...m]));
    }
    return allFailed(partitions, e);
  }
}

function succeeded(results: ProduceResult[]): Outcomes {
  return new Map(results.map((r) => [r.partition, { errorCode: ErrorCode.NONE, errorMessage: null, result: r }]));
}

function allFailed(partitions: number[], e: unknown): Outcomes {
  const outcome = { errorCode: toKafkaError(e), errorMessage: kafkaErrorMessage(e) };
  return new Map(partitions.map((p) => [p, outcome]));
}

/** Partitions commit independently: some landed, the others failed with their own codes. */
function afterCommits(e: SluiceError): Outcomes {
  const out = succeeded((e.details.committed as ProduceResult[] | undefined) ?? []);
  for (const f of e.details.failed as Array<{ partition: number; code: SluiceCode; message: string }>) {
    out.set(f.partition, { errorCode: KAFKA_ERROR_FOR[f.code] ?? ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: f.message });
  }
  return out;
}
