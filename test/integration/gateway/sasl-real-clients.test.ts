// SASL with the Debian clients (shared/TOOLCHAIN.md): kcat on librdkafka 2.0.2, which uses
// SaslHandshake v1 + SaslAuthenticate, and kafka-python 2.0.2, which sends bare tokens after the
// handshake. Skipped where the clients are not installed.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig } from '../../support/env.ts';

const run = promisify(execFile);
const KCAT = '/usr/bin/kcat';
const PYTHON = '/usr/bin/python3';
const hasKcat = existsSync(KCAT);
const hasKafkaPython = existsSync(PYTHON) && (await run(PYTHON, ['-c', 'import kafka']).then(() => true, () => false));

let gw: RunningGateway;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-sasl-clients-'));
  const credentialsFile = join(dir, 'users.json');
  await writeFile(credentialsFile, JSON.stringify({ users: { alice: { password: 'wonderland' } } }));
  gw = await startGateway({ port: 0, storage: storageConfig(), sasl: { credentialsFile }, log: () => undefined });
});

afterAll(async () => {
  await gw?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

describe.skipIf(!hasKcat)('kcat (librdkafka 2.0.2) over SASL', () => {
  for (const mechanism of MECHANISMS) {
    it(`lists metadata after ${mechanism}`, async () => {
      const { stdout } = await run(KCAT, ['-b', `${gw.host}:${gw.port}`, '-L', '-m', '10', '-X', 'security.protocol=SASL_PLAINTEXT', '-X', `sasl.mechanisms=${mechanism}`, '-X', 'sasl.username=alice', '-X', 'sasl.password=wonderland'], { timeout: 20_000 });
      expect(stdout).toMatch(/1 brokers:/);
    });
  }

  it('fails with a wrong password', async () => {
    const result = await run(KCAT, ['-b', `${gw.host}:${gw.port}`, '-L', '-m', '5', '-X', 'security.protocol=SASL_PLAINTEXT', '-X', 'sasl.mechanisms=SCRAM-SHA-256', '-X', 'sasl.username=alice', '-X', 'sasl.password=nope'], { timeout: 20_000 }).then(
      () => 'listed',
      (err: { stderr?: string }) => err.stderr ?? '',
    );
    expect(result).not.toBe('listed');
  });
});

describe.skipIf(!hasKafkaPython)('kafka-python 2.0.2 over SASL', () => {
  for (const mechanism of MECHANISMS) {
    it(`lists topics after ${mechanism}`, async () => {
      const script = [
        'import sys, kafka',
        `c = kafka.KafkaConsumer(bootstrap_servers='${gw.host}:${gw.port}', security_protocol='SASL_PLAINTEXT', sasl_mechanism='${mechanism}',`,
        "    sasl_plain_username='alice', sasl_plain_password='wonderland', request_timeout_ms=15000, api_version_auto_timeout_ms=10000)",
        'print(sorted(c.topics()))',
        'c.close()',
      ].join('\n');
      const { stdout } = await run(PYTHON, ['-c', script], { timeout: 30_000 });
      expect(stdout.trim()).toMatch(/^\[.*\]$/);
    });
  }
});
