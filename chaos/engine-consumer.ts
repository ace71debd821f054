/**
 * A partition reader of the in-process target: one fetch by offset per poll, decoded, records
 * below the asked offset dropped (a batch may start before it), as sdk/reader.ts does.
 */
import { decodeBatches } from '../shared/codec/index.ts';
import { OffsetOutOfRangeError } from '../shared/api/errors.ts';
import type { Instance } from './engine-instance.ts';
import type { ReadRecord } from './history.ts';
import { fingerprint } from './record-bytes.ts';
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
      const error = data!.error;
      if (error instanceof OffsetOutOfRangeError && from < error.logStartOffset) {
        // Below the log start (retention, DeleteRecords): start again there, as Kafka's consumers do with auto.offset.reset=earliest.
        return { records: [], nextOffset: error.logStartOffset, reset: error.logStartOffset };
      }
      if (error) throw error;
      const records: ReadRecord[] = [];
      for (const batch of data!.batches.length > 0 ? decodeBatches(data!.batches) : []) {
        for (const r of batch.records) {
          if (r.offset >= from) records.push([r.offset, r.value?.toString('utf8') ?? '', fingerprint(r.timestamp, r.key, r.headers)]);
        }
      }
      return { records, nextOffset: Math.max(data!.nextOffset, from) };
    } finally {
      if (instance.injector.dead) this.instance = this.spawn();
    }
  }
}
