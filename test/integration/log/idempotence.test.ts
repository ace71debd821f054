import { describe, expect, it } from 'vitest';
import { decodeBatches, encodeBatch } from '../../../shared/codec/index.ts';
import { uniqueName } from '../../support/env.ts';
import { realEngine, text } from './helpers.ts';

const engine = realEngine();

function batch(producerId: number, epoch: number, baseSequence: number, values: string[]) {
  return encodeBatch(
    values.map((v) => ({ key: null, value: text(v), timestamp: Date.now() })),
    { producerId, producerEpoch: epoch, baseSequence },
  );
}

async function values(topic: string) {
  const [d] = await engine.fetch.fetch([{ topic, partition: 0, offset: 0 }], { maxBytes: 1 << 20, maxWaitMs: 0 });
  return decodeBatches(d!.batches).flatMap((b) => b.records.map((r) => `${r.offset}:${r.value!.toString()}`));
}

describe('the idempotent producer on the emulators', () => {
  it('hands out fresh ids, and bumps the epoch of a named producer', async () => {
    const a = await engine.storage.producers.init();
    const b = await engine.storage.producers.init();
    expect(b.producerId).not.toBe(a.producerId);
    expect(a.producerEpoch).toBe(0);
    const name = uniqueName('tx');
    const first = await engine.storage.producers.init(name);
    const second = await engine.storage.producers.init(name);
    expect(second).toEqual({ producerId: first.producerId, producerEpoch: first.producerEpoch + 1 });
  });

  it('returns the original offset for a retried batch, even from another function, and writes nothing', async () => {
    const topic = uniqueName('idem');
    await engine.topics.create({ name: topic });
    const { producerId, producerEpoch } = await engine.storage.producers.init();
    const b0 = batch(producerId, producerEpoch, 0, ['a', 'b']);
    const b1 = batch(producerId, producerEpoch, 2, ['c']);
    const [r0] = await engine.produce.produceBinary(topic, [{ partition: 0, batches: Buffer.from(b0) }]);
    const [r1] = await engine.produce.produceBinary(topic, [{ partition: 0, batches: Buffer.from(b1) }]);
    expect([r0!.baseOffset, r1!.baseOffset]).toEqual([0, 2]);
    // The answer was lost and the client retried, reaching a cold function.
    const [again] = await realEngine().produce.produceBinary(topic, [{ partition: 0, batches: Buffer.from(b0) }]);
    expect(again).toMatchObject({ baseOffset: 0, recordCount: 2, duplicate: true });
    const [again1] = await engine.produce.produceBinary(topic, [{ partition: 0, batches: Buffer.from(b1) }]);
    expect(again1).toMatchObject({ baseOffset: 2, duplicate: true });
    expect(await values(topic)).toEqual(['0:a', '1:b', '2:c']);
  });

  it('refuses a gap in the sequence and a fenced epoch, changing nothing', async () => {
    const topic = uniqueName('fence');
    await engine.topics.create({ name: topic });
    const name = uniqueName('app');
    const old = await engine.storage.producers.init(name);
    await engine.produce.produceBinary(topic, [{ partition: 0, batches: batch(old.producerId, old.producerEpoch, 0, ['x']) }]);
    await expect(
      engine.produce.produceBinary(topic, [{ partition: 0, batches: batch(old.producerId, old.producerEpoch, 5, ['gap']) }]),
    ).rejects.toMatchObject({ code: 'OUT_OF_ORDER_SEQUENCE', details: { expectedSequence: 1 } });
    const fresh = await engine.storage.producers.init(name);
    await engine.produce.produceBinary(topic, [{ partition: 0, batches: batch(fresh.producerId, fresh.producerEpoch, 0, ['y']) }]);
    await expect(
      realEngine().produce.produceBinary(topic, [{ partition: 0, batches: batch(old.producerId, old.producerEpoch, 1, ['zombie']) }]),
    ).rejects.toMatchObject({ code: 'PRODUCER_FENCED' });
    expect(await values(topic)).toEqual(['0:x', '1:y']);
  });

  it('numbers JSON records per partition from the given base sequences', async () => {
    const topic = uniqueName('jseq');
    await engine.topics.create({ name: topic });
    const { producerId, producerEpoch } = await engine.storage.producers.init();
    const producer = { producerId, epoch: producerEpoch, baseSequences: new Map([[0, 0]]) };
    const records = ['p', 'q'].map((v) => ({ key: null, value: text(v), headers: [], partition: 0 }));
    const [first] = await engine.produce.produceJson(topic, records, 'none', producer);
    const [retry] = await realEngine().produce.produceJson(topic, records, 'none', producer);
    expect(first!.baseOffset).toBe(0);
    expect(retry).toMatchObject({ baseOffset: 0, duplicate: true });
    await expect(engine.produce.produceJson(topic, records, 'none', { ...producer, baseSequences: new Map() })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    expect(await values(topic)).toEqual(['0:p', '1:q']);
  });

  it('keeps offsets unique and contiguous with idempotent producers racing on one partition', async () => {
    const topic = uniqueName('irace');
    await engine.topics.create({ name: topic });
    const producers = 6;
    const sends = 8;
    const acked: number[] = [];
    await Promise.all(
      Array.from({ length: producers }, async (_, p) => {
        const e = realEngine();
        const { producerId, producerEpoch } = await e.storage.producers.init();
        for (let i = 0; i < sends; i++) {
          const b = batch(producerId, producerEpoch, i * 2, [`p${p}-${i}-0`, `p${p}-${i}-1`]);
          const [r] = await e.produce.produceBinary(topic, [{ partition: 0, batches: b }]);
          // Every other send is delivered twice, as a client retry after a lost answer.
          if (i % 2 === 0) {
            const [dup] = await realEngine().produce.produceBinary(topic, [{ partition: 0, batches: Buffer.from(b) }]);
            expect(dup).toMatchObject({ baseOffset: r!.baseOffset, duplicate: true });
          }
          acked.push(r!.baseOffset, r!.baseOffset + 1);
        }
      }),
    );
    const total = producers * sends * 2;
    expect(acked.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect((await values(topic)).length).toBe(total);
  });
});
