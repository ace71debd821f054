/**
 * What the dispatcher asks of one connection's SASL state (gateway/sasl/session.ts implements it).
 * SaslHandshake and SaslAuthenticate are answered here rather than by handlers, because the
 * mechanism chosen and the exchange so far belong to the connection.
 */
import type { Message, RequestContext } from '../handlers/types.ts';
import type { Outcome } from './dispatch.ts';

export interface SaslSession {
  authenticated(): boolean;
  /** The authenticated user name. */
  principal(): string | undefined;
  /** The exchange failed: the response is sent, then the connection closes. */
  failed(): boolean;
  /** SaslHandshake and SaslAuthenticate. */
  handles(apiKey: number): boolean;
  handle(apiKey: number, request: Message, ctx: RequestContext): Promise<Message>;
  /** After a v0 handshake the client sends bare SASL tokens, each in its own size-prefixed frame. */
  expectsRawToken(): boolean;
  rawToken(frame: Buffer): Promise<Outcome>;
}
