/**
 * The SCRAM key derivation of RFC 5802 section 3, for SHA-256 (RFC 7677) and SHA-512:
 *   SaltedPassword = PBKDF2(password, salt, i);  ClientKey = HMAC(SaltedPassword, "Client Key")
 *   StoredKey = H(ClientKey);  ServerKey = HMAC(SaltedPassword, "Server Key")
 */
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';

export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type ScramMechanism = (typeof SCRAM_MECHANISMS)[number];

export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

export function hashOf(mechanism: ScramMechanism): { name: 'sha256' | 'sha512'; bytes: number } {
  return mechanism === 'SCRAM-SHA-256' ? { name: 'sha256', bytes: 32 } : { name: 'sha512', bytes: 64 };
}

export function hmac(mechanism: ScramMechanism, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(hashOf(mechanism).name, key).update(data).digest();
}

export function hash(mechanism: ScramMechanism, data: Buffer): Buffer {
  return createHash(hashOf(mechanism).name).update(data).digest();
}

export function saltedPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  const { name, bytes } = hashOf(mechanism);
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, bytes, name);
}

export function scramKeys(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): ScramCredential {
  const salted = saltedPassword(mechanism, password, salt, iterations);
  return {
    salt,
    iterations,
    storedKey: hash(mechanism, hmac(mechanism, salted, 'Client Key')),
    serverKey: hmac(mechanism, salted, 'Server Key'),
  };
}
