import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiVersions } from '../../../gateway/messages/api-versions.ts';
import { ErrorCode } from '../../../gateway/protocol/errors.ts';
import { decodeResponseHeader, encodeRequestHeader } from '../../../gateway/protocol/header.ts';
import { Reader } from '../../../gateway/protocol/reader.ts';
import { decodeResponseBody } from '../../../gateway/protocol/codec.ts';
import { Writer } from '../../../gateway/protocol/writer.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import { localKafkaBroker, storageConfig } from '../../support/env.ts';
import { RawKafka } from '../../support/kafka-raw.ts';

let gw: RunningGateway;

beforeAll(async () => {
  gw = await startGateway({ port: 0, storage: storageConfig(), log: () => undefined });
});

afterAll(async () => {
  await gw?.close();
});

function entry(apiKeys: Array<{ apiKey: number; minVersion: number; maxVersion: number }>, key: number) {
  return apiKeys.find((k) => k.apiKey === key);
}

describe('ApiVersions over a raw socket', () => {
  it('answers v0 with the APIs the gateway serves, ApiVersions 0-3 among them', async () => {
    const conn = await RawKafka.connect(gw.host, gw.port);
    try {
      const { body } = await conn.request(ApiVersions, 0, {});
      expect(body.errorCode).toBe(ErrorCode.NONE);
      expect(entry(body.apiKeys, 18)).toEqual({ apiKey: 18, minVersion: 0, maxVersion: 3 });
      expect(entry(body.apiKeys, 17)).toEqual({ apiKey: 17, minVersion: 0, maxVersion: 1 });
      expect(entry(body.apiKeys, 36)).toEqual({ apiKey: 36, minVersion: 0, maxVersion: 2 });
    } finally {
      conn.close();
    }
  });

  it('answers v3 (flexible body, v0 response header) with the same list and a throttle time', async () => {
    const conn = await RawKafka.connect(gw.host, gw.port);
    try {
      const v0 = await conn.request(ApiVersions, 0, {});
      const v3 = await conn.request(ApiVersions, 3, { clientSoftwareName: 'raw-test', clientSoftwareVersion: '1.0' });
      expect(v3.body.errorCode).toBe(ErrorCode.NONE);
      expect(v3.body.throttleTimeMs).toBe(0);
      expect(v3.body.apiKeys).toEqual(v0.body.apiKeys);
      expect(v3.body.finalizedFeaturesEpoch).toBe(-1n);
    } finally {
      conn.close();
    }
  });

  it('answers a version it does not serve with a v0 UNSUPPORTED_VERSION response listing the APIs', async () => {
    const conn = await RawKafka.connect(gw.host, gw.port);
    try {
      // A v4 request as a newer client sends it: header v2, compact body with tagged fields.
      const w = new Writer();
      encodeRequestHeader({ apiKey: 18, apiVersion: 4, correlationId: 77, clientId: 'future' }, 2, w);
      w.nullableString('future-client', true).nullableString('9.9', true).unsignedVarint(0);
      const payload = w.finish();
      const frame = Buffer.alloc(4 + payload.length);
      frame.writeInt32BE(payload.length, 0);
      payload.copy(frame, 4);
      conn.write(frame);
      const reply = await conn.readFrame();
      expect(reply).toBeDefined();
      const r = new Reader(reply!);
      expect(decodeResponseHeader(r, 0).correlationId).toBe(77);
      const body = decodeResponseBody(ApiVersions, 0, reply!.subarray(r.offset));
      expect(body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
      expect(entry(body.apiKeys, 18)).toEqual({ apiKey: 18, minVersion: 0, maxVersion: 3 });
      // The connection stays usable: the client retries with a version both know.
      const retry = await conn.request(ApiVersions, 3, {});
      expect(retry.body.errorCode).toBe(ErrorCode.NONE);
    } finally {
      conn.close();
    }
  });

  it('answers pipelined requests in order', async () => {
    const conn = await RawKafka.connect(gw.host, gw.port);
    try {
      const { encodeRequestFrame, decodeResponseFrame } = await import('../../../gateway/protocol/frames.ts');
      const frames = Array.from({ length: 20 }, (_, i) => encodeRequestFrame(ApiVersions, i % 4, 1000 + i, {}));
      conn.write(Buffer.concat(frames));
      for (let i = 0; i < 20; i++) {
        const reply = await conn.readFrame();
        expect(decodeResponseFrame(ApiVersions, i % 4, reply!).correlationId).toBe(1000 + i);
      }
    } finally {
      conn.close();
    }
  });
});

describe('ApiVersions from real clients', () => {
  it('gives @platformatic/kafka (v3, flexible) the advertised list', async () => {
    const { Admin } = await import('@platformatic/kafka');
    const admin = new Admin({ clientId: 'api-versions-test', bootstrapBrokers: [`${gw.host}:${gw.port}`] });
    try {
      const apis = await admin.listApis();
      expect(apis.find((a) => a.apiKey === 18)).toMatchObject({ minVersion: 0, maxVersion: 3 });
    } finally {
      await admin.close();
    }
  });
});

describe('the test stack', () => {
  it('runs a Kafka gateway that answers ApiVersions at localKafkaBroker()', async () => {
    const [host, port] = localKafkaBroker().split(':');
    const conn = await RawKafka.connect(host!, Number(port));
    try {
      const { body } = await conn.request(ApiVersions, 3, {});
      expect(body.errorCode).toBe(ErrorCode.NONE);
    } finally {
      conn.close();
    }
  });
});
