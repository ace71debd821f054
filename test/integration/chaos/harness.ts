import { randomBytes } from 'node:crypto';
import { EngineTarget, type EngineTargetOptions } from '../../../chaos/engine-target.ts';
import type { FaultPlan } from '../../../chaos/faults.ts';
import { Recorder } from '../../../chaos/history.ts';
import { runChaos, type RunOptions, type RunResult } from '../../../chaos/runner.ts';
import type { ProducerMode } from '../../../chaos/target.ts';
import { createClients, createStorage } from '../../../shared/storage/index.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';

/** A chaos run of the in-process target on the test stack's emulators. */
export async function engineRun(opts: {
  ops: number;
  seed: number;
  mode: ProducerMode;
  plan: FaultPlan;
  build?: EngineTargetOptions['build'];
  policy?: EngineTargetOptions['policy'];
  run?: Partial<RunOptions>;
}): Promise<RunResult> {
  const config = storageConfig();
  const clients = createClients(config);
  const recorder = new Recorder();
  const target = new EngineTarget({
    storage: () => createStorage(config, clients),
    plan: opts.plan,
    seed: opts.seed,
    runId: randomBytes(4).toString('hex'),
    onFault: (kind, process, detail) => recorder.fault(kind, process, detail),
    ...(opts.build ? { build: opts.build } : {}),
    ...(opts.policy ? { policy: opts.policy } : {}),
  });
  try {
    return await runChaos({
      target, recorder, ops: opts.ops, seed: opts.seed, mode: opts.mode, plan: opts.plan, topic: uniqueName('chaos'), ...opts.run,
    });
  } finally {
    await target.close();
    clients.s3.destroy();
    clients.ddb.destroy();
  }
}
