/**
 * One line of requests from a client process to the in-process functions: the instance it
 * reaches (a new one after a crash, as Lambda starts one after a killed invocation), fault
 * decisions drawn per request from a stream named after the request, and lost responses (the
 * request ran; its answer never came back).
 */
import type { Instance } from './engine-instance.ts';
import type { FaultPlan } from './faults.ts';
import type { Rng } from './rng.ts';

export class LostResponse extends Error {
  constructor(what: string) {
    super(`the response to ${what} was lost`);
    this.name = 'LostResponse';
  }
}

export interface ChannelHost {
  readonly plan: FaultPlan;
  spawn(process: string): Instance;
  fault(kind: string, process: string, detail: string): void;
}

export class Channel {
  private instance: Instance | undefined;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly host: ChannelHost,
    /** Names the instances this channel spawns. */
    private readonly name: string,
    /** Reported as the process a fault hit. */
    private readonly process: string,
    private readonly rng: Rng,
  ) {}

  /** Runs `fn` on the instance; the `label`'s n-th request always meets the same faults. */
  async call<T>(label: string, fn: (instance: Instance) => Promise<T>): Promise<T> {
    const n = this.counts.get(label) ?? 0;
    this.counts.set(label, n + 1);
    const rng = this.rng.fork(`${label}${n}`);
    const instance = (this.instance ??= this.host.spawn(this.name));
    instance.injector.reseed(rng.fork('storage'));
    try {
      const out = await fn(instance);
      if (rng.chance(this.host.plan['lost-response'] ?? 0)) {
        this.host.fault('lost-response', this.process, label);
        throw new LostResponse(label);
      }
      return out;
    } finally {
      if (instance.injector.dead) this.instance = undefined;
    }
  }
}
