/**
 * Producer and consumer clients of the HTTP target: the real SDK (sdk/), so the harness checks
 * the SDK's own retry and side-effect decisions, not a model of them. A rejected send is `fail`
 * when the SDK's error claims `noSideEffects` (a user would take it as "nothing was written"),
 * `info` otherwise: if the claim is wrong, the checker reports aborted reads or lost writes.
 */
import type { Producer } from '../sdk/producer.ts';
import type { SluiceClient } from '../sdk/client.ts';
import { SluiceApiError } from '../sdk/errors.ts';
import type { SentValue } from './history.ts';
import type { ConsumerClient, PollResult, ProducerClient, SendResult } from './target.ts';

export class SdkProducer implements ProducerClient {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async send(values: SentValue[]): Promise<SendResult> {
    try {
      const metas = await this.producer.send({ topic: this.topic, messages: values.map((v) => ({ value: v.value, partition: v.partition })) });
      const base = new Map(metas.map((m) => [m.partition, m.baseOffset]));
      const seen = new Map<number, number>();
      const offsets: Record<string, number> = {};
      for (const v of values) {
        const i = seen.get(v.partition) ?? 0;
        seen.set(v.partition, i + 1);
        const b = base.get(v.partition);
        if (b === undefined) throw new Error(`the SDK acknowledged a send without partition ${v.partition}`);
        offsets[v.value] = b + i;
      }
      return { outcome: 'ok', offsets, failed: [], attempts: 1 };
    } catch (e) {
      if (!(e instanceof SluiceApiError)) throw e;
      return { outcome: e.noSideEffects ? 'fail' : 'info', offsets: {}, failed: [], attempts: 1, error: `${e.code}: ${e.message}` };
    }
  }
}

export class SdkConsumer implements ConsumerClient {
  constructor(
    private readonly client: SluiceClient,
    private readonly topic: string,
  ) {}

  async poll(partition: number, from: number, maxBytes: number): Promise<PollResult> {
    const reader = this.client.reader({ topic: this.topic, partition, fromOffset: from });
    const r = await reader.fetch({ maxBytes });
    return { records: r.records.map((x) => [x.offset, x.value?.toString('utf8') ?? '']), nextOffset: r.nextOffset };
  }
}
