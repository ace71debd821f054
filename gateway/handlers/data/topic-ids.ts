/**
 * Topic names by topic id, for the APIs that name topics by id (Fetch v13, Metadata v12). The
 * topic list is read again on a miss, at most once per `refreshMs`, so a stream of requests for an
 * unknown id costs one Query per interval, not one per request. A hit is checked against the
 * engine's topic cache by the caller: a recreated topic has a new id, and its old id then misses.
 */
import type { Topics } from '../../../shared/log/topics.ts';
import { kafkaTopicId } from './topic-id.ts';

export class TopicIds {
  private names = new Map<string, string>();
  private readAt = -Infinity;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly topics: Topics,
    private readonly now: () => number,
    private readonly refreshMs = 1_000,
  ) {}

  async nameOf(id: string): Promise<string | undefined> {
    const key = id.toLowerCase();
    const hit = this.names.get(key);
    if (hit !== undefined) return hit;
    if (this.now() - this.readAt >= this.refreshMs) await this.refresh();
    return this.names.get(key);
  }

  private refresh(): Promise<void> {
    this.reading ??= (async () => {
      try {
        const list = await this.topics.list();
        this.names = new Map(list.map((t) => [kafkaTopicId(t.id), t.name]));
        this.readAt = this.now();
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }
}
