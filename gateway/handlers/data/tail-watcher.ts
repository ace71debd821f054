/**
 * Waiting fetches of one gateway process share one watcher per partition: however many
 * consumers tail a partition, its high watermark is read once per round, not once per
 * connection. A partition is polled only while some fetch waits on it, at an interval that starts
 * at `minIntervalMs` and doubles to `maxIntervalMs` while nothing changes; a change, or a produce
 * through this gateway (`notify`), wakes every waiter whose threshold it passes.
 *
 * The reads may lag (an eventually consistent index read): a lagging read only delays a wake, and
 * a waking fetch reads the log itself, so nothing is ever served from the watcher's numbers.
 */

export interface WatchedPartition {
  topicId: string;
  partition: number;
  /** Wake once the high watermark is above this offset. */
  above: number;
}

export interface TailWatcherOptions {
  /** The partition's high watermark now, or undefined when it cannot tell (no entry). */
  readHighWatermark: (topicId: string, partition: number) => Promise<number | undefined>;
  minIntervalMs?: number;
  maxIntervalMs?: number;
  /** Called with a failed read; the watcher keeps polling (waiters still end at their deadline). */
  onError?: (e: unknown) => void;
}

interface Waiter {
  above: Map<string, number>;
  wake: (woken: boolean) => void;
}

interface Watch {
  topicId: string;
  partition: number;
  waiters: Set<Waiter>;
  highWatermark?: number;
  intervalMs: number;
  timer?: ReturnType<typeof setTimeout> | undefined;
}

export class TailWatcher {
  private readonly watches = new Map<string, Watch>();
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(private readonly opts: TailWatcherOptions) {
    this.minMs = opts.minIntervalMs ?? 100;
    this.maxMs = opts.maxIntervalMs ?? 250;
  }

  /** Partitions polled now (for tests and metrics). */
  get watching(): number {
    return this.watches.size;
  }

  /**
   * Resolves true as soon as one partition's high watermark is above its threshold, false when
   * `timeoutMs` passes or `signal` aborts first.
   */
  waitForAny(parts: WatchedPartition[], timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (parts.length === 0 || timeoutMs <= 0 || signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { above: new Map(), wake: () => {} };
      const timeout = setTimeout(() => waiter.wake(false), timeoutMs);
      const onAbort = (): void => waiter.wake(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.wake = (woken) => {
        clearTimeout(timeout);
        signal?.removeEventListener('abort', onAbort);
        for (const key of waiter.above.keys()) this.leave(key, waiter);
        waiter.above.clear();
        resolve(woken);
      };
      const byKey = new Map<string, WatchedPartition>();
      for (const p of parts) {
        const key = keyOf(p.topicId, p.partition);
        const seen = byKey.get(key);
        if (!seen || p.above > seen.above) byKey.set(key, p);
      }
      for (const [key, p] of byKey) waiter.above.set(key, p.above);
      for (const [key, p] of byKey) {
        const watch = this.join(key, p, waiter);
        // A watch already running may have seen the data arrive since the fetch read the log.
        if (watch.highWatermark !== undefined && watch.highWatermark > p.above) {
          waiter.wake(true);
          return;
        }
      }
    });
  }

  /** A commit through this gateway: wakes the partition's waiters now instead of at the next poll. */
  notify(topicId: string, partition: number, highWatermark: number): void {
    const watch = this.watches.get(keyOf(topicId, partition));
    if (watch) this.observe(watch, highWatermark);
  }

  private join(key: string, p: WatchedPartition, waiter: Waiter): Watch {
    let watch = this.watches.get(key);
    if (!watch) {
      watch = { topicId: p.topicId, partition: p.partition, waiters: new Set(), intervalMs: this.minMs };
      this.watches.set(key, watch);
      this.schedule(watch);
    }
    watch.waiters.add(waiter);
    return watch;
  }

  private leave(key: string, waiter: Waiter): void {
    const watch = this.watches.get(key);
    if (!watch) return;
    watch.waiters.delete(waiter);
    if (watch.waiters.size === 0) {
      if (watch.timer) clearTimeout(watch.timer);
      this.watches.delete(key);
    }
  }

  private schedule(watch: Watch): void {
    watch.timer = setTimeout(() => void this.poll(watch), watch.intervalMs);
  }

  private async poll(watch: Watch): Promise<void> {
    watch.timer = undefined;
    let hw: number | undefined;
    try {
      hw = await this.opts.readHighWatermark(watch.topicId, watch.partition);
    } catch (e) {
      this.opts.onError?.(e);
    }
    if (this.watches.get(keyOf(watch.topicId, watch.partition)) !== watch) return;
    const changed = hw !== undefined && hw !== watch.highWatermark;
    if (hw !== undefined) this.observe(watch, hw);
    if (this.watches.get(keyOf(watch.topicId, watch.partition)) !== watch) return;
    watch.intervalMs = changed ? this.minMs : Math.min(watch.intervalMs * 2, this.maxMs);
    this.schedule(watch);
  }

  private observe(watch: Watch, hw: number): void {
    if (watch.highWatermark === undefined || hw > watch.highWatermark) watch.highWatermark = hw;
    const key = keyOf(watch.topicId, watch.partition);
    for (const w of [...watch.waiters]) {
      const above = w.above.get(key);
      if (above !== undefined && watch.highWatermark > above) w.wake(true);
    }
  }
}

function keyOf(topicId: string, partition: number): string {
  return `${topicId}#${partition}`;
}
