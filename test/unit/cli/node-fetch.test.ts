import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch } from '../../../cli/node-fetch.ts';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
      res.setHeader('x-sluice-next-offset', '42');
      res.statusCode = req.method === 'POST' ? 201 : 200;
      res.end(JSON.stringify({ method: req.method, length: req.headers['content-length'] ?? null, sig: req.headers['x-amz-date'] ?? null, body: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the command\'s HTTP seam on node:http', () => {
  it('answers status, headers and body as fetch does, and sends the body with its length', async () => {
    const res = await nodeFetch(`${base}/v1/x`, { method: 'POST', headers: { 'x-amz-date': '20260101T000000Z' }, body: Buffer.from('hello') });
    expect(res.status).toBe(201);
    expect(res.headers.get('X-Sluice-Next-Offset')).toBe('42');
    expect(res.headers.get('x-missing')).toBeNull();
    expect(JSON.parse(Buffer.from(await res.arrayBuffer()).toString())).toEqual({ method: 'POST', length: '5', sig: '20260101T000000Z', body: 'hello' });
  });

  it('fails like fetch on a refused connection: a TypeError whose cause has the system code', async () => {
    const e = await nodeFetch('http://127.0.0.1:9/', { method: 'GET' }).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(TypeError);
    expect((e as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('rejects with the abort reason when its signal fires', async () => {
    const abort = new AbortController();
    const pending = nodeFetch(`${base}/slow`, { method: 'GET', signal: abort.signal });
    const reason = new Error('stop');
    setTimeout(() => abort.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });
});
