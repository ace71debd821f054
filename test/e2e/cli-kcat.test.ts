// The kcat-style parts of the `sluice` command on the local stack: output formats, --from a time,
// topics alter and add-partitions, offsets, error hints, and Ctrl-C during produce.
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../cli/io.ts';
import { run } from '../../cli/program.ts';
import { createClient } from '../../sdk/index.ts';
import { memoryIo } from '../unit/cli/memory-io.ts';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';

const client = () => createClient({ endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion() });

async function sluice(argv: string[], input = '') {
  const m = memoryIo(input);
  const code = await run(argv, m.io, { env: { SLUICE_ENDPOINT: localEndpoint() }, makeClient: client });
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('sluice, kcat-style, on the local stack', () => {
  it('prints records with a kcat --format and as JSON lines', async () => {
    const topic = uniqueName('kcat-fmt');
    await sluice(['topics', 'create', topic]);
    await sluice(['produce', topic, '-K', ':'], 'k1:one\nk2:two\n');
    const formatted = await sluice(['consume', topic, '--format', '%t %p %o %k=%s\\n']);
    expect(formatted.stdout).toBe(`${topic} 0 0 k1=one\n${topic} 0 1 k2=two\n`);
    const json = await sluice(['consume', topic, '--output', 'json']);
    const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.offset, l.key, l.value])).toEqual([[0, 'k1', 'one'], [1, 'k2', 'two']]);
    expect(typeof lines[0]!.timestamp).toBe('number');
    expect((await sluice(['consume', topic, '--format', '%o', '--output', 'json'])).code).toBe(2);
  });

  it('consumes from a time, as ISO 8601 or @epoch-ms, through ListOffsets by timestamp', async () => {
    const topic = uniqueName('kcat-time');
    await sluice(['topics', 'create', topic, '-p', '2']);
    await sluice(['produce', topic, '-K', ':'], 'a:old-1\nb:old-2\n');
    await sleep(50);
    const t = Date.now();
    await sleep(50);
    await sluice(['produce', topic, '-K', ':'], 'a:new-1\nb:new-2\n');
    const byEpoch = await sluice(['consume', topic, '--from', `@${t}`]);
    expect(byEpoch.code).toBe(0);
    expect(byEpoch.stdout.trim().split('\n').sort()).toEqual(['new-1', 'new-2']);
    const byIso = await sluice(['consume', topic, '--from', new Date(t).toISOString()]);
    expect(byIso.stdout.trim().split('\n').sort()).toEqual(['new-1', 'new-2']);
    const future = await sluice(['consume', topic, '--from', `@${Date.now() + 60_000}`]);
    expect(future).toMatchObject({ code: 0, stdout: '' });
  });

  it('alters configs, grows partitions and lists offsets by time', async () => {
    const topic = uniqueName('kcat-admin');
    await sluice(['topics', 'create', topic, '-p', '1', '--config', 'retention.ms=3600000']);
    const altered = await sluice(['topics', 'alter', topic, '--config', 'retention.ms=7200000', '--config', 'cleanup.policy=compact']);
    expect(altered).toMatchObject({ code: 0, stdout: `altered topic ${topic}: retention.ms=7200000, cleanup.policy=compact\n` });
    const described = JSON.parse((await sluice(['topics', 'describe', topic, '--json'])).stdout) as { configs: Record<string, string> };
    expect(described.configs).toMatchObject({ 'retention.ms': '7200000', 'cleanup.policy': 'compact' });
    expect((await sluice(['topics', 'alter', topic, '--delete-config', 'cleanup.policy'])).code).toBe(0);
    const reset = JSON.parse((await sluice(['topics', 'describe', topic, '--json'])).stdout) as { configs: Record<string, string> };
    expect(reset.configs['cleanup.policy']).not.toBe('compact');
    expect((await sluice(['topics', 'alter', topic])).code).toBe(2);

    expect(await sluice(['topics', 'add-partitions', topic, '--partitions', '3'])).toMatchObject({ code: 0, stdout: `topic ${topic} now has 3 partitions\n` });
    const shrink = await sluice(['topics', 'add-partitions', topic, '--partitions', '2']);
    expect(shrink.code).toBe(1);
    expect(shrink.stderr).toMatch(/^error: INVALID_PARTITIONS: .*\nhint: /);

    await sluice(['produce', topic, '-p', '2'], 'x\ny\n');
    await sleep(30);
    const t = Date.now();
    await sleep(30);
    await sluice(['produce', topic, '-p', '2'], 'z\n');
    const table = await sluice(['offsets', topic, '--time', String(t)]);
    expect(table.code).toBe(0);
    const rows = table.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(rows[0]!.slice(0, 3)).toEqual(['PARTITION', 'EARLIEST', 'LATEST']);
    expect(rows.slice(1)).toEqual([['0', '0', '0', '-'], ['1', '0', '0', '-'], ['2', '0', '3', '2']]);
    const json = JSON.parse((await sluice(['offsets', topic, '--partition', '2', '--json'])).stdout) as unknown;
    expect(json).toEqual({ topic, partitions: [{ partition: 2, earliest: 0, latest: 3 }] });
  });

  it('names the error code and what to do', async () => {
    const r = await sluice(['consume', uniqueName('kcat-missing')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: UNKNOWN_TOPIC: .*\nhint: .*sluice topics create/);
  });

  it('on Ctrl-C during produce, sends what it read, reports it, and exits 130', async () => {
    const topic = uniqueName('kcat-int');
    await sluice(['topics', 'create', topic]);
    const stdin = new PassThrough();
    const m = memoryIo();
    const io: Io = { stdin, stdout: m.io.stdout, stderr: m.io.stderr };
    const interrupt = new AbortController();
    const running = run(['produce', topic], io, { env: { SLUICE_ENDPOINT: localEndpoint() }, makeClient: client, signal: interrupt.signal });
    stdin.write('one\ntwo\nthree\n');
    await sleep(300);
    interrupt.abort();
    expect(await running).toBe(130);
    expect(m.stderr()).toMatch(new RegExp(`^produced 3 records to ${topic} in \\d+ ms \\(partition 0: 3\\), then interrupted\\n$`));
    expect((await sluice(['consume', topic])).stdout).toBe('one\ntwo\nthree\n');
  });
});
