import { createEngine, type Engine } from '../shared/log/engine.ts';
import { createStorage, storageConfigFromEnv } from '../shared/storage/index.ts';

/**
 * Local stack only (docs/local.md): `SLUICE_LOCAL_ENTRY_DELETE_DELAY_MS` shortens maintenance's
 * entry delete delay (5 minutes) and, with it, how long the appender trusts an offset guess (half
 * of it), so that a local pass can merge entries younger than that. The two must change together
 * (shared/log/append.ts), which is why one variable sets both, in every function of the process.
 * The CDK construct refuses it.
 */
export const LOCAL_ENTRY_DELETE_DELAY_ENV = 'SLUICE_LOCAL_ENTRY_DELETE_DELAY_MS';

let delay: { ms: number | undefined } | undefined;

/** The local entry delete delay (ms), read once; undefined when unset (production settings). */
export function localEntryDeleteDelayMs(): number | undefined {
  if (delay) return delay.ms;
  const raw = process.env[LOCAL_ENTRY_DELETE_DELAY_ENV];
  if (raw === undefined || raw === '') return (delay = { ms: undefined }).ms;
  const ms = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(ms)) throw new Error(`${LOCAL_ENTRY_DELETE_DELAY_ENV} must be a number of milliseconds, got '${raw}'`);
  return (delay = { ms }).ms;
}

let engine: Engine | undefined;

/** The engine of this warm function, built from the environment on first use. */
export function currentEngine(): Engine {
  const ms = localEntryDeleteDelayMs();
  engine ??= createEngine(createStorage(storageConfigFromEnv()), ms !== undefined ? { guessTrustMs: Math.floor(ms / 2) } : {});
  return engine;
}
