// Maintenance through the local server: the run route (POST /v1/maintenance/run) via the SDK and
// signed HTTP, and the CLI's `maintenance run` and `topics delete-records`. The test stack runs
// production settings, so entries younger than the 5-minute delete delay are not merged yet:
// what is observable here is the report, the refusals and the effects of DeleteRecords.
// test/e2e/maintenance-merge.test.ts merges, on a server with the local-only delay setting.
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/program.ts';
import { createClient, type SluiceClient } from '../../sdk/index.ts';
import { memoryIo } from '../unit/cli/memory-io.ts';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';
import { signedFetch } from '../support/signed-fetch.ts';

function client(): SluiceClient {
  return createClient({ endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion() });
}

async function sluice(argv: string[]) {
  const m = memoryIo();
  const c = client();
  const code = await run(argv, m.io, { env: { SLUICE_ENDPOINT: localEndpoint() }, makeClient: () => c });
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

async function topicWith(c: SluiceClient, partitions: number, perPartition: number, configs: Record<string, string> = {}): Promise<string> {
  const topic = uniqueName('maint');
  await c.admin().createTopic({ topic, numPartitions: partitions, configs });
  const producer = c.producer({ lingerMs: 0 });
  for (let n = 0; n < perPartition; n++) {
    await producer.send({ topic, messages: Array.from({ length: partitions }, (_, partition) => ({ partition, value: `p${partition}-${n}` })) });
  }
  await producer.disconnect();
  return topic;
}

describe('the maintenance run route', () => {
  it('is discovered through /v1/endpoints', async () => {
    const body = (await (await signedFetch('/v1/endpoints')).json()) as Record<string, string>;
    expect(body.maintenance).toMatch(/^http:\/\/(127\.0\.0\.1|localhost)/);
  });

  it('runs a pass over the topics named and answers what it did', async () => {
    const c = client();
    const topic = await topicWith(c, 3, 4, { 'segment.bytes': '1024', 'segment.ms': '1000' });
    const pass = await c.admin().runMaintenance({ topics: [topic], gc: false });
    expect(pass.jobs).toBe(1);
    expect(pass.gc).toBeUndefined();
    expect(pass.report).toMatchObject({ partitions: 3, leased: 0, failures: [], logStartsAdvanced: 0, recordsExpired: 0 });
    // Fresh entries wait out the delete delay before they are merged.
    expect(pass.report.segmentsWritten).toBe(0);
    const read = await c.reader({ topic, partition: 1, from: 'earliest' }).fetch();
    expect(read.records.map((r) => String(r.value))).toEqual(['p1-0', 'p1-1', 'p1-2', 'p1-3']);
  });

  it('keeps entries below a log start that DeleteRecords moved until they are older than the delete delay, and serves only what is above it', async () => {
    const c = client();
    const topic = await topicWith(c, 1, 6);
    await c.admin().deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: 4 }] });
    const pass = await c.admin().runMaintenance({ topics: [topic], gc: false });
    expect(pass.report).toMatchObject({ partitions: 1, failures: [] });
    // Younger than the delete delay: nothing is deleted yet, and the log start stays where it was put.
    expect(pass.report.entriesDeleted).toBe(0);
    expect((await c.admin().fetchTopicOffsets(topic))[0]).toMatchObject({ low: 4, high: 6 });
    const read = await c.reader({ topic, partition: 0, from: 'earliest' }).fetch();
    expect(read.records.map((r) => r.offset)).toEqual([4, 5]);
  });

  it('runs garbage collection alone with an empty topic list', async () => {
    const pass = await client().admin().runMaintenance({ topics: [], gc: true });
    expect(pass.jobs).toBe(1);
    expect(pass.report.partitions).toBe(0);
    expect(pass.gc).toMatchObject({ ran: expect.any(Boolean) });
    // The grace period is an hour: nothing this run wrote can go.
    if (pass.gc!.ran) expect(pass.gc!.objectsListed).toBeGreaterThan(0);
  });

  it('refuses bad input with a stable 4xx code and runs nothing', async () => {
    const post = (body: string) =>
      signedFetch('/v1/maintenance/run', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const cases: [string, number, string][] = [
      [JSON.stringify({ topics: [uniqueName('nope')], gc: false }), 404, 'UNKNOWN_TOPIC'],
      [JSON.stringify({ topics: 'orders' }), 400, 'INVALID_REQUEST'],
      [JSON.stringify({ gc: 'yes' }), 400, 'INVALID_REQUEST'],
      [JSON.stringify({ extra: 1 }), 400, 'INVALID_REQUEST'],
      ['{', 400, 'INVALID_JSON'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], body).toEqual([status, code]);
    }
    const get = await signedFetch('/v1/maintenance/run');
    expect(get.status).toBe(405);
  });
});

describe('sluice maintenance run and topics delete-records', () => {
  it('delete-records prints the new low watermarks, by pairs and for all partitions', async () => {
    const c = client();
    const topic = await topicWith(c, 3, 5);
    const pairs = await sluice(['topics', 'delete-records', topic, '-p', '0', '-o', '2', '-p', '2', '-o', '-1']);
    expect(pairs).toEqual({ code: 0, stdout: 'PARTITION  LOW_WATERMARK\n        0              2\n        2              5\n', stderr: '' });
    const all = await sluice(['topics', 'delete-records', topic, '--all-partitions', '--offset', '-1', '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ topic, partitions: [0, 1, 2].map((partition) => ({ partition, lowWatermark: 5 })) });
    const beyond = await sluice(['topics', 'delete-records', topic, '-p', '1', '-o', '9']);
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toMatch(/^error: OFFSET_OUT_OF_RANGE: /);
    const usage = await sluice(['topics', 'delete-records', topic, '-p', '1']);
    expect(usage.code).toBe(2);
  });

  it('maintenance run --topic runs a pass on that topic only and prints what it did', async () => {
    const c = client();
    const topic = await topicWith(c, 2, 3, { 'segment.bytes': '1024', 'segment.ms': '1000' });
    const r = await sluice(['maintenance', 'run', '--topic', topic, '--no-gc']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^maintenance: 1 topic, 2 partitions in \d+\.\d s\n/);
    for (const figure of ['segments written', 'entries merged', 'MiB merged', 'log starts advanced', 'records expired', 'entries deleted', 'objects deleted', 'bytes freed', 'failures']) {
      expect(r.stdout).toMatch(new RegExp(`\\n  ${figure} +\\S+\\n`));
    }
    expect(r.stdout).toMatch(/\n  failures +0\n/);
    const json = await sluice(['maintenance', 'run', '--topic', topic, '--json']);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { topics: number; report: { partitions: number }; gc?: { ran: boolean } };
    expect(summary).toMatchObject({ topics: 1, report: { partitions: 2 }, errors: [] });
    expect(summary.gc).toBeDefined();
    const unknown = await sluice(['maintenance', 'run', '--topic', uniqueName('nope'), '--no-gc']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^failed: nope-\S+: UNKNOWN_TOPIC: /);
  });
});
