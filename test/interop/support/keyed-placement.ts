/**
 * The check behind "keyed records land on the partition the client chose": every delivery report
 * points at a record that is really there, and every record sits on its key's partition by the
 * client's partitioner.
 */
import { expect } from 'vitest';
import type { ReadRecord } from './records.ts';

export function expectKeyedPlacement(
  deliveries: readonly { partition: number; offset: number; value?: string }[],
  read: readonly ReadRecord[],
  expectedPartition: (key: string) => number,
): void {
  const at = new Map(read.map((r) => [`${r.partition}/${r.offset}`, r]));
  expect(read.length).toBe(deliveries.length);
  for (const d of deliveries) {
    const found = at.get(`${d.partition}/${d.offset}`);
    expect(found, `a record at partition ${d.partition} offset ${d.offset}, as the delivery report said`).toBeDefined();
    if (d.value !== undefined) expect(found?.value).toBe(d.value);
  }
  for (const r of read) {
    expect(r.key).not.toBeNull();
    expect(r.partition, `partition of key ${r.key}`).toBe(expectedPartition(r.key ?? ''));
  }
  // More than one partition used, or the check proves little.
  expect(new Set(read.map((r) => r.partition)).size).toBeGreaterThan(1);
}

/** `count` records over ten keys, values unique. */
export function keyedRecords(tag: string, count: number): { key: string; value: string; headers: [string, string][] }[] {
  return Array.from({ length: count }, (_, n) => ({ key: `user-${n % 10}`, value: `${tag}-${n}`, headers: [] }));
}
