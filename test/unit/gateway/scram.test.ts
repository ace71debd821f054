import { describe, expect, it } from 'vitest';
import { parseCredentials } from '../../../gateway/sasl/credentials.ts';
import { AuthenticationFailed } from '../../../gateway/sasl/exchange.ts';
import { createScramExchange } from '../../../gateway/sasl/scram.ts';
import { scramKeys } from '../../../gateway/sasl/scram-crypto.ts';

// RFC 7677, section 3: user "user", password "pencil".
const vector = {
  salt: 'W22ZaJ0SNY7soEsUEjb6gQ==',
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

function rfcCredentials() {
  const keys = scramKeys('SCRAM-SHA-256', 'pencil', Buffer.from(vector.salt, 'base64'), 4096);
  return new Map([['user', { scram: { 'SCRAM-SHA-256': keys } }]]);
}

const token = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('SCRAM-SHA-256 server', () => {
  it('reproduces the RFC 7677 exchange byte for byte', () => {
    const ex = createScramExchange('SCRAM-SHA-256', rfcCredentials(), { nonce: () => vector.serverNonce });
    const first = ex.step(token(vector.clientFirst));
    expect(first.challenge.toString('utf8')).toBe(vector.serverFirst);
    expect(first.done).toBe(false);
    expect(ex.principal()).toBeUndefined();
    const final = ex.step(token(vector.clientFinal));
    expect(final.challenge.toString('utf8')).toBe(vector.serverFinal);
    expect(final.done).toBe(true);
    expect(ex.principal()).toBe('user');
  });

  it('refuses a wrong proof, a changed nonce, and an unknown user', () => {
    const wrongProof = createScramExchange('SCRAM-SHA-256', rfcCredentials(), { nonce: () => vector.serverNonce });
    wrongProof.step(token(vector.clientFirst));
    expect(() => wrongProof.step(token(vector.clientFinal.replace('p=dH', 'p=eH')))).toThrow(AuthenticationFailed);

    const wrongNonce = createScramExchange('SCRAM-SHA-256', rfcCredentials(), { nonce: () => 'other' });
    wrongNonce.step(token(vector.clientFirst));
    expect(() => wrongNonce.step(token(vector.clientFinal))).toThrow(/nonce/);

    const unknown = createScramExchange('SCRAM-SHA-256', rfcCredentials());
    expect(() => unknown.step(token('n,,n=nobody,r=abc'))).toThrow(AuthenticationFailed);
  });

  it("accepts librdkafka's doubled client nonce (before 2.6.1), but no other change to the nonce", () => {
    const cnonce = 'rOprNGfwEbeRWgbNEkqO';
    const full = cnonce + vector.serverNonce;
    const doubled = createScramExchange('SCRAM-SHA-256', rfcCredentials(), { nonce: () => vector.serverNonce });
    doubled.step(token(vector.clientFirst));
    // Its proof covers the nonce it sent; a wrong proof would fail here, so only the nonce check is probed.
    expect(() => doubled.step(token(`c=biws,r=${cnonce}${full},p=AAAA`))).toThrow(/invalid username or password/);
    const other = createScramExchange('SCRAM-SHA-256', rfcCredentials(), { nonce: () => vector.serverNonce });
    other.step(token(vector.clientFirst));
    expect(() => other.step(token(`c=biws,r=x${full},p=AAAA`))).toThrow(/nonce mismatch/);
  });

  it('refuses malformed messages and channel binding without throwing anything else', () => {
    for (const bad of ['', 'garbage', 'p=tls-unique,,n=user,r=x', 'n,,r=x', 'n,,n=user', 'n,,n=us=er,r=x', '\u0000\u0001']) {
      const ex = createScramExchange('SCRAM-SHA-256', rfcCredentials());
      expect(() => ex.step(token(bad))).toThrow(AuthenticationFailed);
    }
    const ex = createScramExchange('SCRAM-SHA-256', rfcCredentials());
    ex.step(token(vector.clientFirst));
    expect(() => ex.step(token('c=biws,r=x'))).toThrow(AuthenticationFailed);
  });
});

describe('SASL credentials file', () => {
  it('derives SCRAM keys for password users and keeps the password from printing', () => {
    const creds = parseCredentials({ users: { alice: { password: 's3cret' } } });
    const alice = creds.get('alice')!;
    expect(Object.keys(alice.scram).sort()).toEqual(['SCRAM-SHA-256', 'SCRAM-SHA-512']);
    expect(String(alice.password)).toBe('<redacted>');
    expect(JSON.stringify(alice)).not.toContain('s3cret');
  });

  it('refuses entries without a secret, and a file of the wrong shape', () => {
    expect(() => parseCredentials({ users: { bob: {} } })).toThrow(/password or a SCRAM entry/);
    expect(() => parseCredentials([])).toThrow(/users/);
    expect(() => parseCredentials({ users: { bob: { 'scram-sha-256': { salt: 'AA==', iterations: 10, storedKey: 'AA==', serverKey: 'AA==' } } } })).toThrow(/iterations/);
  });
});
