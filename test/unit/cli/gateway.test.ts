import { describe, expect, it } from 'vitest';
import type { GatewayStartOptions } from '../../../gateway/start.ts';
import { gateway } from '../../../cli/commands/gateway.ts';
import { run } from '../../../cli/program.ts';
import { memoryIo } from './memory-io.ts';

const storageEnv = { SLUICE_BUCKET: 'b', SLUICE_METADATA_TABLE: 'm', SLUICE_LOG_TABLE: 'l' };

/** Runs the command with a stand-in gateway, stopped at once, and returns what it was started with. */
async function started(args: Partial<Parameters<typeof gateway>[0]>, env: Record<string, string> = storageEnv) {
  const m = memoryIo();
  const seen: GatewayStartOptions[] = [];
  const stop = new AbortController();
  stop.abort();
  const code = await gateway(
    {
      env,
      signal: stop.signal,
      start: async (opts) => {
        seen.push(opts);
        return { host: opts.host!, port: opts.port || 40000, advertisedHost: opts.advertisedHost ?? opts.host!, advertisedPort: opts.advertisedPort ?? 40000, close: async () => undefined };
      },
      ...args,
    },
    m.io,
  );
  return { code, opts: seen[0]!, stdout: m.stdout() };
}

describe('sluice gateway', () => {
  it('listens on 127.0.0.1:9092 by default over the storage the environment names, and stops on Ctrl-C', async () => {
    const { code, opts, stdout } = await started({});
    expect(code).toBe(0);
    expect(opts).toMatchObject({ host: '127.0.0.1', port: 9092, autoCreateTopics: false, insecure: false, storage: { bucket: 'b', metadataTable: 'm', logTable: 'l' } });
    expect(opts.tls).toBeUndefined();
    expect(stdout).toMatch(/listening on 127\.0\.0\.1:9092 \(plaintext, no authentication\)/);
    expect(stdout).toMatch(/stopped/);
  });

  it('passes listen, advertised, TLS, SASL and the flags through', async () => {
    const { opts } = await started({
      listen: { host: '0.0.0.0', port: 19092 },
      advertised: { host: 'kafka.example.com', port: 9094 },
      autoCreateTopics: true,
      tlsCert: 'c.pem',
      tlsKey: 'k.pem',
      saslCredentials: 'users.json',
    });
    expect(opts).toMatchObject({
      host: '0.0.0.0',
      port: 19092,
      advertisedHost: 'kafka.example.com',
      advertisedPort: 9094,
      autoCreateTopics: true,
      tls: { certFile: 'c.pem', keyFile: 'k.pem' },
      sasl: { credentialsFile: 'users.json' },
    });
  });

  it('refuses a certificate without its key, and a missing storage configuration, as usage errors', async () => {
    const m = memoryIo();
    expect(await run(['gateway', '--tls-cert', 'c.pem'], m.io, { env: storageEnv })).toBe(2);
    expect(m.stderr()).toMatch(/--tls-cert and --tls-key go together/);
    const n = memoryIo();
    expect(await run(['gateway'], n.io, { env: {} })).toBe(2);
    expect(n.stderr()).toMatch(/SLUICE_BUCKET/);
  });

  it('refuses a listen address that is not host:port', async () => {
    const m = memoryIo();
    expect(await run(['gateway', '--listen', 'localhost'], m.io, { env: storageEnv })).toBe(2);
    expect(m.stderr()).toMatch(/--listen must be host:port/);
  });
});
