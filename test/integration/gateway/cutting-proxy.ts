// A TCP proxy between a Kafka client and the gateway that can lose one answer: it forwards the
// first request of a chosen API, then closes the client's connection before the answer reaches it,
// as a network failure after the broker committed would. The client retries the same request.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface CuttingProxy {
  port: number;
  /** Requests of this API key forwarded so far. */
  seen(apiKey: number): number;
  /** The next request of this API key is forwarded, and its answer lost with the connection. */
  cutAfter(apiKey: number): void;
  close(): Promise<void>;
}

export async function startCuttingProxy(target: { host: string; port: number }): Promise<CuttingProxy> {
  const counts = new Map<number, number>();
  let cut: number | undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    let dropAnswers = false;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 6 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        const frame = pending.subarray(0, 4 + size);
        pending = pending.subarray(4 + size);
        const apiKey = frame.readInt16BE(4);
        counts.set(apiKey, (counts.get(apiKey) ?? 0) + 1);
        upstream.write(frame);
        if (cut === apiKey) {
          cut = undefined;
          dropAnswers = true;
        }
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (dropAnswers) {
        // The request was processed; its answer is lost.
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    seen: (apiKey) => counts.get(apiKey) ?? 0,
    cutAfter: (apiKey) => {
      cut = apiKey;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
