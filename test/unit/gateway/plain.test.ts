import { describe, expect, it } from 'vitest';
import { parseCredentials } from '../../../gateway/sasl/credentials.ts';
import { AuthenticationFailed } from '../../../gateway/sasl/exchange.ts';
import { createPlainExchange } from '../../../gateway/sasl/plain.ts';
import { scramKeys } from '../../../gateway/sasl/scram-crypto.ts';

const plain = (authzid: string, user: string, password: string): Buffer => Buffer.from(`${authzid}\u0000${user}\u0000${password}`, 'utf8');

describe('SASL PLAIN', () => {
  const creds = parseCredentials({ users: { alice: { password: 'wonderland' } } });

  it('accepts the right password, with or without an authorization id equal to the user', () => {
    for (const authzid of ['', 'alice']) {
      const ex = createPlainExchange(creds);
      expect(ex.step(plain(authzid, 'alice', 'wonderland'))).toEqual({ challenge: Buffer.alloc(0), done: true });
      expect(ex.principal()).toBe('alice');
    }
  });

  it('refuses a wrong password, an unknown user, another authorization id, and malformed messages', () => {
    for (const bad of [plain('', 'alice', 'nope'), plain('', 'mallory', 'wonderland'), plain('bob', 'alice', 'wonderland'), Buffer.from('alice'), Buffer.alloc(0)]) {
      const ex = createPlainExchange(creds);
      expect(() => ex.step(bad)).toThrow(AuthenticationFailed);
      expect(ex.principal()).toBeUndefined();
    }
  });

  it('checks a user who has only stored SCRAM keys', () => {
    const salt = Buffer.from('0123456789abcdef');
    const keys = scramKeys('SCRAM-SHA-512', 'hashed-only', salt, 4096);
    const stored = parseCredentials({
      users: { carol: { 'scram-sha-512': { salt: salt.toString('base64'), iterations: 4096, storedKey: keys.storedKey.toString('base64'), serverKey: keys.serverKey.toString('base64') } } },
    });
    expect(createPlainExchange(stored).step(plain('', 'carol', 'hashed-only')).done).toBe(true);
    expect(() => createPlainExchange(stored).step(plain('', 'carol', 'wrong'))).toThrow(AuthenticationFailed);
  });
});
