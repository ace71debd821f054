import { describe, expect, it } from 'vitest';
import type { FetchedPartition } from '../../../sdk/consumer-fetcher.ts';
import { PartitionTable, type PartitionState } from '../../../sdk/consumer-partitions.ts';
import { processBatch, processMessages, type ProcessDeps } from '../../../sdk/consumer-process.ts';
import type { EachBatchPayload } from '../../../sdk/consumer-types.ts';

// A batch of records 10-13 of one partition, handed to a consumer whose lease lapses (by its own
// clock: a heartbeat answer is late) while the handler runs, then comes back: the partition was
// never taken away.
function setup() {
  const table = new PartitionTable();
  const state: PartitionState = table.add('t', 0);
  state.position = state.resolved = 10;
  state.committed = 10;
  let leaseValid = true;
  const processed: number[] = [];
  const deps: ProcessDeps = {
    table,
    mayProcess: (s, generation) => table.get(s.topic, s.partition) === s && s.generation === generation && leaseValid,
    isRunning: () => true,
    processed: async (n) => void processed.push(n),
    failed: () => undefined,
    commitIfNecessary: async () => undefined,
  };
  const offsets = [10, 11, 12, 13];
  const fetched: FetchedPartition = {
    topic: 't', partition: 0, offset: 10, highWatermark: 14, logStartOffset: 0, nextOffset: 14,
    messages: offsets.map((offset) => ({ offset, timestamp: 0, key: null, value: Buffer.from(`v${offset}`), headers: [] })),
  };
  return { state, deps, fetched, processed, lapse: () => (leaseValid = false), renew: () => (leaseValid = true) };
}

describe('handing a fetched batch to the handler', () => {
  it('does not fetch again what eachBatch processed while the lease lapsed for a moment', async () => {
    const s = setup();
    const seen: number[] = [];
    await processBatch(s.deps, s.state, s.fetched, async ({ batch }: EachBatchPayload) => {
      seen.push(...batch.messages.map((m) => m.offset));
      s.lapse();
    }, true);
    s.renew();
    expect(seen).toEqual([10, 11, 12, 13]);
    // Processed: the next fetch starts after them, and a commit stores them.
    expect(s.state.position).toBe(14);
    expect(s.state.resolved).toBe(14);
    expect(s.processed).toEqual([4]);
  });

  it('keeps what eachBatch resolved before the lease lapsed, and nothing after', async () => {
    const s = setup();
    await processBatch(s.deps, s.state, s.fetched, async ({ resolveOffset, isStale }: EachBatchPayload) => {
      resolveOffset(10);
      resolveOffset(11);
      s.lapse();
      expect(isStale()).toBe(true);
    }, false);
    s.renew();
    expect(s.state.resolved).toBe(12);
    expect(s.state.position).toBe(12);
  });

  it('does not hand over a batch of a partition lost before processing began', async () => {
    const s = setup();
    s.deps.table.remove(s.state);
    let called = false;
    await processBatch(s.deps, s.state, s.fetched, async () => void (called = true), true);
    expect(called).toBe(false);
    expect(s.state.position).toBe(10);
  });

  it('starts over from a seek made while eachBatch ran', async () => {
    const s = setup();
    await processBatch(s.deps, s.state, s.fetched, async () => {
      s.state.generation++;
      s.state.position = s.state.resolved = 3;
    }, true);
    expect(s.state.position).toBe(3);
    expect(s.state.resolved).toBe(3);
  });

  it('with eachMessage, stops at the lapse and goes on after the last processed record', async () => {
    const s = setup();
    const seen: number[] = [];
    await processMessages(s.deps, s.state, s.fetched, async ({ message }) => {
      seen.push(message.offset);
      if (message.offset === 11) s.lapse();
    });
    expect(seen).toEqual([10, 11]);
    expect(s.state.position).toBe(12);
    expect(s.state.resolved).toBe(12);
  });
});
