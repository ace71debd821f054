/**
 * The Kafka gateway benchmark's stack: the local stack (DynamoDB Local, s3rver and the local HTTP
 * server with the real handlers, as `npm start` runs them) and a gateway in this process over the
 * same bucket and tables, on an engine of its own whose storage is metered:
 *
 *   - the data path (topics, index, log starts, objects, producers) on one pair of AWS clients,
 *     the group coordinator on another, each with the request meter (shared/storage/metering.ts),
 *     so that a consumer's fetches and tail-watcher polls are counted apart from its heartbeats;
 *   - the index adapter's methods counted by name, to tell the watcher's high-watermark reads
 *     (`latest`) from a fetch's forward reads.
 *
 * The SDK's path is metered on the handlers' warm engine, as in bench/e2e.ts.
 */
import { startGateway } from '../gateway/start.ts';
import type { BatchIndex, Storage } from '../shared/log/ports.ts';
import { createEngine } from '../shared/log/engine.ts';
import { createClients, createStorage, type StorageConfig } from '../shared/storage/index.ts';
import { attachMeter, type Meter } from '../shared/storage/metering.ts';
import { engineClients } from './e2e.ts';

export interface GatewayStack {
  /** The local server's URL and the credentials its requests are signed with. */
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  storage: StorageConfig;
  /** `host:port` of the gateway. */
  bootstrap: string;
  /** The gateway's data path and group coordination, metered apart. */
  gatewayData: Meter;
  gatewayGroups: Meter;
  /** Calls of the gateway's index adapter, by method. */
  indexCalls: CallCounts;
  /** The local server's handlers (the SDK's path); null when their clients cannot be reached. */
  http: Meter | null;
  stop(): Promise<void>;
}

export class CallCounts {
  private counts = new Map<string, number>();
  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }
  reset(): void {
    this.counts.clear();
  }
}

/** The index adapter, each method call counted; the adapter itself is untouched (its `this` stays the adapter). */
function countedIndex(index: BatchIndex, counts: CallCounts): BatchIndex {
  return new Proxy(index, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        counts.add(prop);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export async function startGatewayStack(): Promise<GatewayStack> {
  const { startLocalStackServices } = await import('../local/stack.ts');
  const { DEFAULT_LOCAL_CREDENTIALS } = await import('../local/credentials.ts');
  const suffix = Date.now().toString(36);
  const stack = await startLocalStackServices({
    names: { bucket: `sluice-gwbench-${suffix}`, metadataTable: `sluice-gwbench-meta-${suffix}`, logTable: `sluice-gwbench-log-${suffix}` },
    region: 'us-east-1',
    credentials: { ...DEFAULT_LOCAL_CREDENTIALS },
    port: 0,
    log: () => undefined,
  });
  try {
    const dataClients = createClients(stack.storage);
    const groupClients = createClients(stack.storage);
    const data = createStorage(stack.storage, dataClients);
    const indexCalls = new CallCounts();
    const storage: Storage = { ...data, index: countedIndex(data.index, indexCalls), groups: createStorage(stack.storage, groupClients).groups };
    const gatewayData = attachMeter(dataClients);
    const gatewayGroups = attachMeter(groupClients);
    const gw = await startGateway({ port: 0, engine: createEngine(storage), autoCreateTopics: false, log: () => undefined });
    // The handlers' engine is built on the first request; a topic list makes it.
    const { Http } = await import('./e2e-http.ts');
    await new Http(stack.url, stack.credentials).json('GET', '/v1/topics');
    const clients = await engineClients();
    return {
      url: stack.url,
      credentials: stack.credentials,
      storage: stack.storage,
      bootstrap: `${gw.host}:${gw.port}`,
      gatewayData,
      gatewayGroups,
      indexCalls,
      http: clients ? attachMeter(clients) : null,
      stop: async () => {
        await gw.close().catch(() => undefined);
        await stack.stop();
      },
    };
  } catch (e) {
    await stack.stop();
    throw e;
  }
}
