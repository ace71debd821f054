// The fetch function behind a streaming Function URL (the construct's fetchInvokeMode
// RESPONSE_STREAM, its default) and behind a buffered one (BUFFERED): this file starts two local
// servers of its own, in this test process, on the same tables and bucket as the test stack, one
// serving fetch with its streaming handler and one with its buffered handler. Every answer must
// match byte for byte: status, Sluice headers and body. The test stack's own server (the default
// mode) must answer the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCHES_CONTENT_TYPE } from '../../shared/api/frames.ts';
import { BUFFERED_RESULT_BYTES } from '../../functions/fetch/fit-records.ts';
import { startLocalServer, type LocalServer } from '../../local/server.ts';
import { storageEnv } from '../../local/storage-env.ts';
import { createClient, type SluiceClient } from '../../sdk/index.ts';
import { createSigner } from '../../sdk/signer.ts';
import { localCredentials, localEndpoint, localRegion, storageConfig, uniqueName } from '../support/env.ts';
import { installFakeLambdaRuntime, type FakeLambdaRuntime } from '../support/lambda-runtime.ts';

let streamed: LocalServer;
let buffered: LocalServer;
// The Lambda runtime's `awslambda` global, as a stand-in set before the server imports the fetch
// module, so that the test sees the streaming path taken and writes as the runtime does.
let runtime: FakeLambdaRuntime;

beforeAll(async () => {
  runtime = installFakeLambdaRuntime();
  Object.assign(process.env, storageEnv(storageConfig()));
  streamed = await startLocalServer({ port: 0, credentials: localCredentials(), region: localRegion(), fetchInvokeMode: 'RESPONSE_STREAM' });
  buffered = await startLocalServer({ port: 0, credentials: localCredentials(), region: localRegion(), fetchInvokeMode: 'BUFFERED' });
});

afterAll(async () => {
  await streamed?.close();
  await buffered?.close();
  runtime?.uninstall();
});

const client = (endpoint: string): SluiceClient => createClient({ endpoint, credentials: localCredentials(), region: localRegion() });

async function signed(base: string, method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}) {
  const url = new URL(path, base);
  const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
  const headers = await createSigner({ region: localRegion(), credentials: localCredentials() })({ method, url, headers: { ...(opts.headers ?? {}) }, ...(body ? { body } : {}) });
  delete headers.host;
  const res = await fetch(url, { method, headers, ...(body ? { body } : {}) });
  const sluiceHeaders = Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('x-sluice-') || k === 'content-type'));
  return { status: res.status, headers: sluiceHeaders, body: Buffer.from(await res.arrayBuffer()) };
}

describe('fetch behind a streaming Function URL', () => {
  it('answers binary and JSON fetches, and errors, exactly as the buffered function and the default server do', async () => {
    const topic = uniqueName('streamed');
    const c = client(streamed.url);
    await c.admin().createTopic({ topic, numPartitions: 2 });
    const producer = c.producer();
    for (let i = 0; i < 4; i++) {
      await producer.send({
        topic,
        compression: i % 2 === 0 ? 'none' : 'zstd',
        messages: Array.from({ length: 50 }, (_, j) => ({ key: `k${j % 7}`, value: Buffer.alloc(300 + j, i * 50 + j), partition: j % 2 })),
      });
    }

    const responsesBefore = runtime.calls.from;
    for (const partition of [0, 1]) {
      for (const offset of [0, 30]) {
        const path = `/v1/topics/${topic}/partitions/${partition}/records?offset=${offset}&maxBytes=20000`;
        const binary = { headers: { accept: BATCHES_CONTENT_TYPE } };
        const [viaStream, viaBuffer] = [await signed(streamed.url, 'GET', path, binary), await signed(buffered.url, 'GET', path, binary)];
        expect(viaStream.status).toBe(200);
        expect(viaStream.headers['content-type']).toBe(BATCHES_CONTENT_TYPE);
        expect(Number(viaStream.headers['x-sluice-high-watermark'])).toBe(100);
        expect(viaStream.body.length).toBeGreaterThan(1000);
        expect(viaStream).toEqual(viaBuffer);
        expect(await signed(localEndpoint(), 'GET', path, binary)).toEqual(viaStream);
        // The JSON form of the same fetch.
        const json = `/v1/topics/${topic}/partitions/${partition}/records?offset=${offset}`;
        const [jsonStream, jsonBuffer] = [await signed(streamed.url, 'GET', json), await signed(buffered.url, 'GET', json)];
        expect(jsonStream.status).toBe(200);
        expect(jsonStream).toEqual(jsonBuffer);
      }
    }

    const multi = { body: JSON.stringify({ partitions: [0, 1].map((partition) => ({ topic, partition, offset: 10 })), maxBytes: 40000, format: 'binary' }), headers: { 'content-type': 'application/json' } };
    const [multiStream, multiBuffer] = [await signed(streamed.url, 'POST', '/v1/fetch', multi), await signed(buffered.url, 'POST', '/v1/fetch', multi)];
    expect(multiStream.status).toBe(200);
    expect(JSON.parse(multiStream.body.toString()).partitions).toHaveLength(2);
    expect(multiStream).toEqual(multiBuffer);

    // Errors keep their status and body: past the end, an unknown topic, a bad query.
    for (const path of [`/v1/topics/${topic}/partitions/0/records?offset=101`, `/v1/topics/${uniqueName('none')}/partitions/0/records?offset=0`, `/v1/topics/${topic}/partitions/0/records?offset=-1`]) {
      const [errStream, errBuffer] = [await signed(streamed.url, 'GET', path), await signed(buffered.url, 'GET', path)];
      expect(errStream.status).toBeGreaterThanOrEqual(400);
      expect(errStream.status).toBeLessThan(500);
      expect(errStream).toEqual(errBuffer);
    }
    // Every fetch above went through the streaming handler, and only fetch streams.
    expect(runtime.calls.streamifyResponse).toBe(1);
    expect(runtime.calls.from - responsesBefore).toBe(4 * 2 + 1 + 3);
  });

  it('keeps a JSON fetch larger than a buffered result can carry within it, and streams it whole', async () => {
    // 4 MiB of 100 B records weigh about 8.8 MB as JSON: more than Lambda's 6 MB buffered result.
    const topic = uniqueName('json-6mb');
    const c = client(streamed.url);
    await c.admin().createTopic({ topic, numPartitions: 1 });
    const total = 48_000;
    const producer = c.producer();
    for (let at = 0; at < total; at += 8_000) {
      await producer.send({ topic, messages: Array.from({ length: 8_000 }, (_, i) => ({ key: `key-${at + i}`, value: `"${String(at + i).padStart(80, '.')}"`, partition: 0 })) });
    }
    const path = (offset: number) => `/v1/topics/${topic}/partitions/0/records?offset=${offset}&maxBytes=${4 * 1024 * 1024}&encoding=utf8`;
    type Answer = { nextOffset: number; highWatermark: number; records: Array<{ offset: number; key: string; value: string }> };
    const whole = await signed(streamed.url, 'GET', path(0));
    expect(whole.status).toBe(200);
    expect(whole.body.length).toBeGreaterThan(6_000_000);
    const all = (JSON.parse(whole.body.toString()) as Answer).records;

    const first = await signed(buffered.url, 'GET', path(0));
    expect(first.status).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(first.body.toString()))).toBeLessThanOrEqual(BUFFERED_RESULT_BYTES);
    const part = JSON.parse(first.body.toString()) as Answer;
    expect(part.records.length).toBeGreaterThan(1000);
    expect(part.records.length).toBeLessThan(all.length);
    expect(part.records).toEqual(all.slice(0, part.records.length));
    expect(part.nextOffset).toBe(part.records.length);

    // Read on from each nextOffset through the buffered URL: every record once, in order.
    const read: number[] = [];
    for (let offset = 0; offset < total; ) {
      const res = await signed(buffered.url, 'GET', path(offset));
      expect(res.status).toBe(200);
      const a = JSON.parse(res.body.toString()) as Answer;
      expect(a.records[0]!.offset).toBe(offset);
      read.push(...a.records.map((r) => r.offset));
      offset = a.nextOffset;
    }
    expect(read).toEqual(Array.from({ length: total }, (_, i) => i));

    // The same through POST /v1/fetch in JSON.
    const multi = { body: JSON.stringify({ partitions: [{ topic, partition: 0, offset: 5 }], maxBytes: 4 * 1024 * 1024, format: 'json', encoding: 'utf8' }), headers: { 'content-type': 'application/json' } };
    const viaPost = await signed(buffered.url, 'POST', '/v1/fetch', multi);
    expect(viaPost.status).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(viaPost.body.toString()))).toBeLessThanOrEqual(BUFFERED_RESULT_BYTES);
    const [p0] = (JSON.parse(viaPost.body.toString()) as { partitions: Answer[] }).partitions;
    expect(p0!.records[0]!.offset).toBe(5);
    expect(p0!.nextOffset).toBe(5 + p0!.records.length);
  }, 120_000);

  it('serves the SDK reader and consumer the same records', async () => {
    const topic = uniqueName('streamed-sdk');
    const c = client(streamed.url);
    await c.admin().createTopic({ topic, numPartitions: 1 });
    await c.producer().send({ topic, messages: Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: `value-${i}`.repeat(20) })) });
    const read = async (endpoint: string) => {
      const reader = client(endpoint).reader({ topic, partition: 0, from: 'earliest' });
      const out: string[] = [];
      while (out.length < 300) {
        const { records } = await reader.fetch({ maxBytes: 8192 });
        out.push(...records.map((r) => `${r.offset}:${r.key?.toString()}:${r.value?.toString()}`));
      }
      return out;
    };
    const viaStream = await read(streamed.url);
    expect(viaStream).toHaveLength(300);
    expect(viaStream[299]).toBe(`299:k299:${'value-299'.repeat(20)}`);
    expect(viaStream).toEqual(await read(buffered.url));
    expect(await read(localEndpoint())).toEqual(viaStream);
  });
});
