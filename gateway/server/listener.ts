/**
 * The TCP (or TLS) listener: accepts connections up to a limit, refusing past it, and hands each
 * to a Connection. Nothing a client sends or does to its socket can throw out of here: socket
 * errors and failed TLS handshakes end that one connection.
 */
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { MemoryBudget } from './budget.ts';
import { Connection, type ConnectionLimits } from './connection.ts';
import type { Dispatch } from './dispatch.ts';
import type { SaslSession } from './sasl-session.ts';

export interface ListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** PEM certificate and key: the listener speaks TLS. */
  tls?: { cert: Buffer | string; key: Buffer | string };
  maxConnections: number;
  /** Request bytes held in memory across all connections before reading pauses. */
  memoryBudgetBytes: number;
  limits: ConnectionLimits;
  dispatch: Dispatch;
  /** A SASL session per connection when the listener requires authentication. */
  newSaslSession?: () => SaslSession;
  log: (message: string) => void;
}

export interface Listener {
  host: string;
  port: number;
  /** Open connections, for tests and diagnostics. */
  connectionCount(): number;
  close(): Promise<void>;
}

export async function listen(opts: ListenerOptions): Promise<Listener> {
  const budget = new MemoryBudget(opts.memoryBudgetBytes);
  const open = new Set<Connection>();

  const accept = (socket: Socket): void => {
    socket.on('error', () => socket.destroy());
    if (open.size >= opts.maxConnections) {
      opts.log(`refused a connection from ${socket.remoteAddress ?? '?'}: ${open.size} connections open`);
      socket.destroy();
      return;
    }
    const conn: Connection = new Connection(socket, {
      dispatch: opts.dispatch,
      budget,
      limits: opts.limits,
      ...(opts.newSaslSession ? { sasl: opts.newSaslSession() } : {}),
      log: opts.log,
      onClose: () => open.delete(conn),
    });
    open.add(conn);
  };

  let server: Server;
  if (opts.tls) {
    const tls = createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, accept);
    // A failed handshake (a plaintext client, a bad certificate) ends that socket only.
    tls.on('tlsClientError', (_err, socket) => socket.destroy());
    server = tls;
  } else {
    server = createTcpServer(accept);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => opts.log(`listener error: ${err.message}`));
  const address = server.address() as AddressInfo;

  return {
    host: opts.host,
    port: address.port,
    connectionCount: () => open.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of [...open]) c.close('gateway stopping', true);
      }),
  };
}
