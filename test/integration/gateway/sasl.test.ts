import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiVersions } from '../../../gateway/messages/api-versions.ts';
import { Metadata } from '../../../gateway/messages/metadata.ts';
import { SaslAuthenticate } from '../../../gateway/messages/sasl-authenticate.ts';
import { SaslHandshake } from '../../../gateway/messages/sasl-handshake.ts';
import { ErrorCode } from '../../../gateway/protocol/errors.ts';
import { encodeRequestFrame } from '../../../gateway/protocol/frames.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { storageConfig } from '../../support/env.ts';
import { RawKafka } from '../../support/kafka-raw.ts';
import { ScramClient } from '../../support/scram-client.ts';

let gw: RunningGateway;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-sasl-'));
  const credentialsFile = join(dir, 'users.json');
  await writeFile(credentialsFile, JSON.stringify({ users: { alice: { password: 'wonderland' }, bob: { password: 'builder' } } }));
  gw = await startGateway({ port: 0, storage: storageConfig(), sasl: { credentialsFile }, log: () => undefined });
});

afterAll(async () => {
  await gw?.close();
  await rm(dir, { recursive: true, force: true });
});

const plain = (user: string, password: string): Buffer => Buffer.from(`\u0000${user}\u0000${password}`, 'utf8');

async function connect(): Promise<RawKafka> {
  return RawKafka.connect(gw.host, gw.port);
}

describe('a SASL listener', () => {
  it('answers ApiVersions before authentication, and closes on any other API', async () => {
    const conn = await connect();
    try {
      const { body } = await conn.request(ApiVersions, 3, {});
      expect(body.errorCode).toBe(ErrorCode.NONE);
      conn.write(encodeRequestFrame(Metadata, 1, 2, { topics: null }));
      expect(await conn.closedByPeer()).toBe(true);
    } finally {
      conn.close();
    }
  });

  it('closes on a frame above 512 KiB before authentication', async () => {
    const conn = await connect();
    try {
      const head = Buffer.alloc(4);
      head.writeInt32BE(512 * 1024 + 1, 0);
      conn.write(head);
      expect(await conn.closedByPeer()).toBe(true);
    } finally {
      conn.close();
    }
  });

  it('authenticates PLAIN through SaslHandshake v1 and SaslAuthenticate, then serves other APIs', async () => {
    const conn = await connect();
    try {
      const hs = await conn.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
      expect(hs.body).toEqual({ errorCode: ErrorCode.NONE, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
      const auth = await conn.request(SaslAuthenticate, 2, { authBytes: plain('alice', 'wonderland') });
      expect(auth.body.errorCode).toBe(ErrorCode.NONE);
      const md = await conn.request(Metadata, 1, { topics: [] });
      expect(md.body.brokers).toHaveLength(1);
    } finally {
      conn.close();
    }
  });

  it('answers a wrong password with SASL_AUTHENTICATION_FAILED and closes the connection', async () => {
    const conn = await connect();
    try {
      await conn.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
      const auth = await conn.request(SaslAuthenticate, 1, { authBytes: plain('alice', 'looking-glass') });
      expect(auth.body.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
      expect(auth.body.errorMessage).toMatch(/Authentication failed/);
      expect(await conn.closedByPeer()).toBe(true);
    } finally {
      conn.close();
    }
  });

  it('refuses an unknown mechanism with UNSUPPORTED_SASL_MECHANISM and the list it supports', async () => {
    const conn = await connect();
    try {
      const hs = await conn.request(SaslHandshake, 1, { mechanism: 'GSSAPI' });
      expect(hs.body.errorCode).toBe(ErrorCode.UNSUPPORTED_SASL_MECHANISM);
      expect(hs.body.mechanisms).toContain('SCRAM-SHA-512');
      expect(await conn.closedByPeer()).toBe(true);
    } finally {
      conn.close();
    }
  });

  for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
    it(`authenticates ${mechanism} and proves the server knows the password`, async () => {
      const conn = await connect();
      try {
        await conn.request(SaslHandshake, 1, { mechanism });
        const client = new ScramClient(mechanism, 'bob', 'builder');
        const first = await conn.request(SaslAuthenticate, 2, { authBytes: client.first() });
        expect(first.body.errorCode).toBe(ErrorCode.NONE);
        const final = await conn.request(SaslAuthenticate, 2, { authBytes: client.final(first.body.authBytes) });
        expect(final.body.errorCode).toBe(ErrorCode.NONE);
        expect(client.verify(final.body.authBytes)).toBe(true);
        expect((await conn.request(ApiVersions, 3, {})).body.errorCode).toBe(ErrorCode.NONE);
      } finally {
        conn.close();
      }
    });
  }

  it('refuses a SCRAM proof made with the wrong password', async () => {
    const conn = await connect();
    try {
      await conn.request(SaslHandshake, 1, { mechanism: 'SCRAM-SHA-256' });
      const client = new ScramClient('SCRAM-SHA-256', 'bob', 'not-builder');
      const first = await conn.request(SaslAuthenticate, 2, { authBytes: client.first() });
      const final = await conn.request(SaslAuthenticate, 2, { authBytes: client.final(first.body.authBytes) });
      expect(final.body.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
      expect(await conn.closedByPeer()).toBe(true);
    } finally {
      conn.close();
    }
  });

  it('takes bare SASL tokens after a v0 handshake (older clients)', async () => {
    const conn = await connect();
    try {
      await conn.request(SaslHandshake, 0, { mechanism: 'PLAIN' });
      const token = plain('alice', 'wonderland');
      const frame = Buffer.alloc(4 + token.length);
      frame.writeInt32BE(token.length, 0);
      token.copy(frame, 4);
      conn.write(frame);
      expect((await conn.readFrame())?.length).toBe(0);
      expect((await conn.request(ApiVersions, 0, {})).body.errorCode).toBe(ErrorCode.NONE);
    } finally {
      conn.close();
    }
  });

  it('lets KafkaJS in with SCRAM-SHA-256 and PLAIN, and keeps it out with a wrong password', async () => {
    const client = (sasl: SASLOptions) =>
      new Kafka({ clientId: 'sasl-test', brokers: [`${gw.host}:${gw.port}`], sasl, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    for (const mechanism of ['scram-sha-256', 'plain'] as const) {
      const admin = client({ mechanism, username: 'alice', password: 'wonderland' });
      await admin.connect();
      try {
        const cluster = await admin.describeCluster();
        expect(cluster.brokers).toEqual([{ nodeId: 1, host: gw.advertisedHost, port: gw.advertisedPort }]);
      } finally {
        await admin.disconnect();
      }
    }
    const denied = client({ mechanism: 'scram-sha-256', username: 'alice', password: 'wrong' });
    await expect(denied.connect()).rejects.toThrow();
    await denied.disconnect();
  });
});

describe('a listener without SASL', () => {
  it('answers SaslHandshake with ILLEGAL_SASL_STATE', async () => {
    const open = await startGateway({ port: 0, storage: storageConfig(), log: () => undefined });
    const conn = await RawKafka.connect(open.host, open.port);
    try {
      const hs = await conn.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
      expect(hs.body.errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    } finally {
      conn.close();
      await open.close();
    }
  });
});
