/**
 * The idempotent producer's side of Kafka's protocol: a producer id and epoch from
 * `POST /v1/producers` (once, lazily), and a sequence counter per topic and partition. Each
 * request's batches carry the next sequences; the service answers a resent batch with its
 * original offsets, so a request whose outcome is unknown can be resent safely with the very
 * same bytes.
 */
import type { ProducerSequences } from './produce-request.ts';
import type { RetryOptions } from './retry.ts';
import { parseJson, type Transport } from './transport.ts';

export class ProducerIdentity {
  private identity: Promise<{ producerId: number; producerEpoch: number }> | undefined;
  private readonly sequences = new Map<string, number>();

  constructor(
    private readonly transport: Transport,
    private readonly name?: string,
    /** The producer's backoff; default the client's. */
    private readonly retry?: RetryOptions,
  ) {}

  /** Reserves the sequences of one request's partitions (record counts per partition). */
  async reserve(topic: string, counts: Map<number, number>): Promise<ProducerSequences> {
    this.identity ??= this.init();
    let id: { producerId: number; producerEpoch: number };
    try {
      id = await this.identity;
    } catch (e) {
      this.identity = undefined;
      throw e;
    }
    const baseSequences = new Map<number, number>();
    for (const [partition, count] of counts) {
      const key = `${topic}\u0000${partition}`;
      const next = this.sequences.get(key) ?? 0;
      baseSequences.set(partition, next);
      this.sequences.set(key, (next + count) % 2_147_483_648);
    }
    return { ...id, baseSequences };
  }

  /** Gives back sequences that the service certainly did not take (the request wrote nothing). */
  release(topic: string, seqs: ProducerSequences, partitions: Iterable<number>): void {
    for (const partition of partitions) {
      const base = seqs.baseSequences.get(partition);
      if (base !== undefined) this.sequences.set(`${topic}\u0000${partition}`, base);
    }
  }

  /**
   * Starts over with a new producer id after a failure whose outcome stays unknown: the gap it
   * may leave in the old id's sequences can then never block later sends.
   */
  reset(): void {
    this.identity = undefined;
    this.sequences.clear();
  }

  /**
   * Retried like a send (an outage must not fail every send at once): a repeat is harmless, as it
   * only fences the id's earlier epochs (named) or leaves an id unused (anonymous).
   */
  private async init(): Promise<{ producerId: number; producerEpoch: number }> {
    const retry = this.transport.retrier({}, this.retry);
    const res = await retry(() => this.transport.call({ fn: 'produce', method: 'POST', path: '/v1/producers', json: this.name ? { name: this.name } : {} }));
    return parseJson(res) as { producerId: number; producerEpoch: number };
  }
}
