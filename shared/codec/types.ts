/**
 * The public types of the RecordBatch v2 codec. Kept apart from the code so that readers of the
 * API (the log, the SDK) see the shapes without the byte-level details.
 */

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export type TimestampType = 'create' | 'logAppend';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface RecordInput {
  key: Buffer | null;
  value: Buffer | null;
  headers?: RecordHeader[];
  /** Milliseconds since the epoch (Kafka's CreateTime). */
  timestamp: number;
}

export interface BatchOptions {
  /** Offset of the first record; 0 until the commit knows the real one (see setBaseOffset). */
  baseOffset?: number;
  /** Default 'none'. */
  compression?: Compression;
  /** Default 'create'. */
  timestampType?: TimestampType;
  /** Used only with timestampType 'logAppend'; default Date.now(). */
  logAppendTime?: number;
  /** Default -1 (not idempotent). */
  producerId?: number;
  /** Default -1. */
  producerEpoch?: number;
  /** Default -1. */
  baseSequence?: number;
  /** Default false. */
  transactional?: boolean;
  /** Default -1. */
  partitionLeaderEpoch?: number;
  /**
   * Each record's offset delta, ascending from 0; default 0, 1, 2, ... A compacted batch keeps
   * the deltas its surviving records had (holes between them), as Kafka's log cleaner does.
   */
  offsetDeltas?: readonly number[];
  /** The batch's last offset delta; default that of the last record. A compacted batch keeps its original one. */
  lastOffsetDelta?: number;
}

export interface BatchHeader {
  baseOffset: number;
  /** Bytes after the batchLength field. */
  batchLength: number;
  /** batchLength + 12: bytes of the whole batch. */
  size: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  compression: Compression;
  timestampType: TimestampType;
  transactional: boolean;
  control: boolean;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export interface DecodedRecord {
  offset: number;
  /** For a logAppend batch, the batch's maxTimestamp (the log-append time), as Kafka reports it. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface DecodeOptions {
  /** Refuse decompression past this many bytes (decompression bombs). Default 64 MiB. */
  maxUncompressedBytes?: number;
  /** Default true. */
  verifyCrc?: boolean;
}

export interface DecodedBatch {
  header: BatchHeader;
  records: DecodedRecord[];
}
