/**
 * One request frame in, one outcome out: a response frame, nothing (acks=0), or "close".
 *
 * Like a Kafka broker, the gateway closes the connection when it cannot trust what it read: an
 * unknown api key, a version it does not serve, a header or body that does not decode, a request
 * before authentication. The one exception is ApiVersions at a version the gateway does not
 * serve: that is answered (v0 body, UNSUPPORTED_VERSION, the supported list), so a newer client
 * can retry with a version both sides know. A handler that throws is a bug or an outage the
 * handler did not map to an error code; the connection is closed and the client retries.
 */
import { API_VERSIONS_KEY } from '../protocol/header.ts';
import { apiVersionsResponse } from '../handlers/api-versions.ts';
import { NO_RESPONSE, type ApiHandler, type Message, type RequestContext } from '../handlers/types.ts';
import { ApiVersions } from '../messages/api-versions.ts';
import { decodeRequestBody, isFlexible } from '../protocol/codec.ts';
import { ErrorCode, ProtocolError } from '../protocol/errors.ts';
import { encodeResponseFrame } from '../protocol/frames.ts';
import { decodeRequestHeader, peekApiKeyAndVersion, requestHeaderVersion, type RequestHeader } from '../protocol/header.ts';
import { Reader } from '../protocol/reader.ts';
import { inRange } from '../protocol/schema.ts';
import type { SaslSession } from './sasl-session.ts';

/** `thenClose`: answer, then end the connection (a failed SASL exchange, as Kafka does). */
export type Outcome = { kind: 'respond'; frame: Buffer; thenClose?: boolean } | { kind: 'none' } | { kind: 'close'; reason: string };

/** What the dispatcher knows of one connection. */
export interface ConnectionState {
  signal: AbortSignal;
  /** Present when the listener requires SASL. */
  sasl?: SaslSession;
}

export type Dispatch = (frame: Buffer, conn: ConnectionState) => Promise<Outcome>;

export function createDispatcher(handlers: readonly ApiHandler[], log: (message: string) => void): Dispatch {
  const byKey = new Map(handlers.map((h) => [h.schema.apiKey, h]));
  const close = (reason: string): Outcome => ({ kind: 'close', reason });

  return async (frame, conn) => {
    if (conn.sasl?.expectsRawToken()) return conn.sasl.rawToken(frame);
    let header: RequestHeader;
    let what = 'request';
    try {
      const { apiKey, apiVersion } = peekApiKeyAndVersion(frame);
      what = `api key ${apiKey} v${apiVersion}`;
      const handler = byKey.get(apiKey);
      if (apiKey === API_VERSIONS_KEY && !inRange(handler?.schema.versions, apiVersion)) {
        // The header of any ApiVersions version is readable (ClientId is never compact).
        header = decodeRequestHeader(new Reader(frame), requestHeaderVersion(apiVersion >= 3));
        const body = apiVersionsResponse(handlers, ErrorCode.UNSUPPORTED_VERSION);
        return { kind: 'respond', frame: encodeResponseFrame(ApiVersions, 0, header.correlationId, body) };
      }
      if (!handler) return close(`unknown api key ${apiKey}`);
      const { schema } = handler;
      what = `${schema.name} v${apiVersion}`;
      if (!inRange(schema.versions, apiVersion)) return close(`${schema.name} v${apiVersion} is not supported`);
      const reader = new Reader(frame);
      header = decodeRequestHeader(reader, requestHeaderVersion(isFlexible(schema, apiVersion)));
      if (conn.sasl && !conn.sasl.authenticated() && apiKey !== API_VERSIONS_KEY && !conn.sasl.handles(apiKey)) {
        return close(`${schema.name} before SASL authentication`);
      }
      const request = decodeRequestBody(schema, apiVersion, frame.subarray(reader.offset));
      const ctx: RequestContext = {
        apiVersion,
        correlationId: header.correlationId,
        clientId: header.clientId,
        signal: conn.signal,
        ...(conn.sasl?.principal() !== undefined ? { principal: conn.sasl.principal()! } : {}),
      };
      let response: Message | typeof NO_RESPONSE;
      try {
        response = conn.sasl?.handles(apiKey) ? await conn.sasl.handle(apiKey, request, ctx) : await handler.handle(request, ctx);
      } catch (err) {
        log(`${schema.name} v${apiVersion} (client ${header.clientId ?? '-'}): handler failed: ${describe(err)}`);
        return close('handler failed');
      }
      if (response === NO_RESPONSE) return { kind: 'none' };
      try {
        const out = encodeResponseFrame(schema, apiVersion, header.correlationId, response);
        return conn.sasl?.failed() ? { kind: 'respond', frame: out, thenClose: true } : { kind: 'respond', frame: out };
      } catch (err) {
        log(`${schema.name} v${apiVersion}: response does not encode: ${describe(err)}`);
        return close('response does not encode');
      }
    } catch (err) {
      if (err instanceof ProtocolError) return close(`${what}: ${err.message}`);
      log(`request failed: ${describe(err)}`);
      return close('request failed');
    }
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
