/**
 * Loopback by default; TLS and SASL when exposed (shared/DESIGN.md, Kafka gateway). A gateway
 * that anyone on the network can reach reads and writes every topic, so listening beyond the
 * loopback interface without both is refused unless the operator says `insecure` explicitly.
 */
import { isIP } from 'node:net';

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./i.test(host);
  return false;
}

export function checkExposure(host: string, opts: { tls: boolean; sasl: boolean; insecure: boolean }): void {
  if (isLoopback(host) || opts.insecure || (opts.tls && opts.sasl)) return;
  const missing = [opts.tls ? undefined : 'TLS (a certificate and key)', opts.sasl ? undefined : 'SASL (a credentials file)'].filter(Boolean).join(' and ');
  throw new Error(
    `refusing to listen on ${host}: a Kafka listener beyond loopback needs ${missing}, ` +
      'or an explicit insecure flag (`sluice gateway --insecure`; only on a network you trust)',
  );
}
