/**
 * SCRAM-SHA-256 / SCRAM-SHA-512, server side (RFC 5802, RFC 7677), without channel binding:
 *
 *   client-first  gs2-header n=user,r=cnonce          gs2-header: "n,," or "y,," (or with a=authzid)
 *   server-first  r=cnonce+snonce,s=salt,i=iterations
 *   client-final  c=base64(gs2-header),r=nonce,p=ClientProof
 *   server-final  v=ServerSignature
 *
 * AuthMessage = client-first-bare "," server-first "," client-final-without-proof;
 * the proof is ClientKey XOR HMAC(StoredKey, AuthMessage), checked by H(ClientKey) = StoredKey.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Credentials } from './credentials.ts';
import { AuthenticationFailed, INVALID_CREDENTIALS, type SaslExchange } from './exchange.ts';
import { hash, hmac, type ScramMechanism } from './scram-crypto.ts';

export interface ScramOptions {
  /** The server's nonce part; random unless a test fixes it. */
  nonce?: () => string;
}

type State =
  | { step: 'first' }
  | { step: 'final'; user: string; gs2: string; clientNonce: string; nonce: string; authPrefix: string; storedKey: Buffer; serverKey: Buffer }
  | { step: 'done'; user: string };

export function createScramExchange(mechanism: ScramMechanism, credentials: Credentials, opts: ScramOptions = {}): SaslExchange {
  let state: State = { step: 'first' };
  const serverNonce = opts.nonce ?? (() => randomBytes(18).toString('base64'));
  const malformed = (what: string): never => {
    throw new AuthenticationFailed(`Authentication failed: malformed SCRAM ${what}`);
  };

  return {
    principal: () => (state.step === 'done' ? state.user : undefined),
    step(token) {
      const text = token.toString('utf8');
      if (state.step === 'first') {
        const m = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/.exec(text);
        if (!m) return malformed('client-first message');
        if (m[1]!.startsWith('p=')) throw new AuthenticationFailed('Authentication failed: channel binding is not supported');
        const bare = m[3]!;
        const attrs = attributes(bare);
        const user = unescapeName(attrs.get('n') ?? malformed('user name'));
        const cnonce = attrs.get('r') ?? malformed('nonce');
        if (cnonce === '' || bare.split(',')[0]?.startsWith('m=')) return malformed('client-first message');
        const authzid = m[2] ? unescapeName(m[2].slice(2)) : '';
        if (authzid !== '' && authzid !== user) throw new AuthenticationFailed('Authentication failed: authorization id must be the user name');
        const cred = credentials.get(user)?.scram[mechanism];
        if (!cred) throw new AuthenticationFailed(INVALID_CREDENTIALS);
        const nonce = cnonce + serverNonce();
        const serverFirst = `r=${nonce},s=${cred.salt.toString('base64')},i=${cred.iterations}`;
        state = { step: 'final', user, gs2: `${m[1]},${m[2] ?? ''},`, clientNonce: cnonce, nonce, authPrefix: `${bare},${serverFirst}`, storedKey: cred.storedKey, serverKey: cred.serverKey };
        return { challenge: Buffer.from(serverFirst, 'utf8'), done: false };
      }
      if (state.step === 'final') {
        const at = text.lastIndexOf(',p=');
        if (at < 0) return malformed('client-final message');
        const withoutProof = text.slice(0, at);
        const attrs = attributes(withoutProof);
        if (attrs.get('c') !== Buffer.from(state.gs2, 'utf8').toString('base64')) throw new AuthenticationFailed('Authentication failed: channel binding mismatch');
        if (!nonceMatches(attrs.get('r'), state.clientNonce, state.nonce)) throw new AuthenticationFailed('Authentication failed: nonce mismatch');
        const proof = Buffer.from(text.slice(at + 3), 'base64');
        const authMessage = `${state.authPrefix},${withoutProof}`;
        const clientSignature = hmac(mechanism, state.storedKey, authMessage);
        if (proof.length !== clientSignature.length) throw new AuthenticationFailed(INVALID_CREDENTIALS);
        const clientKey = Buffer.alloc(proof.length);
        for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
        if (!timingSafeEqual(hash(mechanism, clientKey), state.storedKey)) throw new AuthenticationFailed(INVALID_CREDENTIALS);
        const serverSignature = hmac(mechanism, state.serverKey, authMessage).toString('base64');
        state = { step: 'done', user: state.user };
        return { challenge: Buffer.from(`v=${serverSignature}`, 'utf8'), done: true };
      }
      throw new AuthenticationFailed('Authentication failed: the SCRAM exchange is already complete');
    },
  };
}

/**
 * The client must echo the server's nonce (client part + server part). librdkafka before 2.6.1
 * prepends its own part once more (confluentinc/librdkafka#4895), which Kafka brokers accepted
 * until 4.0; that exact form is accepted too, so librdkafka 2.0.2 (kcat, confluent-kafka on
 * Debian) can authenticate. The server's random part must be there either way, so a replayed
 * exchange still fails.
 */
function nonceMatches(echoed: string | undefined, clientNonce: string, nonce: string): boolean {
  return echoed === nonce || echoed === clientNonce + nonce;
}

/** `k=v` pairs; the first value of a key wins, as only the first occurrence is meaningful. */
function attributes(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of s.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1 && !out.has(part[0]!)) out.set(part[0]!, part.slice(2));
  }
  return out;
}

/** saslname: "=2C" is ",", "=3D" is "="; any other "=" is malformed. */
function unescapeName(s: string): string {
  if (/=(?!2C|3D)/.test(s)) throw new AuthenticationFailed('Authentication failed: malformed SCRAM user name');
  return s.replaceAll('=2C', ',').replaceAll('=3D', '=');
}
