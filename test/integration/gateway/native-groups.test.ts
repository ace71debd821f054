// librdkafka 2.0.2 (through confluent-kafka) and kafka-python 2.0.2, the Debian packages
// TOOLCHAIN.md names, as consumer groups through the gateway: two consumers share a topic, one
// leaves, the other takes over from the committed offsets. Skipped where the packages are missing.
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { createEngine, type Engine } from '../../../shared/log/engine.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig, uniqueName } from '../../support/env.ts';

/** Debian's interpreter: the one that sees Debian's python3-confluent-kafka and python3-kafka. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./group-clients.py', import.meta.url));

function importable(module: string): boolean {
  try {
    execFileSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

let engine: Engine;
let gw: RunningGateway;

beforeAll(async () => {
  engine = createEngine(createStorage(storageConfig()));
  gw = await startGateway({ port: 0, storage: storageConfig(), autoCreateTopics: false, log: () => undefined });
});

afterAll(async () => {
  await gw?.close();
});

interface Outcome {
  assignments: { both: { a: number[]; b: number[] }; after: { a: number[] } };
  seen: Array<[string, number]>;
}

function runPair(client: string, topic: string, groupId: string, strategy: string, partitions: number, expected: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [SCRIPT, client, `${gw.host}:${gw.port}`, topic, groupId, strategy, String(partitions), String(expected)], { timeout: 120_000 }, (err, stdout, stderr) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (err) reject(new Error(`${client} failed: ${last || stderr.slice(-2_000) || err.message}`));
      else resolve(JSON.parse(last) as Outcome);
    });
  });
}

async function groupOfTwo(client: string, strategy: string): Promise<void> {
  const partitions = 4;
  const expected = 40;
  const topic = uniqueName(`gw-native-grp`);
  await engine.topics.create({ name: topic, partitions });
  for (let p = 0; p < partitions; p++) {
    const values = Array.from({ length: expected }, (_, v) => v).filter((v) => v % partitions === p);
    await engine.produce.produceJson(topic, values.map((v) => ({ key: null, value: Buffer.from(String(v)), headers: [], partition: p })));
  }
  const groupId = uniqueName('native-group');
  const out = await runPair(client, topic, groupId, strategy, partitions, expected);
  const { a, b } = out.assignments.both;
  expect(a.length).toBe(2);
  expect([...a, ...b].sort()).toEqual([0, 1, 2, 3]);
  expect(out.assignments.after.a).toEqual([0, 1, 2, 3]);
  const values = new Set(out.seen.map(([, v]) => v));
  expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 2 * expected }, (_, v) => v));
  const { offsets } = await createGroupCoordinator(engine).fetchOffsets(groupId, topic);
  expect(offsets.map((o) => o.offset)).toEqual([20, 20, 20, 20]);
}

describe.skipIf(!importable('confluent_kafka'))('librdkafka 2.0.2 consumer groups through the gateway', () => {
  it('shares a topic with the range assignor (eager), and one consumer takes over when the other leaves', async () => {
    await groupOfTwo('confluent', 'range');
  });

  it('does the same with cooperative-sticky (incremental rebalancing)', async () => {
    await groupOfTwo('confluent', 'cooperative-sticky');
  });
});

describe.skipIf(!importable('kafka'))('kafka-python 2.0.2 consumer groups through the gateway', () => {
  it('shares a topic, and one consumer takes over when the other leaves', async () => {
    await groupOfTwo('kafka-python', 'roundrobin');
  }, 120_000);
});
