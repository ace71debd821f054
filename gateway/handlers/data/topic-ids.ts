/**
 * Topic names by topic id, for the APIs that name topics by id (Fetch v13, Metadata v12). The
 * topic list is read again on a miss, at most once per `refreshMs`, so a stream of requests for an
 * unknown id costs one Query per interval, not one per request. A hit is checked against the
 * engine's topic cache by the caller: a recreated topic has a new id, and its old id then misses.
 *
 * A miss is settled only by a read begun after the request arrived: a list read before a topic
 * was made cannot say that its id is unknown. A miss inside the interval therefore waits for the
 * next read (at most `refreshMs`) instead of answering UNKNOWN_TOPIC_ID from the older one.
 */
import type { Topics } from '../../../shared/log/topics.ts';
import { kafkaTopicId } from './topic-id.ts';

export class TopicIds {
  private names = new Map<string, string>();
  /** When the latest read began, by `now`. */
  private readBegan = -Infinity;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly topics: Topics,
    private readonly now: () => number,
    private readonly refreshMs = 1_000,
  ) {}

  /** Notes an id the gateway itself handed out (Metadata, CreateTopics), so it needs no read. */
  learn(id: string, name: string): void {
    this.names.set(kafkaTopicId(id), name);
  }

  async nameOf(id: string): Promise<string | undefined> {
    const key = id.toLowerCase();
    const hit = this.names.get(key);
    if (hit !== undefined) return hit;
    const askedAt = this.now();
    // A read in flight may have begun before this request: then one more is needed.
    do await this.refresh();
    while (this.readBegan < askedAt && !this.names.has(key));
    return this.names.get(key);
  }

  private refresh(): Promise<void> {
    this.reading ??= (async () => {
      try {
        await sleep(this.readBegan + this.refreshMs - this.now());
        this.readBegan = this.now();
        const list = await this.topics.list();
        this.names = new Map(list.map((t) => [kafkaTopicId(t.id), t.name]));
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
