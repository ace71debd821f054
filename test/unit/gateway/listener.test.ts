// The server's mechanics over loopback sockets, with stand-in handlers: ordering, limits,
// NO_RESPONSE, failing handlers and the close signal. No storage is involved.
import { afterEach, describe, expect, it } from 'vitest';
import { apiVersionsResponse } from '../../../gateway/handlers/api-versions.ts';
import { NO_RESPONSE, type ApiHandler } from '../../../gateway/handlers/types.ts';
import { ApiVersions } from '../../../gateway/messages/api-versions.ts';
import { decodeResponseFrame, encodeRequestFrame } from '../../../gateway/protocol/frames.ts';
import { field, range, type MessageSchema } from '../../../gateway/protocol/schema.ts';
import { createDispatcher } from '../../../gateway/server/dispatch.ts';
import { listen, type Listener, type ListenerOptions } from '../../../gateway/server/listener.ts';
import { RawKafka } from '../../support/kafka-raw.ts';

const Echo: MessageSchema = {
  apiKey: 1000,
  name: 'Echo',
  versions: range('0-0'),
  request: [field('value', 'int32', '0+'), field('delayMs', 'int32', '0+'), field('mode', 'string', '0+')],
  response: [field('value', 'int32', '0+')],
};

const aborted: number[] = [];
const echo: ApiHandler = {
  schema: Echo,
  async handle(req, ctx) {
    if (req.mode === 'throw') throw new Error('boom');
    if (req.mode === 'silent') return NO_RESPONSE;
    if (req.mode === 'wait-for-close') {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
      aborted.push(req.value);
      return { value: req.value };
    }
    await new Promise((r) => setTimeout(r, req.delayMs));
    return { value: req.value };
  },
};

const handlers: ApiHandler[] = [echo, { schema: ApiVersions, handle: async () => apiVersionsResponse(handlers) }];
const logs: string[] = [];
let listener: Listener | undefined;

async function start(overrides: Partial<ListenerOptions> = {}): Promise<Listener> {
  listener = await listen({
    host: '127.0.0.1',
    port: 0,
    maxConnections: 10,
    memoryBudgetBytes: 1024 * 1024,
    limits: { maxFrameBytes: 1024, maxInFlight: 100, idleMs: 0 },
    dispatch: createDispatcher(handlers, (m) => logs.push(m)),
    log: (m) => logs.push(m),
    ...overrides,
  });
  return listener;
}

afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

const request = (value: number, delayMs = 0, mode = ''): Buffer => encodeRequestFrame(Echo, 0, value, { value, delayMs, mode });

async function answers(conn: RawKafka, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const frame = await conn.readFrame();
    if (!frame) break;
    out.push(decodeResponseFrame(Echo, 0, frame).body.value);
  }
  return out;
}

describe('the listener', () => {
  it('answers pipelined requests in the order they were sent, whatever each takes', async () => {
    const l = await start();
    const conn = await RawKafka.connect(l.host, l.port);
    const delays = [30, 0, 20, 5, 0, 10];
    conn.write(Buffer.concat(delays.map((d, i) => request(i, d))));
    expect(await answers(conn, delays.length)).toEqual([0, 1, 2, 3, 4, 5]);
    conn.close();
  });

  it('keeps going past the in-flight limit and a small memory budget, by pausing reads', async () => {
    const l = await start({ limits: { maxFrameBytes: 1024, maxInFlight: 2, idleMs: 0 }, memoryBudgetBytes: 64 });
    const conns = await Promise.all([1, 2, 3].map(() => RawKafka.connect(l.host, l.port)));
    for (const c of conns) c.write(Buffer.concat(Array.from({ length: 200 }, (_, i) => request(i))));
    for (const c of conns) expect(await answers(c, 200)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    for (const c of conns) c.close();
  });

  it('writes nothing for NO_RESPONSE and answers the next request', async () => {
    const l = await start();
    const conn = await RawKafka.connect(l.host, l.port);
    conn.write(Buffer.concat([request(1, 0, 'silent'), request(2)]));
    expect(await answers(conn, 1)).toEqual([2]);
    conn.close();
  });

  it('closes the connection when a handler throws, logs it, and serves other connections', async () => {
    const l = await start();
    const bad = await RawKafka.connect(l.host, l.port);
    const good = await RawKafka.connect(l.host, l.port);
    bad.write(request(1, 0, 'throw'));
    expect(await bad.closedByPeer()).toBe(true);
    expect(logs.some((m) => m.includes('boom'))).toBe(true);
    good.write(request(5));
    expect(await answers(good, 1)).toEqual([5]);
    good.close();
  });

  it('aborts the signal of a request in progress when the client goes away', async () => {
    const l = await start();
    const conn = await RawKafka.connect(l.host, l.port);
    conn.write(request(42, 0, 'wait-for-close'));
    await new Promise((r) => setTimeout(r, 50));
    conn.close();
    for (let i = 0; i < 50 && !aborted.includes(42); i++) await new Promise((r) => setTimeout(r, 10));
    expect(aborted).toContain(42);
  });

  it('refuses connections past the limit', async () => {
    const l = await start({ maxConnections: 2 });
    const kept = await Promise.all([1, 2].map(() => RawKafka.connect(l.host, l.port)));
    const refused = await RawKafka.connect(l.host, l.port);
    expect(await refused.closedByPeer()).toBe(true);
    expect(l.connectionCount()).toBe(2);
    kept[0]!.write(request(9));
    expect(await answers(kept[0]!, 1)).toEqual([9]);
    for (const c of kept) c.close();
  });

  it('closes on an unknown api key and a version it does not serve, and logs why', async () => {
    const l = await start();
    for (const [key, version, expected] of [[4242, 0, 'unknown api key 4242'], [1000, 7, 'Echo v7 is not supported']] as const) {
      const conn = await RawKafka.connect(l.host, l.port);
      const payload = Buffer.alloc(10);
      payload.writeInt16BE(key, 0);
      payload.writeInt16BE(version, 2);
      payload.writeInt32BE(1, 4);
      payload.writeInt16BE(-1, 8);
      const frame = Buffer.alloc(14);
      frame.writeInt32BE(10, 0);
      payload.copy(frame, 4);
      conn.write(frame);
      expect(await conn.closedByPeer()).toBe(true);
      expect(logs.some((m) => m.includes(expected))).toBe(true);
    }
  });

  it('closes a connection idle for longer than the idle limit', async () => {
    const l = await start({ limits: { maxFrameBytes: 1024, maxInFlight: 100, idleMs: 100 } });
    const conn = await RawKafka.connect(l.host, l.port);
    conn.write(request(1));
    expect(await answers(conn, 1)).toEqual([1]);
    expect(await conn.closedByPeer(2_000)).toBe(true);
  });

  it('closes on a frame above the maximum size, before reading it', async () => {
    const l = await start();
    const conn = await RawKafka.connect(l.host, l.port);
    const head = Buffer.alloc(4);
    head.writeInt32BE(1025, 0);
    conn.write(head);
    expect(await conn.closedByPeer()).toBe(true);
  });
});
