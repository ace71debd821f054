/**
 * The users a SASL listener accepts, read once from a JSON file:
 *
 *   { "users": {
 *       "alice": { "password": "..." },
 *       "bob":   { "scram-sha-512": { "salt": "<base64>", "iterations": 8192,
 *                                      "storedKey": "<base64>", "serverKey": "<base64>" } } } }
 *
 * A password serves PLAIN and both SCRAM mechanisms (its SCRAM keys are derived at load with a
 * random salt). A stored SCRAM entry (RFC 5802 StoredKey/ServerKey) keeps the password out of the
 * file; PLAIN is then checked against it too, by deriving the client's password the same way.
 * Secrets print as <redacted>.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SCRAM_MECHANISMS, scramKeys, type ScramCredential, type ScramMechanism } from './scram-crypto.ts';

export interface UserCredentials {
  password?: Secret;
  scram: Partial<Record<ScramMechanism, ScramCredential>>;
}

export type Credentials = ReadonlyMap<string, UserCredentials>;

/** A string that does not print. */
export class Secret {
  constructor(readonly value: string) {}
  toString(): string {
    return '<redacted>';
  }
  toJSON(): string {
    return '<redacted>';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '<redacted>';
  }
}

const DERIVED_ITERATIONS = 4096;

export async function loadCredentials(file: string): Promise<Credentials> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`SASL credentials file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseCredentials(raw, file);
}

export function parseCredentials(raw: unknown, source = 'SASL credentials'): Credentials {
  const fail = (why: string): never => {
    throw new Error(`${source}: ${why}`);
  };
  if (!isObject(raw) || !isObject(raw.users)) return fail('expected { "users": { "<name>": { "password": "..." } } }');
  const out = new Map<string, UserCredentials>();
  for (const [name, entry] of Object.entries(raw.users)) {
    if (name === '') fail('a user name is empty');
    if (!isObject(entry)) return fail(`user ${name}: expected an object`);
    const user: UserCredentials = { scram: {} };
    if (entry.password !== undefined) {
      if (typeof entry.password !== 'string' || entry.password === '') fail(`user ${name}: password must be a non-empty string`);
      user.password = new Secret(entry.password as string);
    }
    for (const mechanism of SCRAM_MECHANISMS) {
      const stored = entry[mechanism.toLowerCase()];
      if (stored !== undefined) user.scram[mechanism] = parseScram(stored, `user ${name}, ${mechanism.toLowerCase()}`, fail);
      else if (user.password) user.scram[mechanism] = scramKeys(mechanism, user.password.value, randomBytes(24), DERIVED_ITERATIONS);
    }
    if (!user.password && Object.keys(user.scram).length === 0) fail(`user ${name}: needs a password or a SCRAM entry`);
    out.set(name, user);
  }
  return out;
}

function parseScram(v: unknown, where: string, fail: (why: string) => never): ScramCredential {
  if (!isObject(v)) return fail(`${where}: expected { salt, iterations, storedKey, serverKey }`);
  const b64 = (k: string): Buffer => {
    const s = v[k];
    if (typeof s !== 'string' || s === '') return fail(`${where}: ${k} must be base64`);
    return Buffer.from(s, 'base64');
  };
  const iterations = v.iterations;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 4096) fail(`${where}: iterations must be an integer >= 4096`);
  return { salt: b64('salt'), iterations: iterations as number, storedKey: b64('storedKey'), serverKey: b64('serverKey') };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
