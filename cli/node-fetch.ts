/**
 * The SDK's HTTP seam (`FetchLike`) on node:http and node:https, for the command. The global
 * `fetch` of Node.js loads and compiles its bundled undici on first use, which costs a short-lived
 * command more CPU (~100 ms here) than the request itself. This answers only what the SDK reads
 * of a Response: `status`, `headers.get` and `arrayBuffer`. Failures look like fetch's (a
 * TypeError whose `cause` has the system code), so the SDK classifies them the same way.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchLike } from '../sdk/index.ts';

function headerGetter(res: IncomingMessage) {
  return {
    get(name: string): string | null {
      const v = res.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

export const nodeFetch: FetchLike = (input, init) =>
  new Promise((resolve, reject) => {
    const url = new URL(input);
    const signal = init.signal ?? undefined;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const fail = (e: unknown) => reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: e }));
    const req = send(url, { method: init.method ?? 'GET', headers: init.headers as Record<string, string>, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const response = {
          status: res.statusCode ?? 0,
          headers: headerGetter(res),
          arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength),
        };
        resolve(response as unknown as Response);
      });
    });
    req.on('error', fail);
    const body = init.body;
    if (body instanceof Uint8Array) req.end(body);
    else if (typeof body === 'string') req.end(body);
    else req.end();
  });
