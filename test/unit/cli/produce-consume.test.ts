import { describe, expect, it } from 'vitest';
import { lineToMessage } from '../../../cli/commands/produce.ts';
import { run } from '../../../cli/program.ts';
import { partitionForKey } from '../../../shared/codec/index.ts';
import { fakeClient } from '../sdk/helpers.ts';
import { memoryIo } from './memory-io.ts';

function cli(partitions = 3) {
  const { fake, client } = fakeClient();
  fake.createTopic('t', partitions);
  const exec = async (argv: string[], input = '', signal?: AbortSignal) => {
    const m = memoryIo(input);
    const code = await run(argv, m.io, { env: { SLUICE_ENDPOINT: fake.base }, makeClient: () => client, signal });
    return { code, stdout: m.stdout(), stderr: m.stderr() };
  };
  return { fake, exec };
}

describe('sluice produce', () => {
  it('splits a line at the first key separator; a line without it has a null key', () => {
    expect(lineToMessage('k:v:w', { keySeparator: ':' })).toEqual({ key: 'k', value: 'v:w' });
    expect(lineToMessage('plain', { keySeparator: ':' })).toEqual({ value: 'plain' });
    expect(lineToMessage('a:b', {})).toEqual({ value: 'a:b' });
    expect(lineToMessage('x', { partition: 2 })).toEqual({ value: 'x', partition: 2 });
  });

  it('sends one record per line with keys partitioned by murmur2, and reports to stderr', async () => {
    const { fake, exec } = cli(3);
    const lines = Array.from({ length: 30 }, (_, i) => `key-${i % 5}\t${i}`);
    const r = await exec(['produce', 't', '--key-separator', '\t', '--compression', 'gzip'], `${lines.join('\n')}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^produced 30 records to t in \d+ ms \(partition /);
    let total = 0;
    for (let p = 0; p < 3; p++) {
      for (const rec of fake.records('t', p)) {
        expect(partitionForKey(rec.key!, 3)).toBe(p);
        total++;
      }
    }
    expect(total).toBe(30);
  });

  it('keeps line order within a partition, handles CRLF and a last line without newline', async () => {
    const { fake, exec } = cli(2);
    const r = await exec(['produce', 't', '-p', '1'], 'one\r\ntwo\n\nfour');
    expect(r.code).toBe(0);
    expect(fake.records('t', 1).map((x) => x.value!.toString())).toEqual(['one', 'two', '', 'four']);
  });

  it('reports a service error with exit 1', async () => {
    const { exec } = cli();
    const r = await exec(['produce', 'missing'], 'a\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: UNKNOWN_TOPIC: ');
  });
});

describe('sluice consume', () => {
  async function seeded() {
    const c = cli(2);
    await c.exec(['produce', 't', '-p', '0', '-K', '='], 'a=1\nb=2\nc=3\n');
    await c.exec(['produce', 't', '-p', '1', '-K', '='], 'd=4\ne=5\n');
    return c;
  }

  it('prints every value of every partition up to the high watermark seen at the start, then exits', async () => {
    const { exec } = await seeded();
    const r = await exec(['consume', 't']);
    expect(r).toMatchObject({ code: 0, stdout: '1\n2\n3\n4\n5\n' });
  });

  it('prints key SEP value with --key-separator', async () => {
    const { exec } = await seeded();
    expect((await exec(['consume', 't', '-p', '1', '-K', ' => '])).stdout).toBe('d => 4\ne => 5\n');
  });

  it('starts at an offset, stops after --count, and prints nothing from the end', async () => {
    const { exec } = await seeded();
    expect((await exec(['consume', 't', '--partition', '0', '--from', '1'])).stdout).toBe('2\n3\n');
    expect((await exec(['consume', 't', '--count', '2'])).stdout).toBe('1\n2\n');
    expect(await exec(['consume', 't', '--from', 'end'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('fails with UNKNOWN_PARTITION for a partition the topic lacks', async () => {
    const { exec } = await seeded();
    expect(await exec(['consume', 't', '--partition', '9'])).toMatchObject({ code: 1, stderr: expect.stringContaining('error: UNKNOWN_PARTITION') });
  });

  it('fails with OFFSET_OUT_OF_RANGE past the high watermark', async () => {
    const { exec } = await seeded();
    expect(await exec(['consume', 't', '-p', '0', '--from', '99'])).toMatchObject({ code: 1, stderr: expect.stringContaining('error: OFFSET_OUT_OF_RANGE') });
  });

  it('with --follow prints records produced after it started until --count', async () => {
    const { exec } = await seeded();
    const consuming = exec(['consume', 't', '--from', 'end', '--follow', '--count', '3']);
    await new Promise((r) => setTimeout(r, 50));
    await exec(['produce', 't', '-p', '1'], 'x\ny\n');
    await exec(['produce', 't', '-p', '0'], 'z\nw\n');
    const r = await consuming;
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['x', 'y', 'z'].sort());
  });

  it('with --follow stops cleanly on Ctrl-C', async () => {
    const { exec } = await seeded();
    const ctrlC = new AbortController();
    const consuming = exec(['consume', 't', '--follow'], '', ctrlC.signal);
    await new Promise((r) => setTimeout(r, 50));
    ctrlC.abort();
    const r = await consuming;
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['1', '2', '3', '4', '5']);
  });
});
