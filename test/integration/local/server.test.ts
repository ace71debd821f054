import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/api/limits.ts';
import { localEndpoint } from '../../support/env.ts';
import { rawRequest } from '../../support/raw-http.ts';
import { signRequest, signedFetch } from '../../support/signed-fetch.ts';

async function errorOf(res: Response): Promise<{ status: number; code: string; retriable: boolean }> {
  const body = (await res.json()) as { error: { code: string; retriable: boolean; message: string } };
  expect(typeof body.error.message).toBe('string');
  return { status: res.status, code: body.error.code, retriable: body.error.retriable };
}

describe('the local server refuses', () => {
  it('an unsigned request with 401 MISSING_SIGNATURE', async () => {
    const res = await fetch(`${localEndpoint()}/v1/topics`);
    expect(await errorOf(res)).toEqual({ status: 401, code: 'MISSING_SIGNATURE', retriable: false });
  });

  it('a request signed with the wrong secret with 403 INVALID_SIGNATURE', async () => {
    const res = await signedFetch('/v1/topics', {
      credentials: { accessKeyId: 'AKIASLUICELOCAL00000', secretAccessKey: 'wrong/secret/000000000000000000000000000' },
    });
    expect(await errorOf(res)).toEqual({ status: 403, code: 'INVALID_SIGNATURE', retriable: false });
  });

  it('an unknown access key with 403 INVALID_SIGNATURE', async () => {
    const res = await signedFetch('/v1/topics', { credentials: { accessKeyId: 'AKIANOTKNOWN00000000', secretAccessKey: 'x' } });
    expect(await errorOf(res)).toEqual({ status: 403, code: 'INVALID_SIGNATURE', retriable: false });
  });

  it('a signed request whose body was changed on the way with 403 INVALID_SIGNATURE', async () => {
    const { url, init } = await signRequest('/v1/topics', {
      method: 'POST',
      body: '{"name":"a"}',
      headers: { 'content-type': 'application/json' },
    });
    const res = await fetch(url, { ...init, body: '{"name":"b"}' });
    expect(await errorOf(res)).toEqual({ status: 403, code: 'INVALID_SIGNATURE', retriable: false });
  });

  it('a request signed more than five minutes ago with 403 SIGNATURE_EXPIRED', async () => {
    const res = await signedFetch('/v1/topics', { signingDate: new Date(Date.now() - 10 * 60_000) });
    expect(await errorOf(res)).toEqual({ status: 403, code: 'SIGNATURE_EXPIRED', retriable: false });
  });

  it('an unknown path with 404 NOT_FOUND', async () => {
    const res = await signedFetch('/v1/nothing-here');
    expect(await errorOf(res)).toEqual({ status: 404, code: 'NOT_FOUND', retriable: false });
  });

  it('a known path with the wrong method with 405 METHOD_NOT_ALLOWED', async () => {
    const res = await signedFetch('/v1/topics', { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(await errorOf(res)).toEqual({ status: 405, code: 'METHOD_NOT_ALLOWED', retriable: false });
  });

  it('a path that is not valid percent-encoding with 400 INVALID_REQUEST', async () => {
    const { url, init } = await signRequest('/v1/topics/%E0%A4%A');
    const res = await rawRequest(url, { headers: init.headers as Record<string, string> });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).error.code).toBe('INVALID_REQUEST');
  });
});

describe('an oversize body', () => {
  const oversize = Buffer.alloc(LIMITS.maxRequestBytes + 1024 * 1024, 7);

  /**
   * Sends `head`, then `body`, then an unsigned GET on the same connection, over a raw socket:
   * Node's own HTTP client drops a socket whose response came before its request finished
   * sending, so it cannot show whether the server kept the connection usable.
   */
  async function oversizeThenGet(head: string, body: Buffer[]): Promise<{ statuses: number[]; received: string }> {
    const { hostname, port } = new URL(localEndpoint());
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(head);
    for (const part of body) await new Promise<void>((resolve) => socket.write(part, () => resolve()));
    socket.write(`GET /v1/topics HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
    await closed;
    return { statuses: [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1])), received };
  }

  it('gets 413 PAYLOAD_TOO_LARGE when its length is declared, and the connection serves the next request', async () => {
    const { statuses, received } = await oversizeThenGet(
      `POST /v1/topics/t/records HTTP/1.1\r\nHost: x\r\nContent-Length: ${oversize.length}\r\n\r\n`,
      [oversize],
    );
    expect(statuses).toEqual([413, 401]);
    expect(received).toContain('"code":"PAYLOAD_TOO_LARGE"');
  });

  it('gets 413 PAYLOAD_TOO_LARGE when it is streamed chunked, and the connection serves the next request', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const framed = Array.from({ length: 6 }, () => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
    const { statuses, received } = await oversizeThenGet(
      'POST /v1/topics/t/records HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
      [...framed, Buffer.from('0\r\n\r\n')],
    );
    expect(statuses).toEqual([413, 401]);
    expect(received).toContain('"code":"PAYLOAD_TOO_LARGE"');
  });
});
