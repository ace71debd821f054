import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port. Another process may take it before the caller binds it, so
 * callers that spawn a server on it retry with a fresh port when the bind fails.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}
