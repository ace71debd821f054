import { SluiceError } from './errors.ts';

/**
 * Topic configs Sluice understands, with Kafka's names, defaults and value rules. Values are kept
 * as strings, as Kafka does; `effectiveConfigs` fills in the defaults.
 */
interface ConfigSpec {
  default: string;
  doc: string;
  /** Returns the normalized value, or throws with a message a user can act on. */
  parse(value: string): string;
}

function integer(min: number): (value: string) => string {
  return (value) => {
    if (!/^-?\d+$/.test(value)) throw new Error(`must be an integer`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`must be an integer >= ${min}`);
    return String(n);
  };
}

/** Kafka's long millisecond configs: up to Long.MAX_VALUE, which means "never". */
function longMs(min: number): (value: string) => string {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new Error('must be a non-negative integer (ms)');
    if (BigInt(value) > 9223372036854775807n) throw new Error('must be at most 9223372036854775807');
    if (BigInt(value) < BigInt(min)) throw new Error(`must be at least ${min}`);
    return String(BigInt(value));
  };
}

function ratio(value: string): string {
  if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(value)) throw new Error('must be a number between 0 and 1');
  return String(Number(value));
}

function oneOf(...allowed: string[]): (value: string) => string {
  return (value) => {
    if (!allowed.includes(value)) throw new Error(`must be one of ${allowed.join(', ')}`);
    return value;
  };
}

export const TOPIC_CONFIGS: Record<string, ConfigSpec> = {
  'retention.ms': { default: '604800000', doc: 'How long records are kept (ms); -1 keeps them forever.', parse: integer(-1) },
  'retention.bytes': { default: '-1', doc: 'Bytes kept per partition before the oldest are dropped; -1 is unlimited.', parse: integer(-1) },
  'cleanup.policy': {
    default: 'delete',
    doc: 'delete, compact, or both (compact,delete).',
    parse: (v) => {
      const parts = [...new Set(v.split(',').map((s) => s.trim()))].sort();
      if (parts.length === 0 || parts.some((p) => p !== 'delete' && p !== 'compact')) {
        throw new Error('must be delete, compact or compact,delete');
      }
      return parts.join(',');
    },
  },
  'max.message.bytes': { default: '1048588', doc: 'Largest record batch accepted (bytes), as in Kafka.', parse: integer(1) },
  'message.timestamp.type': {
    default: 'CreateTime',
    doc: 'CreateTime keeps the producer timestamp; LogAppendTime stamps the commit time.',
    parse: oneOf('CreateTime', 'LogAppendTime'),
  },
  'delete.retention.ms': { default: '86400000', doc: 'How long tombstones are kept on compacted topics (ms).', parse: integer(0) },
  'min.compaction.lag.ms': {
    default: '0',
    doc: 'Compacted topics: the least time a record stays uncompacted (ms).',
    parse: longMs(0),
  },
  'max.compaction.lag.ms': {
    default: '9223372036854775807',
    doc: 'Compacted topics: the most time a record may stay uncompacted; past it a partition is compacted whatever its dirty ratio (ms).',
    parse: longMs(1),
  },
  'min.cleanable.dirty.ratio': {
    default: '0.5',
    doc: 'Compacted topics: compact a partition once this share of its compactable bytes is not yet compacted.',
    parse: ratio,
  },
  'segment.bytes': {
    default: '67108864',
    doc: 'Target size of the segments maintenance merges a partition into (bytes).',
    parse: integer(1024),
  },
  'segment.ms': {
    default: '600000',
    doc: 'Age after which a partition\'s unmerged batches are merged even below segment.bytes (ms).',
    parse: integer(1000),
  },
};

export type TopicConfigName = keyof typeof TOPIC_CONFIGS;

/** Validates configs given by a user; returns them normalized. Unknown names are refused. */
export function parseConfigs(input: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input)) {
    const spec = Object.hasOwn(TOPIC_CONFIGS, name) ? TOPIC_CONFIGS[name] : undefined;
    if (!spec) {
      throw new SluiceError('INVALID_CONFIG', `unknown topic config ${JSON.stringify(name)}; known: ${Object.keys(TOPIC_CONFIGS).join(', ')}`);
    }
    try {
      out[name] = spec.parse(String(raw).trim());
    } catch (e) {
      throw new SluiceError('INVALID_CONFIG', `config ${name}=${JSON.stringify(raw)} ${(e as Error).message}`, { config: name });
    }
  }
  return out;
}

/** Config changes: a value sets a config, null restores its default. */
export type ConfigChanges = Record<string, string | number | null>;

/**
 * The explicit configs after `changes`, validated: unknown names and bad values are refused, so a
 * caller can check a change (validate-only requests) without storing it.
 */
export function applyConfigChanges(explicit: Record<string, string>, changes: ConfigChanges): Record<string, string> {
  const sets: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) {
      if (!Object.hasOwn(TOPIC_CONFIGS, k)) throw new SluiceError('INVALID_CONFIG', `unknown topic config ${JSON.stringify(k)}`);
    } else sets[k] = v;
  }
  const configs = { ...explicit, ...parseConfigs(sets) };
  for (const [k, v] of Object.entries(changes)) if (v === null) delete configs[k];
  return configs;
}

/** Every known config with its effective value. */
export function effectiveConfigs(explicit: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(TOPIC_CONFIGS)) out[name] = explicit[name] ?? spec.default;
  return out;
}

export function maxMessageBytes(explicit: Record<string, string>): number {
  return Number(explicit['max.message.bytes'] ?? TOPIC_CONFIGS['max.message.bytes']!.default);
}

export function usesLogAppendTime(explicit: Record<string, string>): boolean {
  return explicit['message.timestamp.type'] === 'LogAppendTime';
}

/** A config's effective value as a number (every numeric config has a numeric default). */
export function numericConfig(
  explicit: Record<string, string>,
  name:
    | 'retention.ms'
    | 'retention.bytes'
    | 'segment.bytes'
    | 'segment.ms'
    | 'delete.retention.ms'
    | 'min.compaction.lag.ms'
    | 'max.compaction.lag.ms'
    | 'min.cleanable.dirty.ratio',
): number {
  // Long.MAX_VALUE and the like come out as MAX_SAFE_INTEGER-ish floats: still "never".
  return Number(explicit[name] ?? TOPIC_CONFIGS[name]!.default);
}

/** Whether the log cleaner keeps the latest record per key: `compact` or `compact,delete`. */
export function compacts(explicit: Record<string, string>): boolean {
  return (explicit['cleanup.policy'] ?? TOPIC_CONFIGS['cleanup.policy']!.default).split(',').includes('compact');
}

/** Whether time and size retention apply: `delete` or `compact,delete`. */
export function deletesByRetention(explicit: Record<string, string>): boolean {
  return (explicit['cleanup.policy'] ?? TOPIC_CONFIGS['cleanup.policy']!.default).split(',').includes('delete');
}
