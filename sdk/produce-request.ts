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
 * position i of partition p gets offset `baseOffset(p) + i`. Partitions commit independently, so
 * a retry resends only the partitions that did not commit: bodies are built per subset, from
 * batches encoded once.
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

/** An idempotent producer's identity and the first sequence of each partition's records in one request. */
export interface ProducerSequences {
  producerId: number;
  producerEpoch: number;
  baseSequences: Map<number, number>;
}

function encodePartition({ partition, records }: PartitionRecords, compression: Compression, producer?: ProducerSequences) {
  const stamp = producer
    ? { producerId: producer.producerId, producerEpoch: producer.producerEpoch, baseSequence: producer.baseSequences.get(partition)! }
    : {};
  return {
    partition,
    batches: encodeBatch(records.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })), { compression, ...stamp }),
  };
}

export function binaryProduceBody(parts: PartitionRecords[], compression: Compression, producer?: ProducerSequences): { bytes: Buffer; contentType: string } {
  return { bytes: encodeFrames(parts.map((p) => encodePartition(p, compression, producer))), contentType: BATCHES_CONTENT_TYPE };
}

const b64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));

export function jsonProduceBody(parts: PartitionRecords[], compression: Compression, producer?: ProducerSequences) {
  return {
    encoding: 'base64' as const,
    ...(compression === 'none' ? {} : { compression }),
    ...(producer
      ? {
          producer: {
            producerId: producer.producerId,
            producerEpoch: producer.producerEpoch,
            baseSequences: Object.fromEntries(parts.map((p) => [String(p.partition), producer.baseSequences.get(p.partition)!])),
          },
        }
      : {}),
    records: parts.flatMap(({ partition, records }) => records.map((r) => ({
      partition,
      key: b64(r.key),
      value: b64(r.value),
      timestamp: r.timestamp,
      ...(r.headers.length ? { headers: r.headers.map((h) => ({ key: h.key, value: b64(h.value) })) } : {}),
    }))),
  };
}

/** A produce body, as `Transport.call` takes it. */
export type ProduceBody = { body: { bytes: Buffer; contentType: string } } | { json: ReturnType<typeof jsonProduceBody> };

/** Encodes once; returns the body for any subset of the partitions. */
export function produceBodyBuilder(
  parts: PartitionRecords[],
  compression: Compression,
  mode: WireMode,
  producer?: ProducerSequences,
): (partitions: Set<number>) => ProduceBody {
  if (mode === 'json') return (only) => ({ json: jsonProduceBody(parts.filter((p) => only.has(p.partition)), compression, producer) });
  const encoded = parts.map((p) => encodePartition(p, compression, producer));
  return (only) => ({ body: { bytes: encodeFrames(encoded.filter((f) => only.has(f.partition))), contentType: BATCHES_CONTENT_TYPE } });
}
