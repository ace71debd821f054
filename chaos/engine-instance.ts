/**
 * One function instance of the in-process target: an engine (with its warm caches) over real
 * storage seen through a fault injector. A crash kills the instance; its client starts another,
 * as Lambda would after a killed invocation.
 */
import { createGroupCoordinator, type GroupCoordinator } from '../shared/groups/coordinator.ts';
import { createEngine, type Engine, type EngineOptions } from '../shared/log/engine.ts';
import type { Storage } from '../shared/log/ports.ts';
import { FaultInjector, type FaultPlan } from './faults.ts';
import type { Rng } from './rng.ts';

export interface Instance {
  engine: Engine;
  /** The consumer-group coordinator over the same storage, when it has a group store. */
  groups?: GroupCoordinator;
  injector: FaultInjector;
}

export interface InstanceOptions {
  /** Real storage for the new instance. */
  storage: Storage;
  plan: FaultPlan;
  rng: Rng;
  onFault: (kind: string, detail: string) => void;
  /**
   * The build under test, around the storage it is given: the identity for Sluice as it is, or a
   * deliberately broken variant (chaos/broken.ts). It sits between the engine and the faults.
   */
  build?: (storage: Storage) => Storage;
  faults: boolean;
  /** The engine's options: with maintenance running, how long the appender trusts an offset guess. */
  engine?: EngineOptions;
}

/** The instance's group coordinator; only storage built without a group store lacks one. */
export function coordinatorOf(instance: Instance): GroupCoordinator {
  if (!instance.groups) throw new Error('this storage has no group store');
  return instance.groups;
}

export function createInstance(options: InstanceOptions): Instance {
  const injector = new FaultInjector({ plan: options.plan, rng: options.rng, onFault: options.onFault });
  injector.enabled = options.faults;
  const faulty = injector.wrap(options.storage);
  const engine = createEngine(options.build ? options.build(faulty) : faulty, options.engine);
  return { engine, ...(engine.storage.groups ? { groups: createGroupCoordinator(engine) } : {}), injector };
}
