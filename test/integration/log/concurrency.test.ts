import { describe, expect, it } from 'vitest';
import { decodeBatches } from '../../../shared/codec/index.ts';
import { uniqueName } from '../../support/env.ts';
import { realEngine, record } from './helpers.ts';

describe('concurrent producers on one partition', () => {
  it('never give out an offset twice, never leave a hole, and lose no acknowledged record', async () => {
    const topic = uniqueName('conc');
    const admin = realEngine();
    await admin.topics.create({ name: topic, partitions: 1 });
    const producers = 8;
    const requests = 12;
    // Each producer is its own engine, like a separate warm Lambda with its own offset cache.
    const acked: { value: string; offset: number }[] = [];
    await Promise.all(
      Array.from({ length: producers }, async (_, p) => {
        const engine = realEngine();
        for (let i = 0; i < requests; i++) {
          const values = [0, 1, 2].map((j) => `p${p}-r${i}-${j}`);
          const [res] = await engine.produce.produceJson(topic, values.map((v) => record(v, { partition: 0 })));
          values.forEach((value, j) => acked.push({ value, offset: res!.baseOffset + j }));
        }
      }),
    );
    const total = producers * requests * 3;
    const offsets = acked.map((a) => a.offset).sort((a, b) => a - b);
    expect(offsets).toEqual(Array.from({ length: total }, (_, i) => i));

    const seen: { offset: number; value: string }[] = [];
    let next = 0;
    while (next < total) {
      const [d] = await admin.fetch.fetch([{ topic, partition: 0, offset: next }], { maxBytes: 1 << 20, maxWaitMs: 0 });
      for (const b of decodeBatches(d!.batches)) for (const r of b.records) if (r.offset >= next) seen.push({ offset: r.offset, value: r.value!.toString() });
      next = d!.nextOffset;
    }
    expect(seen.map((s) => s.offset)).toEqual(offsets);
    const byOffset = new Map(seen.map((s) => [s.offset, s.value]));
    for (const a of acked) expect(byOffset.get(a.offset)).toBe(a.value);
    // Each producer's records keep their order.
    for (let p = 0; p < producers; p++) {
      const mine = seen.filter((s) => s.value.startsWith(`p${p}-`)).map((s) => s.value);
      expect(mine).toEqual(acked.filter((a) => a.value.startsWith(`p${p}-`)).sort((x, y) => x.offset - y.offset).map((a) => a.value));
    }
  });
});
