/**
 * `sluice gateway`: the Kafka wire-protocol gateway in the foreground, over the deployment's
 * storage named by the environment (SLUICE_BUCKET, SLUICE_METADATA_TABLE, SLUICE_LOG_TABLE and
 * the endpoint variables, as the functions read them). It runs until Ctrl-C or SIGTERM.
 */
import { storageConfigFromEnv } from '../../shared/storage/config.ts';
import type { GatewayStartOptions, RunningGateway } from '../../gateway/start.ts';
import { UsageError, write, type Io } from '../io.ts';

export interface GatewayArgs {
  listen?: { host?: string; port: number };
  advertised?: { host?: string; port: number };
  autoCreateTopics?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  saslCredentials?: string;
  insecure?: boolean;
  env: Record<string, string | undefined>;
  /** Stops the gateway (Ctrl-C). */
  signal?: AbortSignal;
  /** Tests inject one that does not listen. */
  start?: (opts: GatewayStartOptions) => Promise<RunningGateway>;
}

export async function gateway(args: GatewayArgs, io: Io): Promise<number> {
  if (Boolean(args.tlsCert) !== Boolean(args.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together');
  let storage;
  try {
    storage = storageConfigFromEnv(args.env);
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)} (the gateway uses the same storage settings as the functions)`);
  }
  const start = args.start ?? (await import('../../gateway/start.ts')).startGateway;
  const host = args.listen?.host ?? '127.0.0.1';
  const gw = await start({
    host,
    port: args.listen?.port ?? 9092,
    ...(args.advertised?.host ? { advertisedHost: args.advertised.host } : {}),
    ...(args.advertised ? { advertisedPort: args.advertised.port } : {}),
    autoCreateTopics: args.autoCreateTopics ?? false,
    ...(args.tlsCert && args.tlsKey ? { tls: { certFile: args.tlsCert, keyFile: args.tlsKey } } : {}),
    ...(args.saslCredentials ? { sasl: { credentialsFile: args.saslCredentials } } : {}),
    insecure: args.insecure ?? false,
    storage,
    log: (m) => io.stderr.write(`gateway: ${m}\n`),
  });
  const security = [args.tlsCert ? 'TLS' : 'plaintext', args.saslCredentials ? 'SASL' : 'no authentication'].join(', ');
  await write(io.stdout, `Kafka gateway listening on ${gw.host}:${gw.port} (${security}); clients are told ${gw.advertisedHost}:${gw.advertisedPort}\n`);
  await stopped(args.signal);
  await gw.close();
  await write(io.stdout, 'Kafka gateway stopped\n');
  return 0;
}

/** Ctrl-C (the signal) or SIGTERM, as a service manager stops it. */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGTERM', done);
      resolve();
    };
    if (signal?.aborted) return done();
    signal?.addEventListener('abort', done, { once: true });
    process.once('SIGTERM', done);
  });
}
