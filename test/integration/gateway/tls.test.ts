// A TLS listener with SASL on a non-loopback-capable configuration. The certificate is made for
// the run by openssl (no key material is kept in the repository).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiVersions } from '../../../gateway/messages/api-versions.ts';
import { ErrorCode } from '../../../gateway/protocol/errors.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig } from '../../support/env.ts';
import { RawKafka } from '../../support/kafka-raw.ts';

let dir: string;
let cert: Buffer;
let gw: RunningGateway;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-tls-'));
  const [certFile, keyFile, credentialsFile] = ['cert.pem', 'key.pem', 'users.json'].map((f) => join(dir, f)) as [string, string, string];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  cert = await readFile(certFile);
  await writeFile(credentialsFile, JSON.stringify({ users: { alice: { password: 'wonderland' } } }));
  gw = await startGateway({ port: 0, storage: storageConfig(), tls: { certFile, keyFile }, sasl: { credentialsFile }, log: () => undefined });
});

afterAll(async () => {
  await gw?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a TLS listener', () => {
  it('answers ApiVersions over TLS to a client that trusts its certificate', async () => {
    const conn = await RawKafka.connect(gw.host, gw.port, { tls: { ca: cert } });
    try {
      expect((await conn.request(ApiVersions, 3, {})).body.errorCode).toBe(ErrorCode.NONE);
    } finally {
      conn.close();
    }
  });

  it('drops a plaintext client and keeps serving', async () => {
    const plain = await RawKafka.connect(gw.host, gw.port);
    plain.write(Buffer.from('0000000a00120000000000010000', 'hex'));
    expect(await plain.closedByPeer()).toBe(true);
    plain.close();
    const conn = await RawKafka.connect(gw.host, gw.port, { tls: { ca: cert } });
    expect((await conn.request(ApiVersions, 0, {})).body.errorCode).toBe(ErrorCode.NONE);
    conn.close();
  });

  it('lets KafkaJS in with TLS and SCRAM-SHA-512', async () => {
    const admin = new Kafka({
      clientId: 'tls-test',
      brokers: [`${gw.host}:${gw.port}`],
      ssl: { ca: [cert], servername: 'localhost' },
      sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'wonderland' },
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).brokers).toHaveLength(1);
    } finally {
      await admin.disconnect();
    }
  });
});
