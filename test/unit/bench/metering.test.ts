import { Readable } from 'node:stream';
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { attachMeter, estimateCapacity, itemSize } from '../../../shared/storage/metering.ts';

/** A client whose HTTP layer is a function: no network. It records what was sent. */
function fakeHandler(respond: (req: HttpRequest) => { status?: number; headers?: Record<string, string>; body?: string | Buffer }) {
  const sent: HttpRequest[] = [];
  return {
    sent,
    handler: {
      handle: async (req: HttpRequest) => {
        sent.push(req);
        const r = respond(req);
        const body = Buffer.from(r.body ?? '');
        const headers: Record<string, string> = { 'content-length': String(body.length), ...(r.headers ?? {}) };
        for (const k of Object.keys(headers)) if (headers[k] === undefined) delete headers[k];
        return {
          response: new HttpResponse({
            statusCode: r.status ?? 200,
            headers,
            body: Readable.from([body]),
          }),
        };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    },
  };
}

const text = (body: unknown): string => (typeof body === 'string' ? body : Buffer.from((body as Uint8Array).buffer, (body as Uint8Array).byteOffset, (body as Uint8Array).byteLength).toString('utf8'));
const common = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 };
const item = { pk: { S: 'topic#0' }, sk: { N: '42' }, k: { S: 'objects/2026-01-01/x' }, n: { N: '10' } };

function clients(ddbRespond: Parameters<typeof fakeHandler>[0], s3Respond: Parameters<typeof fakeHandler>[0] = () => ({})) {
  const ddb = fakeHandler(ddbRespond);
  const s3 = fakeHandler(s3Respond);
  return {
    ddbSent: ddb.sent,
    s3Sent: s3.sent,
    clients: {
      ddb: new DynamoDBClient({ ...common, endpoint: 'http://ddb.invalid', requestHandler: ddb.handler as never }),
      s3: new S3Client({
        ...common, endpoint: 'http://s3.invalid', forcePathStyle: true, requestHandler: s3.handler as never,
        requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    },
  };
}

describe('attachMeter', () => {
  it('asks DynamoDB for consumed capacity and counts reported units, calls and bytes', async () => {
    const { clients: c, ddbSent } = clients((req) => {
      const target = req.headers['x-amz-target'] ?? '';
      if (target.endsWith('PutItem')) return { body: JSON.stringify({ ConsumedCapacity: { TableName: 't', CapacityUnits: 1 } }) };
      return { body: JSON.stringify({ Items: [item], Count: 1, ConsumedCapacity: { TableName: 't', CapacityUnits: 0.5 } }) };
    });
    const meter = attachMeter(c);
    const input = { TableName: 't', Item: item };
    await c.ddb.send(new PutItemCommand(input));
    await c.ddb.send(new PutItemCommand(input));
    await c.ddb.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'x' } } }));
    // The engine's input object is not mutated; the request on the wire carries the flag.
    expect(input).not.toHaveProperty('ReturnConsumedCapacity');
    expect(JSON.parse(text(ddbSent[0]!.body)).ReturnConsumedCapacity).toBe('TOTAL');
    const snap = meter.snapshot();
    const put = snap.operations.find((o) => o.operation === 'PutItem')!;
    expect(put).toMatchObject({ service: 'DynamoDB', calls: 2, errors: 0, wru: 2, rru: 0, capacityReported: 2 });
    expect(put.requestBytes).toBe(ddbSent.slice(0, 2).reduce((n, r) => n + Buffer.byteLength(text(r.body)), 0));
    expect(put.responseBytes).toBeGreaterThan(0);
    expect(snap.operations.find((o) => o.operation === 'Query')).toMatchObject({ calls: 1, rru: 0.5, wru: 0 });
    expect(snap.dynamodb).toMatchObject({ calls: 3, wru: 2, rru: 0.5 });
    // A read that found nothing is billed its minimum even if the service reports 0 (DynamoDB Local does).
    meter.reset();
    expect(meter.snapshot().dynamodb.calls).toBe(0);
    meter.detach();
    await c.ddb.send(new PutItemCommand(input));
    expect(meter.snapshot().dynamodb.calls).toBe(0);
  });

  it('estimates units when the response has none, including a failed conditional write', async () => {
    const { clients: c } = clients((req) => {
      const target = req.headers['x-amz-target'] ?? '';
      if (target.endsWith('PutItem')) {
        return { status: 400, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'no' }) };
      }
      return { body: JSON.stringify({ Items: [item, item], Count: 2 }) };
    });
    const meter = attachMeter(c, { returnConsumedCapacity: false });
    await expect(c.ddb.send(new PutItemCommand({ TableName: 't', Item: { ...item, big: { S: 'x'.repeat(1500) } } }))).rejects.toThrow();
    await c.ddb.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'x' } }, ConsistentRead: true }));
    const snap = meter.snapshot();
    expect(snap.operations.find((o) => o.operation === 'PutItem')).toMatchObject({ calls: 1, errors: 1, wru: 2, capacityReported: 0 });
    expect(snap.operations.find((o) => o.operation === 'Query')).toMatchObject({ calls: 1, rru: 1 });
  });

  it('raises reported zero units to the minimum AWS bills, and counts chunked response bodies', async () => {
    const { clients: c } = clients(() => ({
      body: JSON.stringify({ Items: [], Count: 0, ConsumedCapacity: { TableName: 't', CapacityUnits: 0 } }),
      headers: { 'content-length': undefined as unknown as string },
    }));
    const meter = attachMeter(c);
    await c.ddb.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'x' } }, ConsistentRead: true }));
    await c.ddb.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'x' } } }));
    const q = meter.snapshot().operations.find((o) => o.operation === 'Query')!;
    expect(q).toMatchObject({ calls: 2, rru: 1.5, capacityReported: 2 });
    expect(q.responseBytes).toBe(2 * Buffer.byteLength(JSON.stringify({ Items: [], Count: 0, ConsumedCapacity: { TableName: 't', CapacityUnits: 0 } })));
  });

  it('counts S3 calls with body bytes both ways', async () => {
    const { clients: c } = clients(() => ({}), (req) => (req.method === 'GET' ? { status: 206, body: Buffer.alloc(300) } : { headers: { etag: '"x"' } }));
    const meter = attachMeter(c);
    await c.s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: Buffer.alloc(1000), ContentLength: 1000 }));
    const got = await c.s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k', Range: 'bytes=0-299' }));
    await got.Body!.transformToByteArray();
    const snap = meter.snapshot();
    expect(snap.operations.find((o) => o.operation === 'PutObject')).toMatchObject({ service: 'S3', calls: 1, requestBytes: 1000, responseBytes: 0 });
    expect(snap.operations.find((o) => o.operation === 'GetObject')).toMatchObject({ calls: 1, requestBytes: 0, responseBytes: 300 });
    expect(snap.s3.calls).toBe(2);
    expect(snap.dynamodb.calls).toBe(0);
  });
});

describe('DynamoDB capacity rules', () => {
  it('sizes items by names plus values', () => {
    expect(itemSize({ ab: { S: 'xyz' } })).toBe(5);
    expect(itemSize({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemSize({ b: { BOOL: true } })).toBe(2);
  });

  it('charges writes per KB and reads per 4 KB, halved when eventually consistent', () => {
    expect(estimateCapacity('PutItem', { Item: { a: { S: 'x'.repeat(1023) } } }).wru).toBe(1);
    expect(estimateCapacity('PutItem', { Item: { a: { S: 'x'.repeat(1024) } } }).wru).toBe(2);
    const items = Array.from({ length: 30 }, () => ({ a: { S: 'x'.repeat(199) } })); // 6,000 B
    expect(estimateCapacity('Query', { ConsistentRead: true }, { Items: items }).rru).toBe(2);
    expect(estimateCapacity('Query', {}, { Items: items }).rru).toBe(1);
    expect(estimateCapacity('Query', { ConsistentRead: true }, { Items: [] }).rru).toBe(1);
    expect(estimateCapacity('TransactWriteItems', { TransactItems: [{ Put: { Item: { a: { S: 'x' } } } }, { Update: { Key: { a: { S: 'y' } } } }] }).wru).toBe(4);
  });
});
