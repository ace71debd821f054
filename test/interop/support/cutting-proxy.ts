/**
 * A TCP proxy in front of a gateway that loses chosen Produce answers: it forwards the request,
 * lets the gateway store the batch, then closes the client's connection instead of passing the
 * answer on. The client sees a dropped connection and sends the batch again, which is the retry an
 * idempotent producer must survive without a duplicate.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/** Api key of Produce: the requests whose answers are lost. */
const PRODUCE = 0;

/** Splits a byte stream into Kafka frames (int32 size + payload). */
class Frames {
  private buffered = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const out: Buffer[] = [];
    while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
      const end = 4 + this.buffered.readInt32BE(0);
      out.push(this.buffered.subarray(0, end));
      this.buffered = this.buffered.subarray(end);
    }
    return out;
  }
}

export class CuttingProxy {
  /** Produce answers lost so far. */
  cuts = 0;
  /** Produce answers the gateway sent so far, counted over all connections. */
  private answered = 0;
  private readonly open = new Set<Socket>();
  private target: { host: string; port: number } | undefined;

  private constructor(
    private readonly server: Server,
    /** Which Produce answers (1-based, counted over all connections) are lost. */
    private readonly doomed: ReadonlySet<number>,
  ) {}

  static async start(doomed: Iterable<number>): Promise<CuttingProxy> {
    const server = createServer();
    const proxy = new CuttingProxy(server, new Set(doomed));
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Where to forward: set once the gateway behind it listens (it advertises the proxy's port). */
  forwardTo(host: string, port: number): void {
    this.target = { host, port };
  }

  private accept(client: Socket): void {
    if (!this.target) return void client.destroy();
    const upstream = connect(this.target);
    this.open.add(client).add(upstream);
    const cut = (): void => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('error', cut);
      s.on('close', () => {
        this.open.delete(s);
        cut();
      });
    }
    // Counting answers, not requests: requests in flight on a cut connection never get one.
    const produceIds = new Set<number>();
    const requests = new Frames();
    client.on('data', (chunk: Buffer) => {
      for (const frame of requests.push(chunk)) {
        if (frame.readInt16BE(4) === PRODUCE) produceIds.add(frame.readInt32BE(8));
        upstream.write(frame);
      }
    });
    const answers = new Frames();
    upstream.on('data', (chunk: Buffer) => {
      for (const frame of answers.push(chunk)) {
        if (produceIds.delete(frame.readInt32BE(4))) {
          this.answered += 1;
          if (this.doomed.has(this.answered)) {
            this.cuts += 1;
            cut();
            return;
          }
        }
        client.write(frame);
      }
    });
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
