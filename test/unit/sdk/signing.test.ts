import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../../sdk/index.ts';

interface Captured { method: string; url: URL; headers: Record<string, string>; body: Buffer }

/** A fake HTTP transport that records what the client sends and answers like the service. */
function capturingFetch(captured: Captured[]) {
  return async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = init.body ? Buffer.from(init.body as Uint8Array) : Buffer.alloc(0);
    captured.push({ method: init.method ?? 'GET', url, headers, body });
    if (url.pathname === '/v1/endpoints') {
      const base = `${url.protocol}//${url.host}`;
      return Response.json({ admin: base, produce: base, fetch: base });
    }
    return Response.json({ name: 'orders', id: 'x', partitions: 1, configs: {}, createdAt: 0, partitionInfo: [] }, { status: 201 });
  };
}

/** Recomputes the signature the way a verifier (Lambda's Function URL front door, or the local server) does. */
async function verify(req: Captured, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region: string) {
  const amzDate = req.headers['x-amz-date']!;
  const signingDate = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const { authorization, ...rest } = req.headers;
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization!)![1]!.split(';');
  const headers: Record<string, string> = { host: req.url.host };
  for (const h of signedHeaders) if (h !== 'host') headers[h] = rest[h]!;
  const signer = new SignatureV4({ service: 'lambda', region, credentials, sha256: Hash.bind(null, 'sha256') });
  const query: Record<string, string> = Object.fromEntries(req.url.searchParams);
  const expected = await signer.sign(new HttpRequest({
    method: req.method, protocol: req.url.protocol, hostname: req.url.hostname, port: req.url.port ? Number(req.url.port) : undefined,
    path: req.url.pathname, query, headers, body: req.body.length ? req.body : undefined,
  }), { signingDate });
  return { expected: expected.headers.authorization, actual: authorization };
}

describe('request signing', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

  it('signs every request with SigV4 for service lambda, verifiable by recomputation', async () => {
    const captured: Captured[] = [];
    const client = createClient({ endpoint: 'http://localhost:4600/', region: 'eu-west-1', credentials, fetch: capturingFetch(captured) });
    await client.admin().createTopic({ topic: 'orders', numPartitions: 3, configs: { 'retention.ms': '1000' } });

    expect(captured.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(['GET /v1/endpoints', 'POST /v1/topics']);
    for (const req of captured) {
      expect(req.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/lambda\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
      expect(req.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(req.body).digest('hex'));
      const { expected, actual } = await verify(req, credentials, 'eu-west-1');
      expect(actual).toBe(expected);
    }
    expect(JSON.parse(captured[1]!.body.toString())).toEqual({ name: 'orders', partitions: 3, configs: { 'retention.ms': '1000' } });
  });

  it('signs the query string and the body hash, so a changed query or body no longer verifies', async () => {
    const captured: Captured[] = [];
    const client = createClient({ endpoint: 'http://127.0.0.1:9/', region: 'us-east-1', credentials, fetch: capturingFetch(captured), endpoints: { admin: 'http://127.0.0.1:9', produce: 'http://127.0.0.1:9', fetch: 'http://127.0.0.1:9' } });
    await client.admin().listOffsets('orders', 1700000000000, 2).catch(() => {});
    const req = captured[0]!;
    expect(req.url.search).toBe('?at=timestamp&timestamp=1700000000000&partition=2');
    expect((await verify(req, credentials, 'us-east-1')).actual).toBe((await verify(req, credentials, 'us-east-1')).expected);
    const tampered = { ...req, url: new URL(req.url.toString().replace('partition=2', 'partition=3')) };
    const { expected, actual } = await verify(tampered, credentials, 'us-east-1');
    expect(actual).not.toBe(expected);
  });

  it('includes the session token of temporary credentials and resolves a credential provider per request', async () => {
    const captured: Captured[] = [];
    let calls = 0;
    const provider = async () => {
      calls++;
      return { ...credentials, sessionToken: 'TOKEN123' };
    };
    const client = createClient({ endpoint: 'http://localhost:4600', region: 'us-east-1', credentials: provider, fetch: capturingFetch(captured) });
    await client.admin().describeTopic('orders');
    expect(calls).toBeGreaterThanOrEqual(1);
    for (const req of captured) {
      expect(req.headers['x-amz-security-token']).toBe('TOKEN123');
      const { expected, actual } = await verify(req, { ...credentials, sessionToken: 'TOKEN123' }, 'us-east-1');
      expect(actual).toBe(expected);
    }
  });

  it('takes the region from AWS_REGION when none is given', async () => {
    const captured: Captured[] = [];
    const previous = process.env.AWS_REGION;
    process.env.AWS_REGION = 'ap-southeast-2';
    try {
      const client = createClient({ endpoint: 'http://localhost:4600', credentials, fetch: capturingFetch(captured) });
      await client.admin().describeTopic('orders');
    } finally {
      if (previous === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = previous;
    }
    expect(captured[0]!.headers.authorization).toContain('/ap-southeast-2/lambda/aws4_request');
  });
});
