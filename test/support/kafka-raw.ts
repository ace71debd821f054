// A bare Kafka connection for gateway tests: send frames, read size-prefixed replies, see the
// connection close. No client library in between, so tests control every byte.
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Message } from '../../gateway/handlers/types.ts';
import { decodeResponseFrame, encodeRequestFrame } from '../../gateway/protocol/frames.ts';
import type { MessageSchema } from '../../gateway/protocol/schema.ts';

export class RawKafka {
  private buffered = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private ended = false;
  private correlation = 0;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.notify();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  static async connect(host: string, port: number, opts: { tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean } } = {}): Promise<RawKafka> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = opts.tls
        ? tlsConnect({ host, port, servername: 'localhost', ...opts.tls }, () => resolve(s))
        : connect({ host, port }, () => resolve(s));
      s.once('error', reject);
    });
    return new RawKafka(socket);
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next reply's payload (without the size), or undefined if the gateway closed first. */
  async readFrame(timeoutMs = 5_000): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length >= 4 + size) {
          const frame = this.buffered.subarray(4, 4 + size);
          this.buffered = this.buffered.subarray(4 + size);
          return frame;
        }
      }
      if (this.ended) return undefined;
      if (Date.now() > deadline) throw new Error('no reply from the gateway in time');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends one request and decodes its reply. */
  async request(schema: MessageSchema, version: number, body: Message): Promise<{ correlationId: number; body: Message }> {
    const id = ++this.correlation;
    this.write(encodeRequestFrame(schema, version, id, body));
    const payload = await this.readFrame();
    if (!payload) throw new Error(`the gateway closed the connection instead of answering ${schema.name} v${version}`);
    const reply = decodeResponseFrame(schema, version, payload);
    if (reply.correlationId !== id) throw new Error(`correlation id ${reply.correlationId}, expected ${id}`);
    return reply;
  }

  /** Resolves true once the gateway has closed the connection (false after the timeout). */
  async closedByPeer(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.ended;
  }

  close(): void {
    this.socket.destroy();
  }
}
