// The `sluice` command against the local stack: once as a real process, the rest in-process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/program.ts';
import { createClient } from '../../sdk/index.ts';
import { partitionForKey } from '../../shared/codec/index.ts';
import { memoryIo } from '../unit/cli/memory-io.ts';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';

const BIN = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));

function sluice(args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { accessKeyId, secretAccessKey } = localCredentials();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLUICE_ENDPOINT: localEndpoint(),
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_REGION: localRegion(),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function inProcess(argv: string[], input = '', signal?: AbortSignal) {
  const m = memoryIo(input);
  const client = createClient({ endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion() });
  const code = await run(argv, m.io, { env: { SLUICE_ENDPOINT: localEndpoint() }, makeClient: () => client, signal });
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('sluice CLI on the local stack', () => {
  it('runs as a process: create, produce from stdin, consume, with credentials from the AWS environment', async () => {
    const topic = uniqueName('cli-proc');
    expect(await sluice(['topics', 'create', topic, '--partitions', '2'])).toMatchObject({ code: 0, stdout: `created topic ${topic} with 2 partitions\n` });
    const produced = await sluice(['produce', topic, '--key-separator', ':'], 'k1:one\nk2:two\nk1:three\n');
    expect(produced.code).toBe(0);
    expect(produced.stderr).toMatch(new RegExp(`^produced 3 records to ${topic} in \\d+ ms`));
    const consumed = await sluice(['consume', topic, '--key-separator', ':']);
    expect(consumed.code).toBe(0);
    const lines = consumed.stdout.trim().split('\n');
    expect(lines.sort()).toEqual(['k1:one', 'k1:three', 'k2:two']);
    expect(lines.filter((l) => l.startsWith('k1:'))).toEqual(['k1:one', 'k1:three']);
  }, 60_000);

  it('exits 1 with "error: CODE: message" as a process', async () => {
    const r = await sluice(['topics', 'describe', uniqueName('nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: UNKNOWN_TOPIC: /);
  }, 30_000);

  it('creates with configs, lists and describes with the partition table', async () => {
    const topic = uniqueName('cli');
    expect((await inProcess(['topics', 'create', topic, '-p', '3', '--config', 'retention.ms=3600000'])).code).toBe(0);
    expect((await inProcess(['topics', 'list'])).stdout.split('\n')).toContain(topic);
    await inProcess(['produce', topic, '--partition', '2'], 'a\nb\n');
    const d = await inProcess(['topics', 'describe', topic]);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain(`Topic:      ${topic}`);
    expect(d.stdout).toContain('retention.ms=3600000');
    const rows = d.stdout.trim().split('\n').slice(-3).map((l) => l.trim().split(/\s+/));
    expect(rows).toEqual([['0', '0', '0', '0'], ['1', '0', '0', '0'], ['2', '0', '2', '2']]);
    const json = JSON.parse((await inProcess(['topics', 'describe', topic, '--json'])).stdout);
    expect(json.partitionInfo[2]).toEqual({ partition: 2, logStartOffset: 0, highWatermark: 2 });
    expect((await inProcess(['topics', 'delete', topic])).code).toBe(0);
    expect((await inProcess(['topics', 'describe', topic])).code).toBe(1);
  });

  it('produces keyed lines with compression to their murmur2 partitions and consumes them back in order', async () => {
    const topic = uniqueName('cli');
    await inProcess(['topics', 'create', topic, '-p', '4']);
    const lines = Array.from({ length: 200 }, (_, i) => `user-${i % 7}=${i}`);
    const p = await inProcess(['produce', topic, '-K', '=', '--compression', 'zstd'], `${lines.join('\n')}\n`);
    expect(p.code).toBe(0);
    for (let part = 0; part < 4; part++) {
      const c = await inProcess(['consume', topic, '--partition', String(part), '-K', '=']);
      const expected = lines.filter((l) => partitionForKey(Buffer.from(l.split('=')[0]!), 4) === part);
      expect(c.stdout).toBe(expected.map((l) => `${l}\n`).join(''));
    }
    const all = await inProcess(['consume', topic]);
    expect(all.stdout.trim().split('\n').map(Number).sort((a, b) => a - b)).toEqual(lines.map((_, i) => i));
    expect((await inProcess(['consume', topic, '--count', '5'])).stdout.trim().split('\n')).toHaveLength(5);
    expect((await inProcess(['consume', topic, '--from', 'end'])).stdout).toBe('');
  });

  it('follows with --follow until --count records arrive', async () => {
    const topic = uniqueName('cli');
    await inProcess(['topics', 'create', topic, '-p', '2']);
    await inProcess(['produce', topic], 'old\n');
    const following = inProcess(['consume', topic, '--from', 'end', '--follow', '--count', '3']);
    await new Promise((r) => setTimeout(r, 500));
    await inProcess(['produce', topic, '-p', '0'], 'n1\nn2\n');
    await inProcess(['produce', topic, '-p', '1'], 'n3\n');
    const r = await following;
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('reports OFFSET_OUT_OF_RANGE and usage errors with their exit codes', async () => {
    const topic = uniqueName('cli');
    await inProcess(['topics', 'create', topic]);
    expect(await inProcess(['consume', topic, '--from', '7'])).toMatchObject({ code: 1, stderr: expect.stringContaining('error: OFFSET_OUT_OF_RANGE') });
    expect((await inProcess(['topics', 'create', 'x', '--partitions', 'many'])).code).toBe(2);
    expect(await inProcess(['produce', uniqueName('missing')], 'x\n')).toMatchObject({ code: 1, stderr: expect.stringContaining('error: UNKNOWN_TOPIC') });
  });
});
