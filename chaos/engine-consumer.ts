/**
 * A partition reader of the in-process target: one fetch by offset per poll, decoded, records
 * below the asked offset dropped (a batch may start before it), as sdk/reader.ts does.
 */
import { decodeBatches } from '../shared/codec/index.ts';
import type { Instance } from './engine-instance.ts';
import type { Rng } from './rng.ts';
import type { ConsumerClient, PollResult } from './target.ts';

export class EngineConsumer implements ConsumerClient {
  private instance: Instance;
  private polls = 0;

  constructor(
    private readonly topic: string,
    private readonly spawn: () => Instance,
    private readonly rng?: Rng,
  ) {
    this.instance = spawn();
  }

  async poll(partition: number, from: number, maxBytes: number): Promise<PollResult> {
    const instance = this.instance;
    if (this.rng) instance.injector.reseed(this.rng.fork(`poll${this.polls++}`));
    try {
      const [data] = await instance.engine.fetch.fetch([{ topic: this.topic, partition, offset: from }], { maxBytes, maxWaitMs: 0 });
      if (data!.error) throw data!.error;
      const records: Array<[number, string]> = [];
      for (const batch of data!.batches.length > 0 ? decodeBatches(data!.batches) : []) {
        for (const r of batch.records) if (r.offset >= from) records.push([r.offset, r.value?.toString('utf8') ?? '']);
      }
      return { records, nextOffset: Math.max(data!.nextOffset, from) };
    } finally {
      if (instance.injector.dead) this.instance = this.spawn();
    }
  }
}
