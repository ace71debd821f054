/**
 * Starts a Kafka gateway: the engine over the deployment's storage (configured from the
 * environment, as the functions are), every API handler, and a TCP or TLS listener.
 *
 * @example
 * const gw = await startGateway({ port: 0, storage: storageConfigFromEnv() });
 * // a Kafka client connects to `${gw.host}:${gw.port}`
 * await gw.close();
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { localEntryDeleteDelayMs } from '../functions/engine.ts';
import { createGroupCoordinator } from '../shared/groups/coordinator.ts';
import { createEngine, type Engine } from '../shared/log/engine.ts';
import { createStorage, storageConfigFromEnv, type StorageConfig } from '../shared/storage/index.ts';
import { clusterIdFor } from './cluster-id.ts';
import { checkExposure } from './exposure.ts';
import { allHandlers } from './handlers/index.ts';
import type { GatewayContext } from './handlers/types.ts';
import { createDispatcher } from './server/dispatch.ts';
import { listen } from './server/listener.ts';
import type { SaslSession } from './server/sasl-session.ts';

export interface GatewayStartOptions {
  /** Listen address; default 127.0.0.1:9092. Port 0 picks a free port. */
  host?: string;
  port?: number;
  /**
   * What Metadata tells clients to connect to; default the listen host (the machine's host name
   * for a wildcard address such as 0.0.0.0, which no client can connect to) and the actual port.
   */
  advertisedHost?: string;
  advertisedPort?: number;
  /** Metadata for an unknown topic creates it (Kafka's auto.create.topics.enable); default false. */
  autoCreateTopics?: boolean;
  /** Partitions of an auto-created topic; default 1, as for topics created without a count. */
  defaultPartitions?: number;
  /** Default: derived from the bucket name, the same for every gateway of a deployment. */
  clusterId?: string;
  nodeId?: number;
  /** PEM files: the listener speaks TLS. */
  tls?: { certFile: string; keyFile: string };
  /** A JSON credentials file (gateway/sasl/credentials.ts): clients must authenticate. */
  sasl?: { credentialsFile: string };
  /** Allow a non-loopback listener without TLS and SASL. */
  insecure?: boolean;
  /** Default: read from the environment, as the functions do. */
  storage?: StorageConfig;
  /** An engine over that storage, to share one with other edges in the same process. */
  engine?: Engine;
  /** Limits; defaults as Kafka's broker settings named beside them. */
  maxFrameBytes?: number; // socket.request.max.bytes: 100 MiB
  maxConnections?: number; // 1000
  maxInFlightPerConnection?: number; // 100
  memoryBudgetBytes?: number; // queued.max.request.bytes: 256 MiB here
  idleMs?: number; // connections.max.idle.ms: 10 minutes
  log?: (message: string) => void;
  now?: () => number;
}

export interface RunningGateway {
  host: string;
  port: number;
  advertisedHost: string;
  advertisedPort: number;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

export async function startGateway(opts: GatewayStartOptions = {}): Promise<RunningGateway> {
  const host = opts.host ?? '127.0.0.1';
  checkExposure(host, { tls: opts.tls !== undefined, sasl: opts.sasl !== undefined, insecure: opts.insecure ?? false });
  const log = opts.log ?? ((m: string) => console.error(`sluice gateway: ${m}`));
  const tls = opts.tls ? { cert: await readFile(opts.tls.certFile), key: await readFile(opts.tls.keyFile) } : undefined;
  const newSaslSession = opts.sasl ? await saslSessions(opts.sasl.credentialsFile) : undefined;

  const engine = opts.engine ?? buildEngine(opts.storage ?? storageConfigFromEnv());
  const bucket = opts.storage?.bucket ?? (opts.engine ? undefined : storageConfigFromEnv().bucket);
  const gateway: GatewayContext = {
    engine,
    storage: engine.storage,
    groups: createGroupCoordinator(engine, opts.now ? { now: opts.now } : {}),
    options: {
      nodeId: opts.nodeId ?? 1,
      // Filled in once the port is known (port 0).
      advertisedHost: opts.advertisedHost ?? (isWildcard(host) ? hostname() : host),
      advertisedPort: opts.advertisedPort ?? 0,
      clusterId: opts.clusterId ?? clusterIdFor(bucket ?? 'sluice'),
      autoCreateTopics: opts.autoCreateTopics ?? false,
      defaultPartitions: opts.defaultPartitions ?? 1,
    },
    now: opts.now ?? Date.now,
  };
  const handlers = allHandlers(gateway);
  const listener = await listen({
    host,
    port: opts.port ?? 9092,
    ...(tls ? { tls } : {}),
    maxConnections: opts.maxConnections ?? 1000,
    memoryBudgetBytes: opts.memoryBudgetBytes ?? 256 * MiB,
    limits: {
      maxFrameBytes: opts.maxFrameBytes ?? 100 * MiB,
      maxInFlight: opts.maxInFlightPerConnection ?? 100,
      idleMs: opts.idleMs ?? 10 * 60_000,
    },
    dispatch: createDispatcher(handlers, log),
    ...(newSaslSession ? { newSaslSession } : {}),
    log,
  });
  gateway.options.advertisedPort = opts.advertisedPort ?? listener.port;
  return {
    host: listener.host,
    port: listener.port,
    advertisedHost: gateway.options.advertisedHost,
    advertisedPort: gateway.options.advertisedPort,
    close: () => listener.close(),
  };
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '0:0:0:0:0:0:0:0';
}

function buildEngine(config: StorageConfig): Engine {
  const ms = localEntryDeleteDelayMs();
  return createEngine(createStorage(config), ms !== undefined ? { guessTrustMs: Math.floor(ms / 2) } : {});
}

/** Loaded only when SASL is on. */
async function saslSessions(credentialsFile: string): Promise<() => SaslSession> {
  const { loadCredentials } = await import('./sasl/credentials.ts');
  const { createSaslSession } = await import('./sasl/session.ts');
  const credentials = await loadCredentials(credentialsFile);
  return () => createSaslSession(credentials);
}
