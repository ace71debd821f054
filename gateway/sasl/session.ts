/**
 * One connection's authentication, as a Kafka SASL listener runs it:
 *
 *   ApiVersions (any time) -> SaslHandshake(mechanism) -> tokens until done -> everything else.
 *
 * After a v1 handshake the tokens travel in SaslAuthenticate requests; after a v0 handshake
 * (older clients) they travel as bare size-prefixed frames, answered the same way. A failure is
 * answered (SASL_AUTHENTICATION_FAILED, or the handshake's error) and then the connection closes,
 * so a client gets one try per connection. Re-authentication (KIP-368) is not offered: the
 * session lifetime sent is 0, which tells clients not to.
 */
import { SaslAuthenticate } from '../messages/sasl-authenticate.ts';
import { SaslHandshake } from '../messages/sasl-handshake.ts';
import type { Message } from '../handlers/types.ts';
import { ErrorCode } from '../protocol/errors.ts';
import type { Outcome } from '../server/dispatch.ts';
import type { SaslSession } from '../server/sasl-session.ts';
import type { Credentials } from './credentials.ts';
import { AuthenticationFailed, type SaslExchange } from './exchange.ts';
import { createPlainExchange } from './plain.ts';
import { createScramExchange } from './scram.ts';

export const MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

function exchangeFor(mechanism: string, credentials: Credentials): SaslExchange | undefined {
  if (mechanism === 'PLAIN') return createPlainExchange(credentials);
  if (mechanism === 'SCRAM-SHA-256' || mechanism === 'SCRAM-SHA-512') return createScramExchange(mechanism, credentials);
  return undefined;
}

type Phase = 'handshake' | 'authenticate' | 'raw' | 'done' | 'failed';

export function createSaslSession(credentials: Credentials): SaslSession {
  let phase: Phase = 'handshake';
  let exchange: SaslExchange | undefined;
  let user: string | undefined;

  const step = (token: Buffer): { challenge: Buffer; error?: string } => {
    try {
      const { challenge, done } = exchange!.step(token);
      if (done) {
        user = exchange!.principal();
        phase = 'done';
      }
      return { challenge };
    } catch (err) {
      phase = 'failed';
      return { challenge: Buffer.alloc(0), error: err instanceof AuthenticationFailed ? err.message : 'Authentication failed' };
    }
  };

  const handshake = (request: Message, version: number): Message => {
    if (phase !== 'handshake') {
      phase = 'failed';
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [...MECHANISMS] };
    }
    exchange = exchangeFor(String(request.mechanism), credentials);
    if (!exchange) {
      phase = 'failed';
      return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: [...MECHANISMS] };
    }
    phase = version === 0 ? 'raw' : 'authenticate';
    return { errorCode: ErrorCode.NONE, mechanisms: [...MECHANISMS] };
  };

  const authenticate = (request: Message): Message => {
    if (phase !== 'authenticate') {
      phase = 'failed';
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SaslAuthenticate before a SaslHandshake', authBytes: Buffer.alloc(0) };
    }
    const { challenge, error } = step(request.authBytes as Buffer);
    if (error !== undefined) return { errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: error, authBytes: Buffer.alloc(0) };
    return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: challenge, sessionLifetimeMs: 0n };
  };

  return {
    authenticated: () => phase === 'done',
    principal: () => user,
    failed: () => phase === 'failed',
    handles: (apiKey) => apiKey === SaslHandshake.apiKey || apiKey === SaslAuthenticate.apiKey,
    handle: async (apiKey, request, ctx) => (apiKey === SaslHandshake.apiKey ? handshake(request, ctx.apiVersion) : authenticate(request)),
    expectsRawToken: () => phase === 'raw',
    rawToken: async (frame): Promise<Outcome> => {
      const { challenge, error } = step(frame);
      if (error !== undefined) return { kind: 'close', reason: error };
      const out = Buffer.allocUnsafe(4 + challenge.length);
      out.writeInt32BE(challenge.length, 0);
      challenge.copy(out, 4);
      return { kind: 'respond', frame: out };
    },
  };
}
