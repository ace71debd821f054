import type { TopicRecord } from '../log/ports.ts';
import type { TopicMeta } from './subscription.ts';

export interface TopicViewOptions {
  /** How long a warm function trusts the topic list (ms). Default 2000, as the topic cache. */
  cacheMs?: number;
  now?: () => number;
}

/**
 * The topic list subscriptions resolve against, cached briefly: every heartbeat needs it, and
 * regex subscriptions need all of it. A coordinator that is about to change the assignment
 * because of what it sees here asks for a fresh copy first, so that two warm functions with
 * different cached views cannot bounce the assignment between them.
 */
export class TopicView {
  private cached: { at: number; topics: Map<string, TopicMeta> } | undefined;
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly list: () => Promise<TopicRecord[]>, opts: TopicViewOptions = {}) {
    this.cacheMs = opts.cacheMs ?? 2_000;
    this.now = opts.now ?? Date.now;
  }

  async topics(fresh = false): Promise<Map<string, TopicMeta>> {
    const hit = this.cached;
    if (!fresh && hit && this.now() - hit.at < this.cacheMs) return hit.topics;
    const at = this.now();
    const topics = new Map((await this.list()).map((t) => [t.name, { name: t.name, id: t.id, partitions: t.partitions }]));
    this.cached = { at, topics };
    return topics;
  }
}
