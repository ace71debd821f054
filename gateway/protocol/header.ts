/**
 * Request and response headers (Kafka's RequestHeader.json, ResponseHeader.json).
 *
 *   RequestHeader v1: api_key int16, api_version int16, correlation_id int32, client_id nullable string
 *   RequestHeader v2: v1 + tagged fields. client_id keeps its int16 length even here, so that a
 *                     broker can read the header of any ApiVersions request, whatever its version.
 *   ResponseHeader v0: correlation_id int32;  v1: v0 + tagged fields.
 *
 * A request's header is v2 when its API version is flexible, else v1 (v0 exists only for
 * ControlledShutdown v0, which the gateway does not serve). A response's header is v1 when
 * flexible, except ApiVersions responses, always v0: a client reads them before it knows which
 * versions the broker speaks.
 */
import { ProtocolError } from './errors.ts';
import { Reader } from './reader.ts';
import { Writer } from './writer.ts';

export const API_VERSIONS_KEY = 18;

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

export function requestHeaderVersion(flexible: boolean): 1 | 2 {
  return flexible ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, flexible: boolean): 0 | 1 {
  return flexible && apiKey !== API_VERSIONS_KEY ? 1 : 0;
}

/** Api key and version, from the first four bytes of a request, to pick the header version. */
export function peekApiKeyAndVersion(frame: Buffer): { apiKey: number; apiVersion: number } {
  if (frame.length < 4) throw new ProtocolError(`request of ${frame.length} bytes has no header`);
  return { apiKey: frame.readInt16BE(0), apiVersion: frame.readInt16BE(2) };
}

/** Reads the header; the reader is left at the start of the body. Unknown header tags are skipped. */
export function decodeRequestHeader(reader: Reader, headerVersion: number): RequestHeader {
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const clientId = headerVersion >= 1 ? reader.nullableString(false) : null;
  if (headerVersion >= 2) reader.taggedFields(() => undefined);
  return { apiKey, apiVersion, correlationId, clientId };
}

export function encodeRequestHeader(header: RequestHeader, headerVersion: number, writer: Writer): void {
  writer.int16(header.apiKey).int16(header.apiVersion).int32(header.correlationId);
  if (headerVersion >= 1) writer.nullableString(header.clientId, false);
  if (headerVersion >= 2) writer.unsignedVarint(0);
}

export function decodeResponseHeader(reader: Reader, headerVersion: number): { correlationId: number } {
  const correlationId = reader.int32();
  if (headerVersion >= 1) reader.taggedFields(() => undefined);
  return { correlationId };
}

export function encodeResponseHeader(correlationId: number, headerVersion: number, writer: Writer): void {
  writer.int32(correlationId);
  if (headerVersion >= 1) writer.unsignedVarint(0);
}
