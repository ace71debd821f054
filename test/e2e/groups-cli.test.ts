// `sluice consume --group` and `sluice groups ...` against the local stack, in-process.
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/program.ts';
import { memoryIo } from '../unit/cli/memory-io.ts';
import { localEndpoint, uniqueName } from '../support/env.ts';
import { client, produce, topicWith } from './groups-support.ts';

async function sluice(argv: string[], signal?: AbortSignal) {
  const m = memoryIo('');
  const c = client();
  const code = await run(argv, m.io, { env: { SLUICE_ENDPOINT: localEndpoint() }, makeClient: () => c, signal });
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('sluice consume --group and sluice groups', () => {
  it('consumes as a group member, commits what it printed, and the next run starts after it', async () => {
    const c = client();
    const topic = await topicWith(c, 2, 3);
    const group = uniqueName('cli');
    const first = await sluice(['consume', topic, '--group', group, '--timeout-ms', '2000']);
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n').filter(Boolean).sort()).toEqual(['p0-0', 'p0-1', 'p0-2', 'p1-0', 'p1-1', 'p1-2']);
    await produce(c, topic, 2, 3, 1);
    const second = await sluice(['consume', topic, '-g', group, '--timeout-ms', '2000']);
    expect(second.stdout.split('\n').filter(Boolean).sort()).toEqual(['p0-3', 'p1-3']);
    const limited = await sluice(['consume', topic, '-g', uniqueName('cli'), '--count', '2', '-K', '=']);
    expect(limited.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('lists and describes a group with its committed offsets and lag, per partition and in total', async () => {
    const c = client();
    const topic = await topicWith(c, 2, 4);
    const group = uniqueName('cli');
    await sluice(['consume', topic, '--group', group, '--count', '3']);
    expect((await sluice(['groups', 'list'])).stdout.split('\n')).toContain(group);
    const d = await sluice(['groups', 'describe', group]);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain(`Group:    ${group}`);
    expect(d.stdout).toContain('State:    Empty');
    expect(d.stdout).toMatch(/TOPIC\s+PARTITION\s+OWNER\s+COMMITTED\s+HIGH_WATERMARK\s+LAG/);
    expect(d.stdout).toContain('Total lag: 5');
    const json = JSON.parse((await sluice(['groups', 'describe', group, '--json'])).stdout);
    expect(json).toMatchObject({ groupId: group, state: 'Empty', totalLag: 5 });
    expect(json.partitions.map((p: { committedOffset: number }) => p.committedOffset).reduce((a: number, b: number) => a + b)).toBe(3);
  });

  it('resets offsets to earliest, by a shift, to a time and to an offset, then deletes the group', async () => {
    const c = client();
    const topic = await topicWith(c, 2, 5);
    const group = uniqueName('cli');
    await sluice(['consume', topic, '--group', group, '--timeout-ms', '2000']);
    const dry = await sluice(['groups', 'reset-offsets', group, '--topic', topic, '--to-earliest', '--dry-run']);
    expect(dry.stdout).toMatch(/^would reset group .* \(dry run, nothing written\):\nPARTITION\s+PREVIOUS\s+NEW\n0\s+5\s+0\n1\s+5\s+0\n$/);
    const shifted = await sluice(['groups', 'reset-offsets', group, '-t', topic, '--shift-by', '-2', '--partitions', '1']);
    expect(shifted.stdout).toMatch(/\n1\s+5\s+3\n$/);
    const again = await sluice(['consume', topic, '--group', group, '--timeout-ms', '2000']);
    expect(again.stdout).toBe('p1-3\np1-4\n');
    const future = await sluice(['groups', 'reset-offsets', group, '-t', topic, '--to-datetime', new Date(Date.now() + 3_600_000).toISOString()]);
    expect(future.stdout).toMatch(/\n0\s+5\s+5\n1\s+5\s+5\n$/);
    const exact = await sluice(['groups', 'reset-offsets', group, '-t', topic, '--to-offset', '1', '--partitions', '0']);
    expect(exact.stdout).toMatch(/\n0\s+5\s+1\n$/);
    expect(await sluice(['groups', 'reset-offsets', group, '-t', topic])).toMatchObject({ code: 2, stderr: expect.stringContaining('exactly one of') });
    expect(await sluice(['groups', 'delete', group])).toMatchObject({ code: 0, stdout: `deleted group ${group} (2 committed offsets)\n` });
    expect(await sluice(['groups', 'describe', group])).toMatchObject({ code: 1, stderr: expect.stringContaining('error: UNKNOWN_GROUP') });
  });
});
