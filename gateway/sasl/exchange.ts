/**
 * One SASL mechanism's server side for one connection: tokens in, challenges out, until done.
 * Failures throw AuthenticationFailed with a message safe to send to the client (it never says
 * whether the user exists).
 */
export interface SaslExchange {
  step(token: Buffer): { challenge: Buffer; done: boolean };
  /** The authenticated user, once done. */
  principal(): string | undefined;
}

export class AuthenticationFailed extends Error {
  override readonly name = 'AuthenticationFailed';
}

export const INVALID_CREDENTIALS = 'Authentication failed: invalid username or password';
