import type { PartitionStateStore } from './ports.ts';

export interface LogStartsOptions {
  /** How long a warm function trusts a log start offset it read (ms). Default 2,000, like topics. */
  cacheMs?: number;
  now?: () => number;
}

/** Cached partitions beyond which expired ones are dropped on the next read. */
const PRUNE_ABOVE = 10_000;

/**
 * Log start offsets for the fetch path, cached briefly per warm function: without the cache every
 * fetch paid one Query per topic for a value that only retention changes, and rarely.
 *
 * Why a stale value is safe: the log start only ever grows (retention advances it with a
 * conditional write, invariant 4), so a cached value can only be too low, never too high. A fetch
 * at or above the cached value goes ahead; if retention has meanwhile moved the start past it and
 * dropped the entries, the fetch finds a gap where the offset should be and re-checks with
 * `fresh`. A fetch below the cached value re-checks too before it answers OFFSET_OUT_OF_RANGE, so
 * that answer never rests on a cached read.
 */
export class LogStarts {
  private readonly cache = new Map<string, { value: number; until: number }>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: PartitionStateStore,
    opts: LogStartsOptions = {},
  ) {
    this.cacheMs = opts.cacheMs ?? 2_000;
    this.now = opts.now ?? Date.now;
  }

  /** The partitions' log start offsets: cached ones while fresh, unless `fresh` asks to re-read. */
  async get(topicId: string, partitions: number[], opts: { fresh?: boolean } = {}): Promise<Map<number, number>> {
    const now = this.now();
    const out = new Map<number, number>();
    const missing: number[] = [];
    for (const p of partitions) {
      const hit = opts.fresh ? undefined : this.cache.get(key(topicId, p));
      if (hit && hit.until > now) out.set(p, hit.value);
      else missing.push(p);
    }
    if (missing.length === 0) return out;
    const read = await this.store.logStartOffsets(topicId, missing);
    if (this.cache.size > PRUNE_ABOVE) this.prune(now);
    for (const p of missing) {
      const value = read.get(p) ?? 0;
      out.set(p, value);
      this.cache.set(key(topicId, p), { value, until: now + this.cacheMs });
    }
    return out;
  }

  private prune(now: number): void {
    for (const [k, v] of this.cache) if (v.until <= now) this.cache.delete(k);
  }
}

function key(topicId: string, partition: number): string {
  return `${topicId}#${partition}`;
}
