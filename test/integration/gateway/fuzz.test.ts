// Hostile bytes at the gateway: random streams, truncated, oversize and negative frames, unknown
// api keys and versions, garbage bodies behind valid headers for every API it serves. The
// gateway runs over storage of its own, so afterwards "nothing was written" is a plain check:
// no topic, no object. The cases come from a fixed seed, so a failure reproduces.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiVersions } from '../../../gateway/messages/api-versions.ts';
import { Metadata } from '../../../gateway/messages/metadata.ts';
import { ErrorCode } from '../../../gateway/protocol/errors.ts';
import { encodeRequestHeader } from '../../../gateway/protocol/header.ts';
import { Writer } from '../../../gateway/protocol/writer.ts';
import { startGateway, type RunningGateway } from '../../../gateway/start.ts';
import type { Storage } from '../../../shared/log/ports.ts';
import type { StorageConfig } from '../../../shared/storage/config.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { dropStorage, ensureStorage } from '../../../shared/storage/provision.ts';
import { storageConfig } from '../../support/env.ts';
import { RawKafka } from '../../support/kafka-raw.ts';

const MAX_FRAME = 1024 * 1024;
let gw: RunningGateway;
let config: StorageConfig;
let storage: Storage;
const logged: string[] = [];

beforeAll(async () => {
  const id = randomBytes(4).toString('hex');
  config = { ...storageConfig(), bucket: `sluice-fuzz-${id}`, metadataTable: `sluice-fuzz-${id}-metadata`, logTable: `sluice-fuzz-${id}-log` };
  await ensureStorage(config);
  storage = createStorage(config);
  gw = await startGateway({ port: 0, storage: config, maxFrameBytes: MAX_FRAME, log: (m) => logged.push(m) });
});

afterAll(async () => {
  await gw?.close();
  if (config) await dropStorage(config).catch(() => undefined);
});

/** mulberry32: a small seeded generator, so the cases are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bytes(rand: () => number, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
}

function sized(payload: Buffer): Buffer {
  const out = Buffer.alloc(4 + payload.length);
  out.writeInt32BE(payload.length, 0);
  payload.copy(out, 4);
  return out;
}

function headerFor(apiKey: number, apiVersion: number, flexible: boolean): Buffer {
  const w = new Writer();
  encodeRequestHeader({ apiKey, apiVersion, correlationId: 1, clientId: 'fuzz' }, flexible ? 2 : 1, w);
  return w.finish();
}

/** Sends the bytes, half-closes, and waits for the gateway to drop the connection. */
async function throwAt(payload: Buffer): Promise<void> {
  const conn = await RawKafka.connect(gw.host, gw.port);
  try {
    conn.write(payload);
    conn.socket.end();
    expect(await conn.closedByPeer(10_000)).toBe(true);
  } finally {
    conn.close();
  }
}

async function inBatches(cases: Buffer[], size = 16): Promise<void> {
  for (let i = 0; i < cases.length; i += size) await Promise.all(cases.slice(i, i + size).map(throwAt));
}

describe('the gateway under hostile input', () => {
  it('survives random, truncated, oversize and mis-sized frames', async () => {
    const rand = prng(20_261_202);
    const cases: Buffer[] = [];
    for (let i = 0; i < 60; i++) cases.push(bytes(rand, 1 + Math.floor(rand() * 300)));
    for (let i = 0; i < 20; i++) cases.push(sized(bytes(rand, Math.floor(rand() * 40))).subarray(0, 1 + Math.floor(rand() * 20)));
    const header = (size: number): Buffer => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(size, 0);
      return b;
    };
    cases.push(header(MAX_FRAME + 1), header(0x7fffffff), header(-1), header(-2_000_000_000), header(0));
    cases.push(Buffer.concat([header(1000), bytes(rand, 10)]));
    cases.push(sized(Buffer.from([0, 18])), sized(Buffer.from([0, 18, 0])));
    await inBatches(cases);
  });

  it('closes on unknown api keys, unsupported versions and garbage bodies of every API it serves', async () => {
    const probe = await RawKafka.connect(gw.host, gw.port);
    const { body } = await probe.request(ApiVersions, 3, {});
    probe.close();
    const rand = prng(7);
    const cases: Buffer[] = [];
    for (const key of [-1, 999, 32767, 67, 1000]) cases.push(sized(Buffer.concat([headerFor(key, 0, false), bytes(rand, 8)])));
    for (const api of body.apiKeys as Array<{ apiKey: number; minVersion: number; maxVersion: number }>) {
      if (api.apiKey !== 18) cases.push(sized(Buffer.concat([headerFor(api.apiKey, api.maxVersion + 1, false), bytes(rand, 8)])));
      cases.push(sized(Buffer.concat([headerFor(api.apiKey, -1, false), bytes(rand, 8)])));
      for (let v = api.minVersion; v <= api.maxVersion; v++) {
        for (const flexible of [false, true]) {
          for (let i = 0; i < 3; i++) cases.push(sized(Buffer.concat([headerFor(api.apiKey, v, flexible), bytes(rand, 16 + Math.floor(rand() * 48))])));
        }
      }
    }
    // Garbage right where the client id's length is read.
    for (let i = 0; i < 10; i++) cases.push(sized(Buffer.concat([Buffer.from([0, 3, 0, 1, 0, 0, 0, 1]), bytes(rand, 1 + Math.floor(rand() * 30))])));
    await inBatches(cases);
  });

  it('still answers afterwards, and nothing was written', async () => {
    const conn = await RawKafka.connect(gw.host, gw.port);
    try {
      expect((await conn.request(ApiVersions, 0, {})).body.errorCode).toBe(ErrorCode.NONE);
      const md = await conn.request(Metadata, 1, { topics: null });
      expect(md.body.topics).toEqual([]);
    } finally {
      conn.close();
    }
    expect(await storage.topics.list()).toEqual([]);
    const objects: string[] = [];
    for await (const page of storage.objects.list!('')) objects.push(...page.map((o) => o.key));
    expect(objects).toEqual([]);
    // Handlers may log what they refused; none may have crashed on what it decoded.
    expect(logged.filter((m) => /handler failed|does not encode|request failed|connection failed/.test(m))).toEqual([]);
  });
});
