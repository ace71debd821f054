import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_JVM_ARGS, startDynamoDbLocal } from '../../../local/emulators/dynamodb.ts';

// A stand-in for `java` that writes down its arguments and exits: the start fails, and what it
// was asked to run is on file.
async function recordingJava(dir: string): Promise<{ java: string; args: () => Promise<string[]> }> {
  const out = join(dir, 'args');
  const java = join(dir, 'java');
  await writeFile(java, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${out}'\nexit 3\n`);
  await chmod(java, 0o755);
  return { java, args: async () => (await readFile(out, 'utf8')).split('\n').filter(Boolean) };
}

describe('DynamoDB Local JVM options', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const fresh = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-jvm-'));
    dirs.push(dir);
    return recordingJava(dir);
  };

  it('runs the JVM with C1 only and the serial collector unless told otherwise', async () => {
    const { java, args } = await fresh();
    await expect(startDynamoDbLocal({ java, startTimeoutMs: 10_000 })).rejects.toThrow();
    const seen = await args();
    expect(DEFAULT_JVM_ARGS).toEqual(['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC']);
    // JVM options only count before -jar.
    expect(seen.slice(0, seen.indexOf('-jar'))).toEqual(expect.arrayContaining([...DEFAULT_JVM_ARGS]));
  });

  it('takes the caller’s options instead', async () => {
    const { java, args } = await fresh();
    await expect(startDynamoDbLocal({ java, jvmArgs: ['-Xmx256m'], startTimeoutMs: 10_000 })).rejects.toThrow();
    const seen = await args();
    const jvm = seen.slice(0, seen.indexOf('-jar'));
    expect(jvm).toContain('-Xmx256m');
    expect(jvm).not.toContain('-XX:TieredStopAtLevel=1');
  });
});
