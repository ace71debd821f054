/**
 * The body of `POST /v1/topics/{topic}/records`, in either wire mode.
 *
 * Binary (`application/vnd.sluice.batches`, the default): one frame per partition,
 * `[int32 partition][int32 length][RecordBatch v2]`, the batch encoded here with the chosen
 * compression and stored by the server as sent.
 *
 * JSON: records with base64 keys, values and header values, each pinned to its partition (the
 * client always partitions, so it knows each record's position and thus its offset).
 *
 * Either way, a partition's records appear in the order they were sent, so the record at
 * position i of partition p gets offset `baseOffset(p) + i`.
 */
import { BATCHES_CONTENT_TYPE, encodeFrames } from '../shared/api/frames.ts';
import { encodeBatch } from '../shared/codec/index.ts';
import type { Compression } from '../shared/codec/types.ts';
import type { OutgoingRecord } from './message.ts';

export type { Compression };
export type WireMode = 'binary' | 'json';

export interface PartitionRecords {
  partition: number;
  records: OutgoingRecord[];
}

export interface ProducedPartition {
  partition: number;
  baseOffset: number;
  recordCount: number;
  logAppendTime: number;
}

export interface ProduceResponse {
  topic: string;
  partitions: ProducedPartition[];
}

export function binaryProduceBody(parts: PartitionRecords[], compression: Compression): { bytes: Buffer; contentType: string } {
  const frames = parts.map(({ partition, records }) => ({
    partition,
    batches: encodeBatch(records.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })), { compression }),
  }));
  return { bytes: encodeFrames(frames), contentType: BATCHES_CONTENT_TYPE };
}

const b64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));

export function jsonProduceBody(parts: PartitionRecords[], compression: Compression) {
  return {
    encoding: 'base64' as const,
    ...(compression === 'none' ? {} : { compression }),
    records: parts.flatMap(({ partition, records }) => records.map((r) => ({
      partition,
      key: b64(r.key),
      value: b64(r.value),
      timestamp: r.timestamp,
      ...(r.headers.length ? { headers: r.headers.map((h) => ({ key: h.key, value: b64(h.value) })) } : {}),
    }))),
  };
}
