/**
 * A second gateway over the test stack's storage, reached through a {@link CuttingProxy}: it
 * advertises the proxy's port, so the client's every connection (bootstrap and broker) passes
 * through the proxy and loses the chosen Produce answers.
 */
import { startGateway } from '../../../gateway/start.ts';
import { storageConfig } from '../../support/env.ts';
import { CuttingProxy } from './cutting-proxy.ts';

export async function withLostProduceAnswers<T>(doomed: number[], run: (bootstrap: string, proxy: CuttingProxy) => Promise<T>): Promise<T> {
  const proxy = await CuttingProxy.start(doomed);
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    advertisedHost: '127.0.0.1',
    advertisedPort: proxy.port,
    storage: storageConfig(),
    log: () => undefined,
  });
  proxy.forwardTo(gateway.host, gateway.port);
  try {
    return await run(`127.0.0.1:${proxy.port}`, proxy);
  } finally {
    await gateway.close();
    await proxy.close();
  }
}
