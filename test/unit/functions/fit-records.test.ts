import { describe, expect, it } from 'vitest';
import { fittedJson, type PartitionRecords } from '../../../functions/fetch/fit-records.ts';
import { isSluiceError } from '../../../shared/api/errors.ts';
import type { RecordJson } from '../../../shared/api/records-json.ts';

// A JSON fetch answer cut to what a buffered Function URL result can carry (functions/fetch).

function records(from: number, n: number, valueBytes = 40): RecordJson[] {
  return Array.from({ length: n }, (_, i) => ({
    offset: from + i,
    timestamp: 1_700_000_000_000 + i,
    timestampType: 'CreateTime' as const,
    key: `k"${i}`,
    value: 'v'.repeat(valueBytes),
    headers: [{ key: 'h', value: '"quoted"' }],
  }));
}

/** Bytes of the answer as Lambda carries it: a JSON string inside its JSON result. */
const resultBytes = (body: string) => Buffer.byteLength(JSON.stringify(body));

describe('fittedJson', () => {
  it('returns the answer as it is when it fits', () => {
    const answer = { topic: 't', partition: 0, nextOffset: 20, records: records(0, 20) };
    const body = fittedJson(answer, [answer], [0], 1_000_000);
    expect(body).toBe(JSON.stringify(answer));
    expect(answer.records).toHaveLength(20);
  });

  it('keeps the first records that fit, counting the escaping, and moves nextOffset past the last kept', () => {
    const answer = { topic: 't', partition: 0, highWatermark: 120, nextOffset: 120, records: records(100, 20) };
    const whole = resultBytes(JSON.stringify(answer));
    const limit = Math.floor(whole * 0.6);
    const body = fittedJson(answer, [answer], [100], limit);
    expect(resultBytes(body)).toBeLessThanOrEqual(limit);
    const parsed = JSON.parse(body) as typeof answer;
    expect(parsed.records.length).toBeGreaterThan(5);
    expect(parsed.records.length).toBeLessThan(20);
    // A prefix, in order, and the next fetch starts right after it.
    expect(parsed.records.map((r) => r.offset)).toEqual(records(100, parsed.records.length).map((r) => r.offset));
    expect(parsed.nextOffset).toBe(100 + parsed.records.length);
    expect(parsed.highWatermark).toBe(120);
    // As many as fit: one more would not.
    const oneMore = { ...answer, records: records(100, parsed.records.length + 1) };
    expect(resultBytes(JSON.stringify(oneMore))).toBeGreaterThan(limit);
  });

  it('takes records from the last partition first; one left with none is read again from its offset', () => {
    const a: PartitionRecords & { partition: number } = { partition: 0, nextOffset: 10, records: records(0, 10) };
    const b: PartitionRecords & { partition: number } = { partition: 1, nextOffset: 60, records: records(50, 10) };
    const err = { partition: 2, nextOffset: 7, error: { code: 'OFFSET_OUT_OF_RANGE' } };
    const answer = { partitions: [a, b, err] };
    const withoutB = resultBytes(JSON.stringify({ partitions: [{ ...a }, { ...b, records: [] }, err] }));
    const body = fittedJson(answer, [a, b, err], [0, 50, 7], withoutB - 10);
    const parsed = JSON.parse(body) as { partitions: Array<{ nextOffset: number; records?: RecordJson[] }> };
    expect(parsed.partitions[1]!.records).toEqual([]);
    expect(parsed.partitions[1]!.nextOffset).toBe(50);
    expect(parsed.partitions[0]!.records!.length).toBeGreaterThan(0);
    expect(parsed.partitions[0]!.records!.length).toBeLessThan(10);
    expect(parsed.partitions[0]!.nextOffset).toBe(parsed.partitions[0]!.records!.length);
    expect(parsed.partitions[2]).toEqual(err);
  });

  it('refuses with RECORD_TOO_LARGE (413) when not even the first record fits', () => {
    const answer = { nextOffset: 1, records: records(0, 1, 5000) };
    let caught: unknown;
    try {
      fittedJson(answer, [answer], [0], 2000);
    } catch (e) {
      caught = e;
    }
    expect(isSluiceError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'RECORD_TOO_LARGE', status: 413 });
  });
});
