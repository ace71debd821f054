import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/program.ts';
import { fakeClient } from '../sdk/helpers.ts';
import { memoryIo } from './memory-io.ts';

function cli() {
  const { fake, client } = fakeClient();
  const exec = async (argv: string[], input = '') => {
    const m = memoryIo(input);
    const code = await run(argv, m.io, { env: { SLUICE_ENDPOINT: fake.base }, makeClient: () => client });
    return { code, stdout: m.stdout(), stderr: m.stderr() };
  };
  return { fake, exec };
}

describe('sluice topics', () => {
  it('creates a topic with partitions and configs', async () => {
    const { fake, exec } = cli();
    const r = await exec(['topics', 'create', 'orders', '--partitions', '3', '--config', 'retention.ms=1000', '-c', 'cleanup.policy=compact']);
    expect(r).toMatchObject({ code: 0, stdout: 'created topic orders with 3 partitions\n' });
    expect(fake.topics.get('orders')).toMatchObject({ configs: { 'retention.ms': '1000', 'cleanup.policy': 'compact' } });
    expect(fake.topics.get('orders')!.partitions).toHaveLength(3);
  });

  it('lists topic names, sorted, one per line', async () => {
    const { fake, exec } = cli();
    fake.createTopic('b', 1);
    fake.createTopic('a', 2);
    expect(await exec(['topics', 'list'])).toMatchObject({ code: 0, stdout: 'a\nb\n' });
    expect(JSON.parse((await exec(['topics', 'list', '--json'])).stdout)).toEqual([
      { name: 'b', id: 'id-b', partitions: 1 }, { name: 'a', id: 'id-a', partitions: 2 },
    ]);
  });

  it('describes a topic with a partition table of log start and high watermark', async () => {
    const { fake, exec } = cli();
    await exec(['topics', 'create', 'orders', '-p', '2']);
    await exec(['produce', 'orders', '--partition', '1'], 'a\nb\nc\n');
    const r = await exec(['topics', 'describe', 'orders']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Topic:      orders');
    expect(r.stdout).toContain('Partitions: 2');
    const table = r.stdout.trim().split('\n').slice(-3).map((l) => l.trim().split(/\s+/));
    expect(table).toEqual([['PARTITION', 'LOG_START', 'HIGH_WATERMARK', 'RECORDS'], ['0', '0', '0', '0'], ['1', '0', '3', '3']]);
    expect(fake.highWatermark('orders', 1)).toBe(3);
  });

  it('deletes a topic', async () => {
    const { fake, exec } = cli();
    fake.createTopic('gone', 1);
    expect(await exec(['topics', 'delete', 'gone'])).toMatchObject({ code: 0, stdout: 'deleted topic gone\n' });
    expect(fake.topics.has('gone')).toBe(false);
  });

  it('prints a service error as "error: CODE: message" and exits 1', async () => {
    const { exec } = cli();
    const r = await exec(['topics', 'describe', 'missing']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: UNKNOWN_TOPIC: /);
    await exec(['topics', 'create', 'dup']);
    expect(await exec(['topics', 'create', 'dup'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: TOPIC_ALREADY_EXISTS/) });
  });

  it('exits 2 on usage errors: bad numbers, bad configs, unknown commands, missing arguments', async () => {
    const { exec } = cli();
    for (const argv of [
      ['topics', 'create', 'x', '--partitions', 'abc'],
      ['topics', 'create', 'x', '--partitions', '0'],
      ['topics', 'create', 'x', '--config', 'novalue'],
      ['topics', 'create'],
      ['frobnicate'],
      ['consume', 't', '--from', 'yesterday'],
      ['produce', 't', '--compression', 'brotli'],
    ]) {
      const r = await exec(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/error/);
    }
  });

  it('exits 2 with a clear message when no endpoint is configured', async () => {
    const m = memoryIo();
    const code = await run(['topics', 'list'], m.io, { env: {} });
    expect(code).toBe(2);
    expect(m.stderr()).toBe('error: no endpoint: pass --endpoint URL or set SLUICE_ENDPOINT\n');
  });

  it('takes the endpoint from --endpoint or SLUICE_ENDPOINT', async () => {
    const seen: string[] = [];
    const { client } = fakeClient();
    const makeClient = (o: { endpoint: string }) => {
      seen.push(o.endpoint);
      return client;
    };
    await run(['--endpoint', 'http://flag', 'topics', 'list'], memoryIo().io, { env: { SLUICE_ENDPOINT: 'http://env' }, makeClient });
    await run(['topics', 'list'], memoryIo().io, { env: { SLUICE_ENDPOINT: 'http://env' }, makeClient });
    expect(seen).toEqual(['http://flag', 'http://env']);
  });

  it('prints help with exit 0', async () => {
    const m = memoryIo();
    expect(await run(['--help'], m.io, { env: {} })).toBe(0);
    expect(m.stdout()).toContain('Usage: sluice');
  });
});
