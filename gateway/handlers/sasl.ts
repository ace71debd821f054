/**
 * SaslHandshake and SaslAuthenticate when the gateway runs without SASL. They are still
 * advertised, as a Kafka broker does, and answer ILLEGAL_SASL_STATE: the client is configured for
 * authentication the listener does not do. With SASL on, the server's per-connection gate
 * (gateway/server/sasl-gate.ts) answers these two APIs instead, because a handshake is state of
 * one connection, which handlers do not keep.
 */
import { SaslAuthenticate } from '../messages/sasl-authenticate.ts';
import { SaslHandshake } from '../messages/sasl-handshake.ts';
import { ErrorCode } from '../protocol/errors.ts';
import type { HandlerFactory } from './types.ts';

export const saslHandlers: HandlerFactory[] = [
  () => ({
    schema: SaslHandshake,
    handle: async () => ({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] }),
  }),
  () => ({
    schema: SaslAuthenticate,
    handle: async () => ({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SASL is not enabled on this listener', authBytes: Buffer.alloc(0) }),
  }),
];
