/**
 * Reads and writes any Kafka message from its description (schema.ts), for one version.
 *
 * Wire rules, per Kafka's message definitions:
 * - Fields are written in order; a field not in the version is absent and decodes to its default.
 * - In flexible versions strings, bytes, records and arrays use compact lengths (unsigned varint
 *   of n + 1, 0 = null), and every struct, the message included, ends with a tagged-field
 *   section: count, then per field its tag, its size and its value, tags ascending.
 * - A nullable struct carries an int8 marker first: -1 null, 1 present.
 *
 * Value conventions (what handlers read and write):
 * - int64 is always a bigint when decoded; when encoding, a safe-integer number is accepted too.
 * - uuid is the canonical lowercase string; bytes and records are Buffers (or null when nullable).
 * - A value left undefined when encoding takes the field's default (defaults.ts).
 * - Tagged fields decode into their field when known; unknown tags are skipped. They are
 *   written only when their value differs from the default.
 */
import type { Message } from '../handlers/types.ts';
import { absentDefault, fieldDefault, isDefaultValue, isNullable } from './defaults.ts';
import { ProtocolError } from './errors.ts';
import { Reader } from './reader.ts';
import { inRange, type Field, type FieldType, type MessageSchema } from './schema.ts';
import { Writer } from './writer.ts';

export type { Message };

function isTagged(field: Field, version: number, flexible: boolean): boolean {
  return flexible && field.tag !== undefined && inRange(field.taggedVersions, version);
}

/** In the version at all: tagged fields exist only in flexible versions (they have no other form). */
function isPresent(field: Field, version: number, flexible: boolean): boolean {
  return inRange(field.versions, version) && (field.tag === undefined || flexible);
}

export function decodeMessage(fields: Field[], version: number, flexible: boolean, reader: Reader): Message {
  const out: Message = {};
  for (const f of fields) {
    if (!isPresent(f, version, flexible)) out[f.name] = absentDefault(f, version);
    else if (isTagged(f, version, flexible)) out[f.name] = fieldDefault(f, version);
    else out[f.name] = readValue(f.type, isNullable(f, version), version, flexible, reader, f.name);
  }
  if (flexible) {
    reader.taggedFields((tag, data) => {
      const f = fields.find((x) => x.tag === tag && isPresent(x, version, flexible) && isTagged(x, version, flexible));
      if (f) out[f.name] = readValue(f.type, isNullable(f, version), version, flexible, data, f.name);
    });
  }
  return out;
}

function readValue(type: FieldType, nullable: boolean, version: number, flexible: boolean, r: Reader, name: string): unknown {
  if (typeof type === 'object') {
    if ('array' in type) {
      const n = r.arrayLength(flexible);
      if (n < 0) {
        if (nullable) return null;
        throw new ProtocolError(`null array in non-nullable field ${name}`);
      }
      const items = new Array<unknown>(n);
      for (let i = 0; i < n; i++) items[i] = readValue(type.array, false, version, flexible, r, name);
      return items;
    }
    if (nullable && r.int8() < 0) return null;
    return decodeMessage(type.struct, version, flexible, r);
  }
  switch (type) {
    case 'bool':
      return r.bool();
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'uint16':
      return r.uint16();
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'int64':
      return r.int64();
    case 'float64':
      return r.float64();
    case 'uuid':
      return r.uuid();
    case 'string':
      if (nullable) return r.nullableString(flexible);
      return r.string(flexible);
    case 'bytes':
    case 'records':
      if (nullable) return r.nullableBytes(flexible);
      return r.bytes(flexible);
  }
}

export function encodeMessage(fields: Field[], version: number, flexible: boolean, value: Message, writer: Writer): void {
  const tagged: Array<{ tag: number; data: Writer }> = [];
  for (const f of fields) {
    if (!isPresent(f, version, flexible)) continue;
    const given: unknown = value[f.name];
    if (isTagged(f, version, flexible)) {
      const def = fieldDefault(f, version);
      if (isDefaultValue(given, def)) continue;
      const data = new Writer();
      writeValue(f.type, isNullable(f, version), version, flexible, given, data, f.name);
      tagged.push({ tag: f.tag!, data });
      continue;
    }
    const v = given === undefined ? fieldDefault(f, version) : given;
    writeValue(f.type, isNullable(f, version), version, flexible, v, writer, f.name);
  }
  if (!flexible) return;
  tagged.sort((a, b) => a.tag - b.tag);
  writer.unsignedVarint(tagged.length);
  for (const t of tagged) writer.unsignedVarint(t.tag).unsignedVarint(t.data.length).append(t.data);
}

function writeValue(type: FieldType, nullable: boolean, version: number, flexible: boolean, v: unknown, w: Writer, name: string): void {
  if (v === null) {
    if (!nullable) throw new TypeError(`field ${name} is not nullable in version ${version}`);
    if (typeof type === 'object' && 'struct' in type) w.int8(-1);
    else if (type === 'string') w.nullableString(null, flexible);
    else w.lengthPrefix(-1, flexible, true);
    return;
  }
  if (typeof type === 'object') {
    if ('array' in type) {
      if (!Array.isArray(v)) throw new TypeError(`field ${name} must be an array`);
      w.lengthPrefix(v.length, flexible, true);
      for (const item of v) writeValue(type.array, false, version, flexible, item === undefined ? null : item, w, name);
      return;
    }
    if (typeof v !== 'object') throw new TypeError(`field ${name} must be an object`);
    if (nullable) w.int8(1);
    encodeMessage(type.struct, version, flexible, v as Message, w);
    return;
  }
  switch (type) {
    case 'bool':
      w.bool(Boolean(v));
      return;
    case 'int8':
      w.int8(v as number);
      return;
    case 'int16':
      w.int16(v as number);
      return;
    case 'uint16':
      w.uint16(v as number);
      return;
    case 'int32':
      w.int32(v as number);
      return;
    case 'uint32':
      w.uint32(v as number);
      return;
    case 'int64':
      w.int64(typeof v === 'bigint' ? v : BigInt(v as number));
      return;
    case 'float64':
      w.float64(v as number);
      return;
    case 'uuid':
      w.uuid(v as string);
      return;
    case 'string':
      if (typeof v !== 'string') throw new TypeError(`field ${name} must be a string`);
      w.nullableString(v, flexible);
      return;
    case 'bytes':
    case 'records':
      if (!(v instanceof Uint8Array)) throw new TypeError(`field ${name} must be a Buffer`);
      w.nullableBytes(Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength), flexible);
      return;
  }
}

/** Whether `version` of this API uses compact encodings and tagged fields. */
export function isFlexible(schema: MessageSchema, version: number): boolean {
  return schema.flexibleFrom !== undefined && version >= schema.flexibleFrom;
}

function decodeWhole(fields: Field[], schema: MessageSchema, version: number, buf: Buffer): Message {
  const reader = new Reader(buf);
  const msg = decodeMessage(fields, version, isFlexible(schema, version), reader);
  // Bytes past the message mean the description and the sender disagree: reading on would guess.
  if (reader.remaining !== 0) throw new ProtocolError(`${schema.name} v${version}: ${reader.remaining} bytes after the message`);
  return msg;
}

function encodeWhole(fields: Field[], schema: MessageSchema, version: number, value: Message): Buffer {
  const writer = new Writer();
  encodeMessage(fields, version, isFlexible(schema, version), value, writer);
  return writer.finish();
}

export function decodeRequestBody(schema: MessageSchema, version: number, buf: Buffer): Message {
  return decodeWhole(schema.request, schema, version, buf);
}

export function encodeResponseBody(schema: MessageSchema, version: number, value: Message): Buffer {
  return encodeWhole(schema.response, schema, version, value);
}

/** For tests and tools that play the client. */
export function encodeRequestBody(schema: MessageSchema, version: number, value: Message): Buffer {
  return encodeWhole(schema.request, schema, version, value);
}

/** For tests and tools that play the client. */
export function decodeResponseBody(schema: MessageSchema, version: number, buf: Buffer): Message {
  return decodeWhole(schema.response, schema, version, buf);
}
