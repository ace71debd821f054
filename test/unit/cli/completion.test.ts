import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/program.ts';
import { memoryIo } from './memory-io.ts';

async function script(shell: string): Promise<string> {
  const m = memoryIo();
  expect(await run(['completion', shell], m.io, { env: {} })).toBe(0);
  return m.stdout();
}

/** What bash completes for the words typed so far (the last one being completed). */
function bashComplete(file: string, words: string[]): string[] {
  const arr = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _sluice; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('shell completion', () => {
  it('completes commands, subcommands, options and option choices in bash', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-completion-')), 'sluice.bash');
    fs.writeFileSync(file, await script('bash'));
    expect(bashComplete(file, ['sluice', ''])).toEqual(['topics', 'produce', 'consume', 'offsets', 'completion', 'groups', 'maintenance', 'gateway']);
    expect(bashComplete(file, ['sluice', 'gateway', '--tls'])).toEqual(['--tls-cert', '--tls-key']);
    expect(bashComplete(file, ['sluice', 'topics', 'a'])).toEqual(['alter', 'add-partitions']);
    expect(bashComplete(file, ['sluice', 'consume', 'orders', '--out'])).toEqual(['--output']);
    expect(bashComplete(file, ['sluice', 'consume', 'orders', '--output', ''])).toEqual(['text', 'json']);
    expect(bashComplete(file, ['sluice', 'produce', 'orders', '-z', 'l'])).toEqual(['lz4']);
    expect(bashComplete(file, ['sluice', 'completion', ''])).toEqual(['bash', 'zsh']);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('writes a zsh completion function with the same tables', async () => {
    const zsh = await script('zsh');
    expect(zsh.startsWith('#compdef sluice\n')).toBe(true);
    expect(zsh).toContain(`'sluice topics' 'create list describe delete alter add-partitions delete-records'`);
    expect(zsh).toContain(`'--compression' 'none gzip snappy lz4 zstd'`);
  });

  it('refuses another shell as a usage error', async () => {
    const m = memoryIo();
    expect(await run(['completion', 'fish'], m.io, { env: {} })).toBe(2);
  });
});
