/**
 * The HTTP target: the SDK (idempotent by default) over the local HTTP server and the very
 * handlers Lambda runs, with faults on the wire (chaos/wire-faults.ts) and, when asked, a restart
 * of the whole local stack. Storage faults need the in-process target: the server's functions
 * build their storage from the environment.
 */
import { createClient, type SluiceClient } from '../sdk/client.ts';
import type { RetryOptions } from '../sdk/retry.ts';
import type { FaultPlan } from './faults.ts';
import { createRng, type Rng } from './rng.ts';
import { SdkConsumer, SdkProducer } from './sdk-clients.ts';
import type { ConsumerClient, FaultSink, ProducerClient, ProducerMode, Target } from './target.ts';
import { faultyFetch } from './wire-faults.ts';

export interface HttpTargetOptions {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  plan: FaultPlan;
  seed: number | string;
  onFault: FaultSink;
  restart?: () => Promise<void>;
  /** The SDK's backoff. Default: 8 retries from 20 ms (the SDK's shape, shorter waits). */
  retry?: RetryOptions;
}

export class HttpTarget implements Target {
  readonly name = 'http';
  readonly restart?: () => Promise<void>;
  private topic = '';
  private partitions = 0;
  private faults = true;
  private readonly rng: Rng;
  private readonly inFlight = new Set<Promise<unknown>>();
  private clean: SluiceClient | undefined;

  constructor(private readonly options: HttpTargetOptions) {
    this.rng = createRng(options.seed, 'http');
    if (options.restart) this.restart = options.restart;
  }

  async setup(topic: string, partitions: number): Promise<void> {
    this.topic = topic;
    this.partitions = partitions;
    await this.cleanClient().admin().createTopic({ topic, numPartitions: partitions });
  }

  async producer(process: string, mode: ProducerMode): Promise<ProducerClient> {
    const client = this.client(process);
    const producer = client.producer({ idempotent: mode === 'idempotent', retryUnsafe: mode === 'plain', lingerMs: 0 });
    return new SdkProducer(producer, this.topic);
  }

  consumer(process: string): ConsumerClient {
    return new SdkConsumer(this.client(process), this.topic);
  }

  reader(): ConsumerClient {
    return new SdkConsumer(this.cleanClient(), this.topic);
  }

  async quiesce(): Promise<void> {
    this.faults = false;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async highWatermarks(): Promise<number[]> {
    const d = await this.cleanClient().admin().describeTopic(this.topic);
    return Array.from({ length: this.partitions }, (_, p) => d.partitionInfo.find((i) => i.partition === p)?.highWatermark ?? 0);
  }

  async close(): Promise<void> {
    await this.quiesce();
  }

  private client(process: string): SluiceClient {
    const rng = this.rng.fork(`wire/${process}`);
    return createClient({
      endpoint: this.options.endpoint,
      credentials: this.options.credentials,
      region: 'us-east-1',
      retry: this.options.retry ?? { retries: 8, initialRetryTime: 20, maxRetryTime: 2_000 },
      fetch: faultyFetch({
        plan: this.options.plan,
        rng,
        onFault: (kind, detail) => this.options.onFault(kind, process, detail),
        track: (work) => this.track(work),
        enabled: () => this.faults,
      }),
    });
  }

  private cleanClient(): SluiceClient {
    this.clean ??= createClient({ endpoint: this.options.endpoint, credentials: this.options.credentials, region: 'us-east-1' });
    return this.clean;
  }

  private track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }
}
