/**
 * The in-process target: every client process talks to its own function instance (an engine
 * over the real emulators), as concurrent Lambda invocations would, with faults injected at the
 * storage seams (chaos/faults.ts) and on the way back to the client (chaos/engine-producer.ts).
 */
import type { PartitionFrame } from '../shared/api/frames.ts';
import type { EngineOptions } from '../shared/log/engine.ts';
import type { Storage } from '../shared/log/ports.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.ts';
import { EngineConsumer } from './engine-consumer.ts';
import { EngineMember } from './engine-member.ts';
import { createInstance, type Instance } from './engine-instance.ts';
import { EngineProducer, type EngineHost } from './engine-producer.ts';
import type { FaultPlan } from './faults.ts';
import type { MaintenanceHost } from './maintenance-workload.ts';
import { createRng, type Rng } from './rng.ts';
import type { ConsumerClient, FaultSink, GroupMember, MemberContext, ProducerClient, ProducerMode, Target } from './target.ts';

export interface EngineTargetOptions {
  /** Real storage for a new function instance (clients may be shared: instances differ by their engines' state). */
  storage: () => Storage;
  plan: FaultPlan;
  seed: number | string;
  onFault: FaultSink;
  /** The build under test around each instance's storage (chaos/broken.ts); default Sluice as it is. */
  build?: (storage: Storage, track: (work: Promise<unknown>) => void) => Storage;
  /** Restarts the storage emulators (chaos/stack.ts). */
  restart?: () => Promise<void>;
  policy?: RetryPolicy;
  /** Distinguishes this run's producer names in the registry. */
  runId: string;
  /**
   * Every instance's engine options. With maintenance running, `guessTrustMs` must be at most
   * half maintenance's `entryDeleteDelayMs` (chaos/maintenance-workload.ts).
   */
  engine?: EngineOptions;
}

export class EngineTarget implements Target, EngineHost, MaintenanceHost {
  readonly name = 'engine';
  readonly plan: FaultPlan;
  readonly policy: RetryPolicy;
  topic = '';
  private partitions = 0;
  private faults = true;
  private readonly rng: Rng;
  private readonly generations = new Map<string, number>();
  private readonly instances = new Set<Instance>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly twins = new Map<string, Instance>();
  private clean: Instance | undefined;
  readonly restart?: () => Promise<void>;

  constructor(private readonly options: EngineTargetOptions) {
    this.plan = options.plan;
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.rng = createRng(options.seed, 'engine');
    if (options.restart) this.restart = options.restart;
  }

  async setup(topic: string, partitions: number, configs: Record<string, string> = {}): Promise<void> {
    this.topic = topic;
    this.partitions = partitions;
    await this.cleanInstance().engine.topics.create({ name: topic, partitions, configs });
  }

  /** Maintenance runs in process, over instances like the clients' (chaos/maintenance-workload.ts). */
  maintenanceHost(): MaintenanceHost {
    return this;
  }

  async producer(process: string, mode: ProducerMode): Promise<ProducerClient> {
    return new EngineProducer(this, process, mode, this.rng.fork(`client/${process}`), `chaos-${this.options.runId}-${process}`);
  }

  consumer(process: string): ConsumerClient {
    return new EngineConsumer(this.topic, () => this.spawn(process), this.rng.fork(`client/${process}`));
  }

  reader(): ConsumerClient {
    return new EngineConsumer(this.topic, () => this.cleanInstance());
  }

  groupMember(process: string, context: MemberContext): GroupMember {
    return new EngineMember(this, process, context);
  }

  async committedOffsets(groupId: string): Promise<Record<string, number>> {
    const { offsets } = await this.cleanInstance().groups!.fetchOffsets(groupId, this.topic);
    return Object.fromEntries(offsets.filter((o) => o.offset >= 0).map((o) => [String(o.partition), o.offset]));
  }

  spawn(process: string): Instance {
    // Each instance draws its faults from a stream named after its process and generation, so a
    // seed replays the same faults whatever the interleaving of processes.
    const generation = (this.generations.get(process) ?? 0) + 1;
    this.generations.set(process, generation);
    const instance = createInstance({
      storage: this.options.storage(),
      plan: this.plan,
      rng: this.rng.fork(`instance/${process}/${generation}`),
      onFault: (kind, detail) => this.options.onFault(kind, process, detail),
      faults: this.faults,
      ...this.buildOption(),
      ...(this.options.engine ? { engine: this.options.engine } : {}),
    });
    this.instances.add(instance);
    return instance;
  }

  deliverTwice(process: string, frames: PartitionFrame[], rng: Rng): void {
    let twin = this.twins.get(process);
    if (!twin || twin.injector.dead) this.twins.set(process, (twin = this.spawn(`${process}.twin`)));
    twin.injector.reseed(rng);
    this.track(twin.engine.produce.produceBinary(this.topic, frames));
  }

  fault(kind: string, process: string, detail: string): void {
    this.options.onFault(kind, process, detail);
  }

  async quiesce(): Promise<void> {
    this.faults = false;
    for (const i of this.instances) i.injector.enabled = false;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async highWatermarks(): Promise<number[]> {
    const engine = this.cleanInstance().engine;
    const topic = await engine.topics.get(this.topic);
    return Promise.all(Array.from({ length: this.partitions }, (_, p) => engine.appender.highWatermark(topic.id, p)));
  }

  async logStartOffsets(): Promise<number[]> {
    const engine = this.cleanInstance().engine;
    const topic = await engine.topics.get(this.topic);
    const list = Array.from({ length: this.partitions }, (_, p) => p);
    const starts = await engine.storage.partitions.logStartOffsets(topic.id, list);
    return list.map((p) => starts.get(p) ?? 0);
  }

  async close(): Promise<void> {
    await this.quiesce();
  }

  /** An instance that sees no faults: setup, the final reads, and maintenance's own checks. */
  cleanInstance(): Instance {
    this.clean ??= createInstance({
      storage: this.options.storage(),
      plan: {},
      rng: this.rng.fork('clean'),
      onFault: () => undefined,
      faults: false,
      ...this.buildOption(),
      ...(this.options.engine ? { engine: this.options.engine } : {}),
    });
    return this.clean;
  }

  private buildOption(): { build?: (s: Storage) => Storage } {
    const build = this.options.build;
    return build ? { build: (s: Storage) => build(s, (work) => this.track(work)) } : {};
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
