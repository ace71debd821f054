/**
 * The value a field takes when it is absent: not in the message's version, an unset tagged field,
 * or left out by a handler. One place, so the decoder and the encoder agree on "default".
 *
 * - a field's own `default` (as written in Kafka's JSON: "-1", "false", "null"), converted to the
 *   field's type;
 * - otherwise the type's: 0 (int64: 0n), false, '' (null when nullable), [] for arrays,
 *   the zero UUID, null for bytes/records/structs when nullable, else empty bytes or a struct of
 *   defaults.
 */
import { inRange, type Field, type FieldType } from './schema.ts';
import { ZERO_UUID } from './uuid.ts';

export function isNullable(field: Field, version: number): boolean {
  return inRange(field.nullableVersions, version);
}

/** Default of a field present in `version` (nullability as in that version). */
export function fieldDefault(field: Field, version: number): unknown {
  if (field.default !== undefined) return convertDefault(field.type, field.default);
  return typeDefault(field.type, isNullable(field, version), version);
}

/**
 * Default of a field the version does not have: a field nullable in any version reads as null
 * (a v2 Produce has no transactional id, which is null rather than ''), arrays as [].
 */
export function absentDefault(field: Field, version: number): unknown {
  if (field.default !== undefined) return convertDefault(field.type, field.default);
  const everNullable = field.nullableVersions !== undefined && (field.nullableVersions.max ?? Infinity) >= field.nullableVersions.min;
  return typeDefault(field.type, everNullable, version);
}

export function typeDefault(type: FieldType, nullable: boolean, version: number): unknown {
  if (typeof type === 'object') {
    if ('array' in type) return [];
    if (nullable) return null;
    const out: Record<string, unknown> = {};
    for (const f of type.struct) out[f.name] = inRange(f.versions, version) ? fieldDefault(f, version) : absentDefault(f, version);
    return out;
  }
  switch (type) {
    case 'bool':
      return false;
    case 'int64':
      return 0n;
    case 'string':
      return nullable ? null : '';
    case 'bytes':
    case 'records':
      return nullable ? null : Buffer.alloc(0);
    case 'uuid':
      return ZERO_UUID;
    default:
      return 0;
  }
}

function convertDefault(type: FieldType, raw: unknown): unknown {
  if (raw === null || raw === 'null') return null;
  if (typeof type === 'object') return raw;
  switch (type) {
    case 'int64':
      return typeof raw === 'bigint' ? raw : BigInt(raw as string | number);
    case 'bool':
      return raw === true || raw === 'true';
    case 'string':
    case 'uuid':
      return String(raw);
    case 'bytes':
    case 'records':
      return raw;
    default:
      return typeof raw === 'number' ? raw : Number(raw);
  }
}

/** Whether a tagged field's value equals its default, so it can be left out of the tagged section. */
export function isDefaultValue(value: unknown, def: unknown): boolean {
  if (value === undefined || value === def) return true;
  if (value === null || def === null) return false;
  if (typeof def === 'bigint' && typeof value === 'number') return Number.isInteger(value) && BigInt(value) === def;
  if (Buffer.isBuffer(def) && value instanceof Uint8Array) return Buffer.compare(def, value) === 0;
  if (Array.isArray(def) && Array.isArray(value)) return def.length === 0 && value.length === 0;
  return false;
}
