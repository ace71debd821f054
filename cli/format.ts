/**
 * How `sluice consume` prints a record.
 *
 * - `--format FMT`, kcat's `-f` tokens: `%t` topic, `%p` partition, `%o` offset, `%k` key, `%s`
 *   value, `%T` timestamp (epoch ms), `%h` headers (`k=v,k=v`), `%K` key length and `%S` value
 *   length in bytes (-1 for null), `%%` a percent sign; escapes `\n`, `\t`, `\r`, `\\`. Nothing is
 *   appended: end the format with `\n` for one record per line, as with kcat.
 * - `--output json`: one JSON object per line (for jq) with every field; keys, values and header
 *   values as UTF-8 strings, or null.
 * - neither: the value, or `key SEP value` with `--key-separator`, then a newline.
 */
import type { ConsumedRecord } from '../sdk/index.ts';
import { UsageError } from './io.ts';

export type RecordFormatter = (r: ConsumedRecord) => string;

const text = (b: Buffer | null) => b?.toString('utf8') ?? '';
const len = (b: Buffer | null) => (b ? String(b.length) : '-1');

const TOKENS: Record<string, RecordFormatter> = {
  t: (r) => r.topic,
  p: (r) => String(r.partition),
  o: (r) => String(r.offset),
  k: (r) => text(r.key),
  s: (r) => text(r.value),
  T: (r) => String(r.timestamp),
  h: (r) => r.headers.map((h) => `${h.key}=${text(h.value)}`).join(','),
  K: (r) => len(r.key),
  S: (r) => len(r.value),
};

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };

/** Compiles a kcat-style format once; throws a usage error on an unknown token. */
export function compileFormat(format: string): RecordFormatter {
  const parts: (string | RecordFormatter)[] = [];
  let literal = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    const next = format[i + 1];
    if (c === '%' && next !== undefined) {
      i++;
      if (next === '%') literal += '%';
      else if (TOKENS[next]) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push(TOKENS[next]);
      } else throw new UsageError(`--format: unknown token %${next} (known: %t %p %o %k %s %T %h %K %S %%)`);
    } else if (c === '\\' && next !== undefined && ESCAPES[next] !== undefined) {
      literal += ESCAPES[next];
      i++;
    } else literal += c;
  }
  if (literal) parts.push(literal);
  return (r) => parts.map((p) => (typeof p === 'string' ? p : p(r))).join('');
}

/** One JSON object and a newline. */
export function jsonRecord(r: ConsumedRecord): string {
  return `${JSON.stringify({
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key ? r.key.toString('utf8') : null,
    value: r.value ? r.value.toString('utf8') : null,
    headers: r.headers.map((h) => ({ key: h.key, value: h.value ? h.value.toString('utf8') : null })),
  })}\n`;
}

/** The default: value, or key SEP value. */
export function plainRecord(keySeparator?: string): RecordFormatter {
  return (r) => (keySeparator === undefined ? `${text(r.value)}\n` : `${text(r.key)}${keySeparator}${text(r.value)}\n`);
}

export interface OutputChoice {
  format?: string;
  output?: 'text' | 'json';
  keySeparator?: string;
}

/** The formatter the options ask for; `--format` and `--output json` exclude each other. */
export function recordFormatter(o: OutputChoice): RecordFormatter {
  if (o.format !== undefined && o.output === 'json') throw new UsageError('--format and --output json do not go together');
  if (o.output === 'json') return jsonRecord;
  if (o.format !== undefined) return compileFormat(o.format);
  return plainRecord(o.keySeparator);
}
