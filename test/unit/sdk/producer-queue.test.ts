import { describe, expect, it } from 'vitest';
import type { OpenBatch } from '../../../sdk/producer-batch.ts';
import { ProducerQueue } from '../../../sdk/producer-queue.ts';

const turn = () => new Promise<void>((r) => setImmediate(r));

/** A queue whose dispatches wait until released, recording each batch's values in order. */
function blockedQueue(options: { batchBytes?: number; maxRecords?: number } = {}) {
  const sent: string[][] = [];
  const releases: Array<() => void> = [];
  const queue = new ProducerQueue('t', {
    lingerMs: 0,
    batchBytes: options.batchBytes ?? 1000,
    maxRecords: options.maxRecords ?? 1000,
    maxInFlight: 1,
  }, (batch: OpenBatch) => {
    sent.push(batch.parts().flatMap((p) => p.records.map((r) => String(r.value))));
    return new Promise<void>((resolve) => releases.push(() => {
      batch.settle(new Map(batch.parts().map((p) => [p.partition, { partition: p.partition, baseOffset: 0, recordCount: p.records.length, logAppendTime: 0 }])));
      resolve();
    }));
  });
  const send = (value: string, size = 10) => queue.append(size, 1, () => [{ record: { key: null, value: Buffer.from(value), headers: [], timestamp: 0 }, partition: 0 }]);
  return { queue, send, sent, release: () => releases.shift()!() };
}

describe('producer queue', () => {
  it('lets a batch waiting for the request slot take later sends, so requests grow under load', async () => {
    const { send, sent, release } = blockedQueue();
    const done = [send('a')];
    await turn();
    expect(sent).toEqual([['a']]);
    // Five sends in five turns while the first request is out: one waiting batch, not five.
    for (const v of ['b', 'c', 'd', 'e', 'f']) {
      done.push(send(v));
      await turn();
    }
    release();
    await turn();
    expect(sent).toEqual([['a'], ['b', 'c', 'd', 'e', 'f']]);
    release();
    await Promise.all(done);
  });

  it('starts a new batch when the waiting one has no room, keeping send order', async () => {
    const { send, sent, release } = blockedQueue({ batchBytes: 25 });
    const done = [send('a')];
    await turn();
    for (const v of ['b', 'c', 'd']) {
      done.push(send(v));
      await turn();
    }
    release();
    await turn();
    release();
    await turn();
    release();
    await Promise.all(done);
    expect(sent).toEqual([['a'], ['b', 'c'], ['d']]);
  });
});
