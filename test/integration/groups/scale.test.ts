import { describe, expect, it } from 'vitest';
import { createGroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { createEngine } from '../../../shared/log/engine.ts';
import { createClients, createStorage } from '../../../shared/storage/index.ts';
import { attachMeter } from '../../../shared/storage/metering.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';
import { runScale } from './scale.ts';

// The size. bench/groups-scale.ts runs the same driver on a DynamoDB Local of its own
// (`npx tsx bench/groups-scale.ts [members] [partitions] --verbose`).
const MEMBERS = 100;
const PARTITIONS = 1_000;

describe('a group at scale', () => {
  it(`converges to a balanced assignment of ${PARTITIONS} partitions over ${MEMBERS} members joining at once`, { timeout: 180_000 }, async () => {
    const config = storageConfig();
    const clients = createClients(config);
    const meter = attachMeter(clients);
    const engine = createEngine(createStorage(config, clients));
    const groups = createGroupCoordinator(engine);
    const topic = uniqueName('scale');
    await engine.topics.create({ name: topic, partitions: PARTITIONS });
    const result = await runScale({ groups, meter, groupId: uniqueName('g'), topic, members: MEMBERS, partitions: PARTITIONS });
    console.log(`groups scale ${MEMBERS}x${PARTITIONS}: ${JSON.stringify(result)}`);
    expect(result.loads).toEqual({ min: PARTITIONS / MEMBERS, max: PARTITIONS / MEMBERS });
    // A steady heartbeat reads the group (one Query) and writes its member item (one PutItem);
    // now and then it also renews its leases.
    expect(result.steadyRequestsPerHeartbeat).toBeGreaterThanOrEqual(2);
    expect(result.steadyRequestsPerHeartbeat).toBeLessThan(3);
    meter.detach();
  });
});
