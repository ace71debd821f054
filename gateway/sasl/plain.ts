/**
 * SASL PLAIN (RFC 4616): one message, `[authzid] NUL authcid NUL passwd`. As in Kafka, an
 * authorization id, when given, must be the authenticated user.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Credentials } from './credentials.ts';
import { AuthenticationFailed, INVALID_CREDENTIALS, type SaslExchange } from './exchange.ts';
import { SCRAM_MECHANISMS, hash, hmac, saltedPassword } from './scram-crypto.ts';

export function createPlainExchange(credentials: Credentials): SaslExchange {
  let user: string | undefined;
  let used = false;
  return {
    principal: () => user,
    step(token) {
      if (used) throw new AuthenticationFailed('PLAIN takes a single message');
      used = true;
      const parts = token.toString('utf8').split('\u0000');
      if (parts.length !== 3) throw new AuthenticationFailed('Authentication failed: malformed PLAIN message');
      const [authzid, name, password] = parts as [string, string, string];
      if (authzid !== '' && authzid !== name) throw new AuthenticationFailed('Authentication failed: authorization id must be the user name');
      if (!checkPassword(credentials, name, password)) throw new AuthenticationFailed(INVALID_CREDENTIALS);
      user = name;
      return { challenge: Buffer.alloc(0), done: true };
    },
  };
}

/** Compares digests, so the time taken says nothing about the stored password. */
function checkPassword(credentials: Credentials, name: string, password: string): boolean {
  const entry = credentials.get(name);
  if (!entry || password === '') return false;
  if (entry.password) return sameBytes(digest(entry.password.value), digest(password));
  for (const mechanism of SCRAM_MECHANISMS) {
    const scram = entry.scram[mechanism];
    if (!scram) continue;
    const salted = saltedPassword(mechanism, password, scram.salt, scram.iterations);
    return sameBytes(hash(mechanism, hmac(mechanism, salted, 'Client Key')), scram.storedKey);
  }
  return false;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
