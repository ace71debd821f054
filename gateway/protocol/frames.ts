/**
 * Whole frames: a 4-byte size, the header, the body. The server sends responses with
 * `encodeResponseFrame`; the request side exists for tests and tools that play the client.
 */
import type { Message } from '../handlers/types.ts';
import { decodeResponseBody, encodeMessage, isFlexible } from './codec.ts';
import { decodeResponseHeader, encodeRequestHeader, encodeResponseHeader, requestHeaderVersion, responseHeaderVersion } from './header.ts';
import { Reader } from './reader.ts';
import type { MessageSchema } from './schema.ts';
import { Writer } from './writer.ts';

function sized(writer: Writer): Buffer {
  const body = writer.finish();
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

export function encodeResponseFrame(schema: MessageSchema, version: number, correlationId: number, body: Message): Buffer {
  const flexible = isFlexible(schema, version);
  const w = new Writer();
  encodeResponseHeader(correlationId, responseHeaderVersion(schema.apiKey, flexible), w);
  encodeMessage(schema.response, version, flexible, body, w);
  return sized(w);
}

export function encodeRequestFrame(schema: MessageSchema, version: number, correlationId: number, body: Message, clientId: string | null = 'sluice-test'): Buffer {
  const flexible = isFlexible(schema, version);
  const w = new Writer();
  encodeRequestHeader({ apiKey: schema.apiKey, apiVersion: version, correlationId, clientId }, requestHeaderVersion(flexible), w);
  encodeMessage(schema.request, version, flexible, body, w);
  return sized(w);
}

/** Decodes a response frame's payload (without its size prefix). */
export function decodeResponseFrame(schema: MessageSchema, version: number, payload: Buffer): { correlationId: number; body: Message } {
  const r = new Reader(payload);
  const { correlationId } = decodeResponseHeader(r, responseHeaderVersion(schema.apiKey, isFlexible(schema, version)));
  return { correlationId, body: decodeResponseBody(schema, version, payload.subarray(r.offset)) };
}
