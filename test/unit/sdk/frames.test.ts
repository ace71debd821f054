import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../../../shared/api/frames.ts';
import { decodeBatches } from '../../../shared/codec/index.ts';
import { binaryProduceBody, jsonProduceBody } from '../../../sdk/produce-request.ts';
import type { OutgoingRecord } from '../../../sdk/message.ts';

const rec = (value: string, key: string | null = null, timestamp = 1_700_000_000_000): OutgoingRecord => ({
  key: key === null ? null : Buffer.from(key), value: Buffer.from(value), headers: [{ key: 'h', value: Buffer.from('1') }], timestamp,
});

describe('produce request bodies', () => {
  it('frames each partition as [int32 partition][int32 length][one RecordBatch v2] in partition order', () => {
    const { bytes, contentType } = binaryProduceBody([
      { partition: 0, records: [rec('a', 'k1'), rec('b')] },
      { partition: 3, records: [rec('c', 'k2', 1_700_000_000_500)] },
    ], 'none');
    expect(contentType).toBe('application/vnd.sluice.batches');
    expect(bytes.readInt32BE(0)).toBe(0);
    const firstLength = bytes.readInt32BE(4);
    expect(bytes.readInt32BE(8 + firstLength)).toBe(3);
    const frames = decodeFrames(bytes);
    expect(frames.map((f) => f.partition)).toEqual([0, 3]);
    const p0 = decodeBatches(frames[0]!.batches);
    expect(p0).toHaveLength(1);
    expect(p0[0]!.header.magic).toBe(2);
    expect(p0[0]!.records.map((r) => [r.offset, r.key?.toString() ?? null, r.value!.toString()])).toEqual([[0, 'k1', 'a'], [1, null, 'b']]);
    const p3 = decodeBatches(frames[1]!.batches)[0]!;
    expect(p3.records[0]).toMatchObject({ timestamp: 1_700_000_000_500, headers: [{ key: 'h', value: Buffer.from('1') }] });
  });

  it('compresses each batch with the chosen codec', () => {
    for (const compression of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
      const { bytes } = binaryProduceBody([{ partition: 1, records: Array.from({ length: 50 }, (_, i) => rec(`value-${i}`.repeat(10))) }], compression);
      const [batch] = decodeBatches(decodeFrames(bytes)[0]!.batches);
      expect(batch!.header.compression).toBe(compression);
      expect(batch!.records.map((r) => r.value!.toString())).toEqual(Array.from({ length: 50 }, (_, i) => `value-${i}`.repeat(10)));
    }
  });

  it('writes JSON records pinned to their partition, base64-encoded, in partition then send order', () => {
    const body = jsonProduceBody([
      { partition: 2, records: [rec('x', 'k'), { key: null, value: null, headers: [], timestamp: 5 }] },
      { partition: 0, records: [rec('y')] },
    ], 'none');
    expect(body).toEqual({
      encoding: 'base64',
      records: [
        { partition: 2, key: 'aw==', value: 'eA==', timestamp: 1_700_000_000_000, headers: [{ key: 'h', value: 'MQ==' }] },
        { partition: 2, key: null, value: null, timestamp: 5 },
        { partition: 0, key: null, value: 'eQ==', timestamp: 1_700_000_000_000, headers: [{ key: 'h', value: 'MQ==' }] },
      ],
    });
    expect(jsonProduceBody([{ partition: 0, records: [rec('y')] }], 'zstd')).toMatchObject({ compression: 'zstd' });
  });
});
