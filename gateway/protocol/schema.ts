/**
 * How the gateway describes a Kafka message: a field list per request and response, transcribed
 * from Kafka's JSON message definitions (field names in camelCase, version ranges as written
 * there). One interpreter (codec.ts) reads and writes any message from its description, so each
 * message is described once and serves both directions.
 */

/** Inclusive version range; `max` undefined means "and every later version" ("3+"). */
export interface VersionRange {
  min: number;
  max?: number;
}

export type PrimitiveType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'string'
  | 'bytes'
  /** A RecordBatch set, kept as raw bytes (Buffer), never parsed by the codec. */
  | 'records'
  | 'uuid';

export type FieldType = PrimitiveType | { array: FieldType } | { struct: Field[] };

export interface Field {
  /** camelCase of the JSON definition's name: `TransactionalId` -> `transactionalId`. */
  name: string;
  type: FieldType;
  versions: VersionRange;
  nullableVersions?: VersionRange;
  /** Present for tagged fields: written in the tagged-field section of flexible versions only. */
  tag?: number;
  taggedVersions?: VersionRange;
  /** The value used when absent (not in this version, or an unset tagged field). */
  default?: unknown;
}

export interface MessageSchema {
  apiKey: number;
  /** Kafka's name of the API, e.g. 'Produce'. */
  name: string;
  /** The versions this gateway reads and writes (a subset of Kafka's validVersions). */
  versions: VersionRange;
  /** First flexible version (compact encodings and tagged fields); undefined if none is. */
  flexibleFrom?: number;
  request: Field[];
  response: Field[];
}

/** Parses a definition's version string: "0+", "3-5", "7", "none". */
export function range(spec: string): VersionRange {
  if (spec === 'none') return { min: Number.MAX_SAFE_INTEGER, max: -1 };
  const plus = /^(\d+)\+$/.exec(spec);
  if (plus) return { min: Number(plus[1]) };
  const span = /^(\d+)-(\d+)$/.exec(spec);
  if (span) return { min: Number(span[1]), max: Number(span[2]) };
  if (/^\d+$/.test(spec)) return { min: Number(spec), max: Number(spec) };
  throw new Error(`bad version range: ${spec}`);
}

export function inRange(r: VersionRange | undefined, version: number): boolean {
  return r !== undefined && version >= r.min && (r.max === undefined || version <= r.max);
}

export interface FieldOptions {
  nullable?: string;
  tag?: number;
  tagged?: string;
  default?: unknown;
}

/** One field, written as in the JSON: `field('topics', array(struct(...)), '0+')`. */
export function field(name: string, type: FieldType, versions: string, opts: FieldOptions = {}): Field {
  return {
    name,
    type,
    versions: range(versions),
    ...(opts.nullable !== undefined ? { nullableVersions: range(opts.nullable) } : {}),
    ...(opts.tag !== undefined ? { tag: opts.tag, taggedVersions: range(opts.tagged ?? versions) } : {}),
    ...(opts.default !== undefined ? { default: opts.default } : {}),
  };
}

export const array = (of: FieldType): FieldType => ({ array: of });
export const struct = (...fields: Field[]): FieldType => ({ struct: fields });
