import { randomBytes } from 'node:crypto';
import { EngineTarget, type EngineTargetOptions } from '../../../chaos/engine-target.ts';
import type { FaultPlan } from '../../../chaos/faults.ts';
import { Recorder } from '../../../chaos/history.ts';
import { runChaos, type RunOptions, type RunResult } from '../../../chaos/runner.ts';
import type { ProducerMode } from '../../../chaos/target.ts';
import { CHAOS_GUESS_TRUST_MS } from '../../../chaos/maintenance-workload.ts';
import { createClients, createStorage } from '../../../shared/storage/index.ts';
import { dropStorage, ensureStorage } from '../../../shared/storage/provision.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';

/**
 * A chaos run of the in-process target on the test stack's emulators. With maintenance, the run
 * gets a bucket and tables of its own on the same emulators: garbage collection lists the whole
 * bucket and scans the whole log table, and must not collect other tests' objects.
 */
export async function engineRun(opts: {
  ops: number;
  seed: number;
  mode: ProducerMode;
  plan: FaultPlan;
  build?: EngineTargetOptions['build'];
  policy?: EngineTargetOptions['policy'];
  run?: Partial<RunOptions>;
}): Promise<RunResult> {
  const shared = storageConfig();
  const own = uniqueName('chaos').toLowerCase();
  const config = opts.run?.maintenance ? { ...shared, bucket: own, metadataTable: `${own}-metadata`, logTable: `${own}-log` } : shared;
  const clients = createClients(config);
  if (opts.run?.maintenance) await ensureStorage(config, clients);
  const recorder = new Recorder();
  const target = new EngineTarget({
    storage: () => createStorage(config, clients),
    plan: opts.plan,
    seed: opts.seed,
    runId: randomBytes(4).toString('hex'),
    onFault: (kind, process, detail) => recorder.fault(kind, process, detail),
    ...(opts.build ? { build: opts.build } : {}),
    ...(opts.policy ? { policy: opts.policy } : {}),
    ...(opts.run?.maintenance ? { engine: { guessTrustMs: CHAOS_GUESS_TRUST_MS } } : {}),
  });
  try {
    return await runChaos({
      target, recorder, ops: opts.ops, seed: opts.seed, mode: opts.mode, plan: opts.plan, topic: uniqueName('chaos'), ...opts.run,
    });
  } finally {
    await target.close();
    if (opts.run?.maintenance) await dropStorage(config, clients).catch(() => undefined);
    clients.s3.destroy();
    clients.ddb.destroy();
  }
}
