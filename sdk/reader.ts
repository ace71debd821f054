/**
 * Reads one partition by offset: `fetch()` for one round, or `for await` to follow the tail, paced
 * on the client by default or long-polling (pacing.ts has the rule and the reason). Records come
 * as binary RecordBatch v2 (`Accept: application/vnd.sluice.batches`) and are decoded here. A
 * batch may start before the requested offset (batches are stored whole), so records below it
 * are dropped.
 */
import { decodeBatches } from '../shared/codec/index.ts';
import type { Admin } from './admin.ts';
import type { RecordHeader } from './message.ts';
import { fetchWait, type FetchWait } from './pacing.ts';
import { sleep } from './retry.ts';
import { seg, type Transport } from './transport.ts';

const BATCHES = 'application/vnd.sluice.batches';
/** The iterator's long-poll wait when it long-polls without `maxWaitMs` (`pollIntervalMs: 0`). */
const DEFAULT_ITERATOR_MAX_WAIT_MS = 20_000;

export interface ReaderOptions {
  topic: string;
  partition: number;
  /** Where to start. Wins over `from`. */
  fromOffset?: number;
  /** Where to start when `fromOffset` is not given. Default `earliest`. */
  from?: 'earliest' | 'latest';
  /** Bytes per fetch. Default: the service's (1 MiB). */
  maxBytes?: number;
  /**
   * Long-poll: how long each of the iterator's fetches waits in the service when caught up (ms).
   * Setting it (with `pollIntervalMs` unset) selects long-polling instead of the default pacing:
   * records arrive ~0.1 s after commit, but Lambda bills the wait, so a caught-up reader keeps a
   * fetch function running nearly all the time, one per partition read (docs/cost-model.md).
   * Default 20000 when long-polling. Not used by `fetch()`, which takes its own.
   */
  maxWaitMs?: number;
  /**
   * Client-side pacing of the iterator: fetches ask the service not to wait, and after one that
   * returns no records or reaches the high watermark the iterator sleeps this long (ms). The
   * sleep costs nothing; records arrive about half an interval after commit on average.
   * Default 1000 (`DEFAULT_POLL_INTERVAL_MS`), unless `maxWaitMs` is set, which selects
   * long-polling. `0` long-polls (with `maxWaitMs`, default 20000).
   */
  pollIntervalMs?: number;
  /** Stops the iterator. */
  signal?: AbortSignal;
}

/** A record read back. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface FetchResult {
  records: ConsumedRecord[];
  highWatermark: number;
  logStartOffset: number;
  /** Where the next fetch starts. */
  nextOffset: number;
}

export interface FetchOptions {
  maxBytes?: number;
  /** How long the service waits for records when there are none (ms). Default 0. */
  maxWaitMs?: number;
  signal?: AbortSignal;
}

/**
 * A partition reader. Get one from {@link SluiceClient.reader}.
 *
 * @example
 * ```ts
 * const reader = client.reader({ topic: 'orders', partition: 0, from: 'earliest' });
 * const { records, highWatermark } = await reader.fetch({ maxBytes: 1 << 20 });
 *
 * // or follow the tail until closed:
 * setTimeout(() => reader.close(), 60_000);
 * for await (const r of reader) console.log(r.offset, r.value?.toString());
 * ```
 */
export class PartitionReader implements AsyncIterable<ConsumedRecord> {
  private position: number | undefined;
  private readonly closing = new AbortController();
  private readonly wait: FetchWait;

  constructor(private readonly transport: Transport, private readonly admin: Admin, private readonly options: ReaderOptions) {
    this.position = options.fromOffset;
    this.wait = fetchWait(options, DEFAULT_ITERATOR_MAX_WAIT_MS);
  }

  /** The offset the next fetch starts at; undefined until the start (`from`) is resolved. */
  get nextOffset(): number | undefined {
    return this.position;
  }

  /** Moves the reader (e.g. to `error.logStartOffset` after an {@link OffsetOutOfRangeError}). */
  seek(offset: number): void {
    this.position = offset;
  }

  /** Stops a running iterator; its pending long-poll or sleep is abandoned. */
  close(): void {
    this.closing.abort();
  }

  /** One fetch from the current position; advances it. Throws {@link OffsetOutOfRangeError} outside the log. */
  async fetch(options: FetchOptions = {}): Promise<FetchResult> {
    const { topic, partition } = this.options;
    const offset = this.position ?? (this.position = await this.resolveStart(options.signal));
    const maxWaitMs = options.maxWaitMs ?? 0;
    const res = await this.transport.retrier({ signal: options.signal })(() => this.transport.call({
      fn: 'fetch', method: 'GET', path: `/v1/topics/${seg(topic)}/partitions/${partition}/records`,
      query: { offset, maxBytes: options.maxBytes ?? this.options.maxBytes, maxWaitMs },
      accept: BATCHES, signal: options.signal, extraTimeoutMs: maxWaitMs,
    }));
    const records: ConsumedRecord[] = [];
    for (const batch of res.body.length ? decodeBatches(res.body) : []) {
      for (const r of batch.records) {
        const recordOffset = Number(r.offset);
        if (recordOffset < offset) continue;
        records.push({
          topic, partition, offset: recordOffset, timestamp: Number(r.timestamp),
          key: r.key, value: r.value, headers: r.headers,
        });
      }
    }
    const header = (name: string) => {
      const v = res.headers.get(name);
      return v === null || v === '' ? undefined : Number(v);
    };
    const last = records.at(-1);
    const nextOffset = Math.max(header('x-sluice-next-offset') ?? offset, last ? last.offset + 1 : offset);
    this.position = nextOffset;
    return {
      records,
      nextOffset,
      highWatermark: header('x-sluice-high-watermark') ?? nextOffset,
      logStartOffset: header('x-sluice-log-start-offset') ?? 0,
    };
  }

  /**
   * Follows the partition: yields records as they are committed. Caught up, it sleeps
   * `pollIntervalMs` between fetches (default) or long-polls; `close()` or the signal ends either
   * wait at once.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<ConsumedRecord> {
    const signal = this.options.signal ? AbortSignal.any([this.closing.signal, this.options.signal]) : this.closing.signal;
    const { wait } = this;
    while (!signal.aborted) {
      let result: FetchResult;
      try {
        result = await this.fetch({ maxWaitMs: wait.maxWaitMs, signal });
      } catch (e) {
        if (signal.aborted) return;
        throw e;
      }
      for (const record of result.records) {
        if (signal.aborted) return;
        yield record;
      }
      if (wait.mode === 'paced' && (result.records.length === 0 || result.nextOffset >= result.highWatermark)) {
        // sleep() clears its timer on abort, so a closed reader leaves nothing pending.
        await sleep(wait.pollIntervalMs, signal).catch(() => undefined);
      }
    }
  }

  private async resolveStart(signal?: AbortSignal): Promise<number> {
    const at = this.options.from ?? 'earliest';
    const offsets = await this.admin.listOffsets(this.options.topic, at, this.options.partition, signal);
    return offsets.find((p) => p.partition === this.options.partition)?.offset ?? 0;
  }
}
