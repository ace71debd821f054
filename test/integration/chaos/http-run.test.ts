import { describe, expect, it } from 'vitest';
import { ANOMALY_KINDS } from '../../../chaos/checker.ts';
import { Recorder } from '../../../chaos/history.ts';
import { HttpTarget } from '../../../chaos/http-target.ts';
import { DEFAULT_PLAN } from '../../../chaos/plan.ts';
import { runChaos } from '../../../chaos/runner.ts';
import { localCredentials, localEndpoint, uniqueName } from '../../support/env.ts';

// The SDK itself (idempotent producers, readers, and the group consumer) over the local server,
// with lost responses, duplicated deliveries and throttled invocations on the wire, and killed
// and leaving group members.
describe('a short chaos run of the SDK over HTTP', () => {
  it('finds no anomaly with idempotent producers, readers and a consumer group', { timeout: 90_000 }, async () => {
    const recorder = new Recorder();
    const target = new HttpTarget({
      endpoint: localEndpoint(), credentials: localCredentials(), plan: { ...DEFAULT_PLAN, 'kill-member': 0.1 }, seed: 31,
      onFault: (kind, process, detail) => recorder.fault(kind, process, detail),
    });
    const plan = { ...DEFAULT_PLAN, 'kill-member': 0.1 };
    const r = await runChaos({ target, recorder, ops: 300, seed: 31, mode: 'idempotent', plan, topic: uniqueName('chaos-http'), consume: 'both', minGroupSteps: 30 });
    await target.close();
    const found = Object.fromEntries(ANOMALY_KINDS.filter((k) => r.check.counts[k] > 0).map((k) => [k, r.check.counts[k]]));
    expect(found, JSON.stringify({ faults: r.faults, examples: r.check.examples })).toEqual({});
    expect((r.faults['lost-response'] ?? 0) + (r.faults['duplicate-delivery'] ?? 0)).toBeGreaterThan(0);
    expect(r.check.stats.group.deliveries, JSON.stringify(r.check.stats.group)).toBeGreaterThan(50);
    expect(r.check.stats.group.commits.accepted).toBeGreaterThan(5);
  });
});
