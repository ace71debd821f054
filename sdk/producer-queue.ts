/**
 * Per-topic batching (the producer's accumulator). Sends append to the open batch; it closes when
 * `lingerMs` has passed since its first send (0: at the end of the current event-loop turn, so
 * sends issued together still share a request), or when it reaches `batchBytes` or
 * `maxRecords`. Closed batches go out in order with at most `maxInFlight` requests in flight
 * (default 1: a partition's records commit in the order they were sent, as with Kafka's
 * idempotent producer; while one request is out, the next batch fills).
 *
 * As in Kafka's accumulator, a closed batch still waiting for a request slot keeps taking sends
 * while it has room: under load, requests grow towards `batchBytes` by themselves (throughput
 * times round trip) instead of queueing many small ones, each of which costs an S3 PUT and a
 * DynamoDB write per partition.
 */
import { OpenBatch, type PlacedRecord, type RecordMetadata } from './producer-batch.ts';

export interface QueueOptions {
  lingerMs: number;
  batchBytes: number;
  maxRecords: number;
  maxInFlight: number;
}

/** Sends one closed batch and settles its sends; never rejects. */
export type Dispatch = (batch: OpenBatch) => Promise<void>;

export class ProducerQueue {
  private open: OpenBatch | undefined;
  private timer: { cancel(): void } | undefined;
  private readonly ready: OpenBatch[] = [];
  private inFlight = 0;
  private idle: (() => void)[] = [];
  private nextSticky: number;

  constructor(
    private readonly topic: string,
    private readonly options: QueueOptions,
    private readonly dispatch: Dispatch,
    random: () => number = Math.random,
  ) {
    this.nextSticky = Math.floor(random() * 1_000_000);
  }

  /** The sticky partition of the batch a keyless record would join now. */
  stickyPartition(partitionCount: number): number {
    return (this.open?.stickyPartition ?? this.nextSticky) % partitionCount;
  }

  /**
   * Appends one send. `place` assigns partitions given the batch's sticky partition; it runs after
   * any size-triggered close, so keyless records land on the batch they will travel in.
   */
  append(size: number, count: number, place: (sticky: number) => PlacedRecord[]): Promise<RecordMetadata[]> {
    const o = this.options;
    if (this.open && this.open.records > 0 && (this.open.bytes + size > o.batchBytes || this.open.records + count > o.maxRecords)) {
      this.close();
    }
    const waiting = this.open ? undefined : this.waitingWithRoom(size, count);
    const batch = waiting ?? (this.open ??= this.openBatch());
    const placed = place(batch.stickyPartition);
    const done = new Promise<RecordMetadata[]>((resolve, reject) => batch.add(placed, size, { resolve, reject }));
    if (batch.bytes >= o.batchBytes || batch.records >= o.maxRecords) this.close();
    return done;
  }

  /** Closes the open batch and resolves once everything queued has been answered. */
  flush(): Promise<void> {
    this.close();
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** The last closed batch not yet sent, if the send fits in it: nothing was appended after it. */
  private waitingWithRoom(size: number, count: number): OpenBatch | undefined {
    const last = this.ready.at(-1);
    if (!last) return undefined;
    const o = this.options;
    return last.bytes + size <= o.batchBytes && last.records + count <= o.maxRecords ? last : undefined;
  }

  private openBatch(): OpenBatch {
    const batch = new OpenBatch(this.topic, this.nextSticky++);
    if (this.options.lingerMs <= 0) {
      const h = setImmediate(() => this.close());
      this.timer = { cancel: () => clearImmediate(h) };
    } else {
      const h = setTimeout(() => this.close(), this.options.lingerMs);
      this.timer = { cancel: () => clearTimeout(h) };
    }
    return batch;
  }

  private close(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.open) return;
    this.ready.push(this.open);
    this.open = undefined;
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.ready.length > 0) {
      const batch = this.ready.shift()!;
      this.inFlight++;
      this.dispatch(batch)
        .catch((e: unknown) => batch.fail(e))
        .finally(() => {
          this.inFlight--;
          this.pump();
          if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
        });
    }
  }

  private isIdle(): boolean {
    return !this.open && this.ready.length === 0 && this.inFlight === 0;
  }
}
