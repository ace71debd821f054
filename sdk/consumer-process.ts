/**
 * Hands one fetched batch of one partition to eachMessage or eachBatch, stopping at the first
 * record the consumer may no longer process (revoked, lost, paused, sought, lease expired,
 * stopping). A handler that throws leaves the failed record as the next one to fetch and to
 * commit: nothing after it is committed, and it is tried again after a backoff.
 */
import type { FetchedPartition } from './consumer-fetcher.ts';
import type { PartitionState, PartitionTable } from './consumer-partitions.ts';
import type { Batch, EachBatchPayload, EachMessagePayload, KafkaMessage } from './consumer-types.ts';

export interface ProcessDeps {
  table: PartitionTable;
  /** True while the consumer may process this partition at this generation. */
  mayProcess(state: PartitionState, generation: number): boolean;
  isRunning(): boolean;
  /** Called per processed record; commits if the policy says so. */
  processed(count: number): Promise<void>;
  /** Called when a handler throws; returns the backoff before the partition is fetched again. */
  failed(state: PartitionState, error: unknown): void;
  commitIfNecessary(): Promise<void>;
}

export async function processMessages(
  deps: ProcessDeps,
  state: PartitionState,
  fetched: FetchedPartition,
  eachMessage: (p: EachMessagePayload) => Promise<void>,
): Promise<void> {
  const generation = state.generation;
  const { topic, partition } = state;
  for (const message of fetched.messages) {
    if (!deps.mayProcess(state, generation)) return;
    try {
      await eachMessage({ topic, partition, message, heartbeat: async () => {}, pause: pauser(deps.table, topic, partition) });
    } catch (e) {
      if (state.generation === generation) state.position = message.offset;
      deps.failed(state, e);
      return;
    }
    if (state.generation !== generation) return;
    state.failures = 0;
    state.position = state.resolved = message.offset + 1;
    await deps.processed(1);
  }
  if (deps.mayProcess(state, generation)) state.position = Math.max(state.position ?? 0, fetched.nextOffset);
}

export async function processBatch(
  deps: ProcessDeps,
  state: PartitionState,
  fetched: FetchedPartition,
  eachBatch: (p: EachBatchPayload) => Promise<void>,
  autoResolve: boolean,
): Promise<void> {
  const generation = state.generation;
  const { topic, partition } = state;
  const isStale = () => !deps.mayProcess(state, generation);
  // Revoked, lost or paused while the fetch was in flight: not this member's to process now.
  if (isStale()) return;
  let resolvedCount = 0;
  // A record the handler processed counts as processed even if the partition went stale meanwhile
  // (a lease that lapsed by this member's clock, a pause, a revocation that waits for this batch);
  // only a seek starts over elsewhere. A partition that was lost is out of the table: its state's
  // offsets are never committed.
  const resolveOffset = (offset: number) => {
    if (state.generation !== generation || offset + 1 <= (state.resolved ?? -1)) return;
    resolvedCount += fetched.messages.filter((m) => m.offset < offset + 1 && m.offset >= (state.resolved ?? 0)).length;
    state.resolved = offset + 1;
  };
  const payload: EachBatchPayload = {
    batch: batchOf(fetched),
    resolveOffset,
    heartbeat: async () => {},
    pause: pauser(deps.table, topic, partition),
    commitOffsetsIfNecessary: () => deps.commitIfNecessary(),
    uncommittedOffsets: () => ({
      topics: deps.table.uncommitted([state]).map((o) => ({ topic: o.topic, partitions: [{ partition: o.partition, offset: o.offset }] })),
    }),
    isRunning: () => deps.isRunning(),
    isStale,
  };
  try {
    await eachBatch(payload);
  } catch (e) {
    if (state.generation === generation) state.position = Math.max(fetched.offset, state.resolved ?? fetched.offset);
    deps.failed(state, e);
    return;
  }
  const last = fetched.messages.at(-1);
  if (autoResolve && last) resolveOffset(last.offset);
  if (state.generation !== generation) return;
  if (isStale()) {
    // Whatever was processed is not fetched again, should the partition become processable again
    // (the lease renewed): within one ownership, delivery goes forwards.
    state.position = Math.max(state.position ?? 0, state.resolved ?? 0);
  } else {
    state.failures = 0;
    state.position = Math.max(state.position ?? 0, fetched.nextOffset);
  }
  if (resolvedCount) await deps.processed(resolvedCount);
}

function batchOf(f: FetchedPartition): Batch {
  const messages: KafkaMessage[] = f.messages;
  return {
    topic: f.topic,
    partition: f.partition,
    highWatermark: f.highWatermark,
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => messages[0]?.offset ?? null,
    lastOffset: () => messages.at(-1)?.offset ?? f.offset - 1,
    offsetLag: () => f.highWatermark - 1 - (messages.at(-1)?.offset ?? f.offset - 1),
    offsetLagLow: () => f.highWatermark - 1 - (messages[0]?.offset ?? f.offset - 1),
  };
}

function pauser(table: PartitionTable, topic: string, partition: number): () => () => void {
  return () => {
    table.pause(topic, [partition]);
    return () => table.resume(topic, [partition]);
  };
}
