import { beforeAll, describe, expect, it } from 'vitest';
import { encodeFrames } from '../../shared/api/frames.ts';
import { encodeBatch } from '../../shared/codec/index.ts';
import { uniqueName } from '../support/env.ts';
import { jsonBody, signedRequest, type RawResponse } from './signed-http.ts';

const topic = uniqueName('bad');
/** Names that bad create-topic requests use; none may exist afterwards. */
const refusedNames = { cfg: uniqueName('cfg'), zero: uniqueName('zero') };

/** What a bad request could have changed: this test's topic and the topics it tried to create. */
async function state() {
  const described = await signedRequest('GET', `/v1/topics/${topic}`);
  const refused = await Promise.all(Object.values(refusedNames).map((n) => signedRequest('GET', `/v1/topics/${n}`)));
  return { topic: described.json(), refused: refused.map((r) => r.status) };
}

function expectError(res: RawResponse, status: number, code: string) {
  expect(res.status, res.body.toString()).toBe(status);
  const body = res.json();
  expect(body.error).toMatchObject({ code, retriable: false });
  expect(typeof body.error.message).toBe('string');
}

const validBatch = () => encodeBatch([{ key: null, value: Buffer.from('v'), timestamp: Date.now() }]);

const CASES: { name: string; status: number; code: string; send: () => Promise<RawResponse> }[] = [
  { name: 'malformed JSON', status: 400, code: 'INVALID_JSON', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, { body: '{"records": [', headers: { 'content-type': 'application/json' } }) },
  { name: 'a schema violation', status: 400, code: 'INVALID_REQUEST', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ records: [{ value: 5 }] })) },
  { name: 'an unknown field', status: 400, code: 'INVALID_REQUEST', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ records: [{ value: 'a' }], acks: 0 })) },
  { name: 'no records', status: 400, code: 'INVALID_REQUEST', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ records: [] })) },
  { name: 'a negative timestamp', status: 400, code: 'INVALID_REQUEST', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ records: [{ value: 'a', timestamp: -1 }] })) },
  { name: 'an unknown topic', status: 404, code: 'UNKNOWN_TOPIC', send: () => signedRequest('POST', `/v1/topics/${uniqueName('nope')}/records`, jsonBody({ records: [{ value: 'a' }] })) },
  { name: 'an illegal topic name', status: 400, code: 'INVALID_TOPIC_NAME', send: () => signedRequest('POST', `/v1/topics/bad%20name/records`, jsonBody({ records: [{ value: 'a' }] })) },
  { name: 'a partition past the end (produce)', status: 404, code: 'UNKNOWN_PARTITION', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ records: [{ value: 'a' }, { value: 'b', partition: 2 }] })) },
  { name: 'a partition past the end (fetch)', status: 404, code: 'UNKNOWN_PARTITION', send: () => signedRequest('GET', `/v1/topics/${topic}/partitions/9/records?offset=0`) },
  { name: 'a partition that is not a number', status: 404, code: 'UNKNOWN_PARTITION', send: () => signedRequest('GET', `/v1/topics/${topic}/partitions/x/records?offset=0`) },
  { name: 'a negative offset', status: 400, code: 'INVALID_REQUEST', send: () => signedRequest('GET', `/v1/topics/${topic}/partitions/0/records?offset=-1`) },
  { name: 'an offset past the high watermark', status: 416, code: 'OFFSET_OUT_OF_RANGE', send: () => signedRequest('GET', `/v1/topics/${topic}/partitions/0/records?offset=99`) },
  { name: 'a missing offset', status: 400, code: 'INVALID_REQUEST', send: () => signedRequest('GET', `/v1/topics/${topic}/partitions/0/records`) },
  { name: 'an oversize body', status: 413, code: 'PAYLOAD_TOO_LARGE', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ records: [{ value: 'x'.repeat(5 * 1024 * 1024) }] })) },
  { name: 'a record above max.message.bytes', status: 413, code: 'RECORD_TOO_LARGE', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ records: [{ value: 'x'.repeat(2048) }] })) },
  { name: 'broken base64', status: 400, code: 'INVALID_BASE64', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ encoding: 'base64', records: [{ value: 'aGVsbG8' }] })) },
  {
    name: 'a corrupted batch',
    status: 400,
    code: 'CORRUPT_BATCH',
    send: () => {
      const batch = validBatch();
      batch[batch.length - 1]! ^= 0xff;
      return signedRequest('POST', `/v1/topics/${topic}/records`, { body: encodeFrames([{ partition: 0, batches: batch }]), headers: { 'content-type': 'application/vnd.sluice.batches' } });
    },
  },
  { name: 'garbage frames', status: 400, code: 'CORRUPT_BATCH', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, { body: Buffer.from('not frames at all'), headers: { 'content-type': 'application/vnd.sluice.batches' } }) },
  { name: 'a wrong content type', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, { body: 'value', headers: { 'content-type': 'text/plain' } }) },
  { name: 'no signature', status: 401, code: 'MISSING_SIGNATURE', send: () => signedRequest('POST', `/v1/topics/${topic}/records`, { ...jsonBody({ records: [{ value: 'a' }] }), sign: false }) },
  {
    name: 'a bad signature',
    status: 403,
    code: 'INVALID_SIGNATURE',
    send: () => signedRequest('POST', `/v1/topics/${topic}/records`, { ...jsonBody({ records: [{ value: 'a' }] }), credentials: { accessKeyId: 'AKIAWRONGWRONGWRONG0', secretAccessKey: 'wrong' } }),
  },
  { name: 'an unknown route', status: 404, code: 'NOT_FOUND', send: () => signedRequest('GET', '/v1/nowhere') },
  { name: 'a wrong method', status: 405, code: 'METHOD_NOT_ALLOWED', send: () => signedRequest('PATCH', '/v1/topics') },
  { name: 'a duplicate topic', status: 409, code: 'TOPIC_ALREADY_EXISTS', send: () => signedRequest('POST', '/v1/topics', jsonBody({ name: topic, partitions: 2 })) },
  { name: 'an invalid topic config', status: 400, code: 'INVALID_CONFIG', send: () => signedRequest('POST', '/v1/topics', jsonBody({ name: refusedNames.cfg, configs: { 'retention.ms': 'forever' } })) },
  { name: 'a zero partition count', status: 400, code: 'INVALID_REQUEST', send: () => signedRequest('POST', '/v1/topics', jsonBody({ name: refusedNames.zero, partitions: 0 })) },
];

describe('bad input over HTTP', () => {
  beforeAll(async () => {
    const res = await signedRequest('POST', '/v1/topics', jsonBody({ name: topic, partitions: 2, configs: { 'max.message.bytes': 1024 } }));
    expect(res.status).toBe(201);
    const ok = await signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ records: [{ value: 'first', partition: 0 }] }));
    expect(ok.status).toBe(200);
  });

  for (const c of CASES) {
    it(`answers ${c.name} with ${c.status} ${c.code} and changes nothing`, async () => {
      const before = await state();
      expectError(await c.send(), c.status, c.code);
      expect(await state()).toEqual(before);
    });
  }

  it('still accepts a good request afterwards', async () => {
    const res = await signedRequest('POST', `/v1/topics/${topic}/records`, jsonBody({ records: [{ value: 'second', partition: 0 }] }));
    expect(res.status).toBe(200);
    expect(res.json().partitions).toEqual([expect.objectContaining({ partition: 0, baseOffset: 1, recordCount: 1 })]);
  });
});
