// Merging through the real handlers, end to end. Production settings wait 5 minutes before an entry
// may be merged (and deleted), so this file starts its own local server, in this test process, on
// the same tables and bucket, with the local-only SLUICE_LOCAL_ENTRY_DELETE_DELAY_MS=0: its
// maintenance merges at once, and its appender, by the same setting, trusts no stale offset guess.
// Only this server writes to the topics made here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/program.ts';
import { startLocalServer, type LocalServer } from '../../local/server.ts';
import { storageEnv } from '../../local/storage-env.ts';
import { createClient, type SluiceClient } from '../../sdk/index.ts';
import { memoryIo } from '../unit/cli/memory-io.ts';
import { localCredentials, localRegion, storageConfig, uniqueName } from '../support/env.ts';

let server: LocalServer;

beforeAll(async () => {
  Object.assign(process.env, storageEnv(storageConfig()), { SLUICE_LOCAL_ENTRY_DELETE_DELAY_MS: '0' });
  server = await startLocalServer({ port: 0, credentials: localCredentials(), region: localRegion() });
});

afterAll(async () => {
  await server?.close();
});

function client(): SluiceClient {
  return createClient({ endpoint: server.url, credentials: localCredentials(), region: localRegion() });
}

async function sluice(argv: string[]) {
  const m = memoryIo();
  const c = client();
  const code = await run(argv, m.io, { env: { SLUICE_ENDPOINT: server.url }, makeClient: () => c });
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

async function readAll(c: SluiceClient, topic: string, partition: number): Promise<string[]> {
  const reader = c.reader({ topic, partition, from: 'earliest' });
  const out: string[] = [];
  for (;;) {
    const { records, highWatermark } = await reader.fetch({ maxBytes: 4096 });
    out.push(...records.map((r) => `${r.offset}:${String(r.value)}`));
    if (reader.nextOffset! >= highWatermark) return out;
  }
}

describe('sluice maintenance run with merging', () => {
  it('writes segments of a topic with small segment.bytes, and every record reads back the same', { timeout: 60_000 }, async () => {
    const c = client();
    const topic = uniqueName('merge');
    await c.admin().createTopic({ topic, numPartitions: 2, configs: { 'segment.bytes': '1024', 'segment.ms': '1000' } });
    const producer = c.producer({ lingerMs: 0 });
    for (let n = 0; n < 12; n++) {
      await producer.send({ topic, messages: [0, 1].map((partition) => ({ partition, value: `p${partition}-${n}-`.padEnd(200, 'x') })) });
    }
    await producer.disconnect();
    const before = [await readAll(c, topic, 0), await readAll(c, topic, 1)];
    // Past segment.ms, so that the last, smaller run is merged too.
    await new Promise((r) => setTimeout(r, 1_100));
    const r = await sluice(['maintenance', 'run', '--topic', topic, '--no-gc', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { report } = JSON.parse(r.stdout) as { report: { segmentsWritten: number; entriesMerged: number; bytesMerged: number; entriesDeleted: number; failures: unknown[] } };
    expect(report.failures).toEqual([]);
    expect(report.segmentsWritten).toBeGreaterThanOrEqual(2);
    expect(report.entriesMerged).toBe(24);
    expect(report.bytesMerged).toBeGreaterThan(24 * 200);
    // A swap replaces its entries: all but the segment's own first one are deleted.
    expect(report.entriesDeleted).toBe(24 - report.segmentsWritten);
    expect([await readAll(c, topic, 0), await readAll(c, topic, 1)]).toEqual(before);
    // A second pass has nothing left to merge.
    const again = await c.admin().runMaintenance({ topics: [topic], gc: false });
    expect(again.report).toMatchObject({ segmentsWritten: 0, entriesMerged: 0, failures: [] });
    // New records after the merge continue the offsets.
    const sent = await c.producer({ lingerMs: 0 }).send({ topic, messages: [{ partition: 0, value: 'after' }] });
    expect(sent[0]).toMatchObject({ partition: 0, baseOffset: 12 });
  });

  it('deletes the entries below a log start DeleteRecords moved, and keeps the next offset', { timeout: 60_000 }, async () => {
    const c = client();
    const topic = uniqueName('merge-del');
    await c.admin().createTopic({ topic, numPartitions: 1 });
    const producer = c.producer({ lingerMs: 0 });
    for (let n = 0; n < 5; n++) await producer.send({ topic, messages: [{ partition: 0, value: `v${n}` }] });
    await producer.disconnect();
    await sluice(['topics', 'delete-records', topic, '-p', '0', '-o', '-1']);
    const r = await sluice(['maintenance', 'run', '--topic', topic, '--no-gc']);
    expect(r.code).toBe(0);
    // Four of five entries go; the latest is kept (hollowed) as the proof of the next offset.
    expect(r.stdout).toMatch(/\n  entries deleted +4\n/);
    const sent = await c.producer({ lingerMs: 0 }).send({ topic, messages: [{ partition: 0, value: 'next' }] });
    expect(sent[0]).toMatchObject({ baseOffset: 5 });
    expect(await readAll(c, topic, 0)).toEqual(['5:next']);
  });
});
