/** Option parsers of the command line: each returns the parsed value or throws commander's InvalidArgumentError. */
import { InvalidArgumentError } from 'commander';
import type { StartFrom } from './commands/consume.ts';

export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export function nonNegativeInt(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return Number(v);
  };
}

export function positiveInt(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) === 0) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return Number(v);
  };
}

export function collectConfig(v: string, previous: Record<string, string>): Record<string, string> {
  const at = v.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`config must be key=value, got ${JSON.stringify(v)}`);
  return { ...previous, [v.slice(0, at)]: v.slice(at + 1) };
}

/**
 * `--from`: `beginning`/`earliest`, `end`/`latest`, an offset (digits), or a time: an ISO 8601
 * date-time, or epoch milliseconds written `@MS` (kcat writes `s@MS`, also accepted). Plain digits
 * stay an offset, as in kcat's `-o`.
 */
export function parseFrom(v: string): StartFrom {
  if (v === 'beginning' || v === 'earliest') return 'beginning';
  if (v === 'end' || v === 'latest') return 'end';
  if (/^\d+$/.test(v)) return Number(v);
  const epoch = /^s?@(\d+)$/.exec(v);
  if (epoch) return { timestamp: Number(epoch[1]) };
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return { timestamp: parseDatetime(v) };
  throw new InvalidArgumentError('must be beginning, end, an offset, an ISO 8601 time (2026-01-31T12:00:00Z) or @epoch-ms');
}

/** `--time`: an ISO 8601 date-time or epoch milliseconds. */
export function parseTime(v: string): number {
  if (/^\d+$/.test(v)) return Number(v);
  return parseDatetime(v);
}

export function parseDatetime(v: string): number {
  const t = Date.parse(v);
  if (Number.isNaN(t) || t < 0) throw new InvalidArgumentError('must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z');
  return t;
}

export function parseInteger(v: string): number {
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError('must be an integer');
  return Number(v);
}

export function parsePartitions(v: string): number[] {
  if (!/^\d+(,\d+)*$/.test(v)) throw new InvalidArgumentError('must be partition numbers separated by commas');
  return v.split(',').map(Number);
}


/** `host:port`, `[v6]:port`, or `:port` (host left to the default); port 0-65535. */
export function parseHostPort(name: string) {
  return (v: string): { host?: string; port: number } => {
    const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(v);
    const port = m ? Number(m[3]) : NaN;
    if (!m || port > 65_535) throw new InvalidArgumentError(`${name} must be host:port (e.g. 127.0.0.1:9092, [::1]:9092, :9092)`);
    const host = m[1] ?? m[2];
    return host ? { host, port } : { port };
  };
}
