import { describe, expect, it } from 'vitest';
import { checkExposure, isLoopback } from '../../../gateway/exposure.ts';
import { startGateway } from '../../../gateway/start.ts';

describe('listener exposure', () => {
  it('treats 127.0.0.0/8, ::1 and localhost as loopback, and nothing else', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'example.com', '']) expect(isLoopback(h)).toBe(false);
  });

  it('refuses a non-loopback listener without both TLS and SASL, unless insecure is explicit', () => {
    expect(() => checkExposure('0.0.0.0', { tls: false, sasl: false, insecure: false })).toThrow(/needs TLS .* and SASL/);
    expect(() => checkExposure('0.0.0.0', { tls: true, sasl: false, insecure: false })).toThrow(/needs SASL/);
    expect(() => checkExposure('10.0.0.1', { tls: false, sasl: true, insecure: false })).toThrow(/needs TLS/);
    expect(() => checkExposure('0.0.0.0', { tls: true, sasl: true, insecure: false })).not.toThrow();
    expect(() => checkExposure('0.0.0.0', { tls: false, sasl: false, insecure: true })).not.toThrow();
    expect(() => checkExposure('127.0.0.1', { tls: false, sasl: false, insecure: false })).not.toThrow();
  });

  it('makes startGateway fail before it touches storage or opens a port', async () => {
    await expect(startGateway({ host: '0.0.0.0', port: 0, storage: { bucket: 'b', metadataTable: 'm', logTable: 'l', region: 'us-east-1' } })).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0/,
    );
  });
});
