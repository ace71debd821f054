/**
 * One produce request being filled: records grouped by partition, plus the sends waiting on it.
 * Each send remembers where its records sit (partition, first position, count), so that when the
 * service answers with each partition's base offset the send learns its own offsets:
 * offset = baseOffset(partition) + position.
 */
import type { OutgoingRecord } from './message.ts';
import type { PartitionRecords, ProducedPartition } from './produce-request.ts';

/** What `send` resolves with, one per partition the send touched (KafkaJS's RecordMetadata, numeric). */
export interface RecordMetadata {
  topicName: string;
  partition: number;
  errorCode: 0;
  /** Offset of this send's first record in the partition. */
  baseOffset: number;
  /** This send's records in the partition: offsets `[baseOffset, baseOffset + recordCount)`. */
  recordCount: number;
  /** Commit time, ms since epoch. */
  logAppendTime: number;
}

export interface Slice {
  partition: number;
  start: number;
  count: number;
}

export interface WaitingSend {
  slices: Slice[];
  resolve(meta: RecordMetadata[]): void;
  reject(error: unknown): void;
}

export interface PlacedRecord {
  record: OutgoingRecord;
  partition: number;
}

export class OpenBatch {
  readonly partitions = new Map<number, OutgoingRecord[]>();
  readonly sends: WaitingSend[] = [];
  bytes = 0;
  records = 0;

  constructor(readonly topic: string, readonly stickyPartition: number) {}

  /** Adds one send's records; its slices are contiguous per partition because sends append in turn. */
  add(placed: PlacedRecord[], bytes: number, settle: Omit<WaitingSend, 'slices'>): void {
    const slices = new Map<number, Slice>();
    for (const { record, partition } of placed) {
      let list = this.partitions.get(partition);
      if (!list) this.partitions.set(partition, (list = []));
      const slice = slices.get(partition);
      if (slice) slice.count++;
      else slices.set(partition, { partition, start: list.length, count: 1 });
      list.push(record);
    }
    this.bytes += bytes;
    this.records += placed.length;
    this.sends.push({ ...settle, slices: [...slices.values()] });
  }

  /** Partitions in ascending order, records in send order. */
  parts(): PartitionRecords[] {
    return [...this.partitions.entries()].sort(([a], [b]) => a - b).map(([partition, records]) => ({ partition, records }));
  }

  /**
   * Resolves each send whose partitions all committed; rejects the others with `error` (a send
   * spanning partitions may thus fail after some of its records landed, as in Kafka).
   */
  settle(committed: Map<number, ProducedPartition>, error?: unknown): void {
    for (const send of this.sends) {
      if (!send.slices.every((s) => committed.has(s.partition))) {
        send.reject(error ?? new Error('produce response lacks a partition of this send'));
        continue;
      }
      send.resolve(send.slices.map((s) => {
        const p = committed.get(s.partition)!;
        return { topicName: this.topic, partition: s.partition, errorCode: 0, baseOffset: p.baseOffset + s.start, recordCount: s.count, logAppendTime: p.logAppendTime };
      }));
    }
  }

  fail(error: unknown): void {
    for (const send of this.sends) send.reject(error);
  }

  /** One batch per send, each alone: used to find which send a refused request was refused for. */
  splitBySend(): OpenBatch[] {
    return this.sends.map((send) => {
      const single = new OpenBatch(this.topic, this.stickyPartition);
      const placed = send.slices.flatMap((s) =>
        this.partitions.get(s.partition)!.slice(s.start, s.start + s.count).map((record) => ({ record, partition: s.partition })));
      single.add(placed, 0, { resolve: send.resolve, reject: send.reject });
      return single;
    });
  }
}
