/**
 * The HTTP target: the SDK (idempotent by default) over the local HTTP server and the very
 * handlers Lambda runs, with faults on the wire (chaos/wire-faults.ts) and, when asked, a restart
 * of the whole local stack. Storage faults need the in-process target: the server's functions
 * build their storage from the environment.
 */
import { createClient, type SluiceClient } from '../sdk/client.ts';
import type { RetryOptions } from '../sdk/retry.ts';
import { noteDeliveries } from './deliveries.ts';
import type { FaultPlan } from './faults.ts';
import { createRng, type Rng } from './rng.ts';
import { SdkConsumer, SdkProducer } from './sdk-clients.ts';
import { SdkMember, type SdkMemberHost } from './sdk-member.ts';
import type { ConsumerClient, FaultSink, GroupMember, MemberContext, ProducerClient, ProducerMode, Target } from './target.ts';
import { faultyFetch, type FetchLike } from './wire-faults.ts';

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

/** A refused connection: what a dead member's requests meet. */
const refused = (): Promise<Response> =>
  Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));

export class HttpTarget implements Target, SdkMemberHost {
  readonly name = 'http';
  readonly restart?: () => Promise<void>;
  topic = '';
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

  groupMember(process: string, context: MemberContext): GroupMember {
    return new SdkMember(this, process, context);
  }

  connect(process: string, alive: () => boolean): SluiceClient {
    // Members retry less than producers: a dead member's last commit and leave should give up quickly.
    const around = (wire: FetchLike) => noteDeliveries((input, init) => (alive() ? wire(input, init) : refused()));
    return this.client(process, around, { retries: 3, initialRetryTime: 20, maxRetryTime: 500 });
  }

  plainClient(): SluiceClient {
    // Delivery tracking only: a late commit must be told apart from one that never got out.
    return createClient({ endpoint: this.options.endpoint, credentials: this.options.credentials, region: 'us-east-1', fetch: noteDeliveries((input, init) => fetch(input, init)) });
  }

  async committedOffsets(groupId: string): Promise<Record<string, number>> {
    const offsets = await this.cleanClient().groups().fetchOffsets(groupId, this.topic);
    return Object.fromEntries(offsets.filter((o) => o.offset >= 0).map((o) => [String(o.partition), o.offset]));
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

  private client(process: string, around: (wire: FetchLike) => FetchLike = (wire) => wire, retry?: RetryOptions): SluiceClient {
    const rng = this.rng.fork(`wire/${process}`);
    return createClient({
      endpoint: this.options.endpoint,
      credentials: this.options.credentials,
      region: 'us-east-1',
      retry: retry ?? this.options.retry ?? { retries: 8, initialRetryTime: 20, maxRetryTime: 2_000 },
      fetch: around(faultyFetch({
        plan: this.options.plan,
        rng,
        onFault: (kind, detail) => this.options.onFault(kind, process, detail),
        track: (work) => this.track(work),
        enabled: () => this.faults,
      })),
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
