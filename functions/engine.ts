import { createEngine, type Engine } from '../shared/log/engine.ts';
import { createStorage, storageConfigFromEnv } from '../shared/storage/index.ts';

let engine: Engine | undefined;

/** The engine of this warm function, built from the environment on first use. */
export function currentEngine(): Engine {
  engine ??= createEngine(createStorage(storageConfigFromEnv()));
  return engine;
}
