/**
 * The records the interop tests write and what they expect back. Values carry non-ASCII text
 * and headers carry repeated names and an empty value, so a client or gateway that re-encodes,
 * reorders or drops anything shows up as a difference.
 */
import type { ClientEvent } from './python-client.ts';

export interface TestRecord {
  key: string | null;
  value: string;
  headers: [string, string][];
}

/** A record as a client read it back. */
export interface ReadRecord extends TestRecord {
  partition: number;
  offset: number;
}

/** `count` keyed records with headers, values unique within the set (`{tag}-{n}`). */
export function sampleRecords(tag: string, count: number): TestRecord[] {
  return Array.from({ length: count }, (_, n) => ({
    key: `key-${n % 7}`,
    value: `${tag}-${n} ünïcödé ✓ ${'x'.repeat(n * 13)}`,
    headers: [
      ['trace', `t-${n}`],
      ['source', tag],
      ['trace', ''],
    ],
  }));
}

/** The `record` events of a client script, in the order it printed them. */
export function readRecords(events: readonly ClientEvent[]): ReadRecord[] {
  return events
    .filter((e) => e.event === 'record')
    .map((e) => ({
      partition: e.partition as number,
      offset: e.offset as number,
      key: e.key as string | null,
      value: e.value as string,
      headers: (e.headers as [string, string][] | undefined) ?? [],
    }));
}

/** Just what the producer chose, for toEqual against what was sent. */
export function content(records: readonly TestRecord[]): TestRecord[] {
  return records.map(({ key, value, headers }) => ({ key, value, headers }));
}

/** Records grouped by partition, each list in read order. */
export function byPartition<T extends { partition: number }>(records: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of records) out.set(r.partition, [...(out.get(r.partition) ?? []), r]);
  return out;
}

/** The offsets, in read order: compared with {@link range} to show no gap and no repeat. */
export function offsetsOf(records: readonly { offset: number }[]): number[] {
  return records.map((r) => r.offset);
}

export function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}
