/**
 * Partition counts the producer needs to partition client-side. Each topic is described once and
 * kept for `maxAgeMs` (Kafka's metadata.max.age.ms, 5 minutes), and dropped at once when the
 * service answers UNKNOWN_TOPIC or UNKNOWN_PARTITION, so new partitions are found.
 */
export class TopicMetadataCache {
  private readonly entries = new Map<string, { at: number; count: Promise<number> }>();

  constructor(
    private readonly describe: (topic: string) => Promise<{ partitions: number }>,
    private readonly maxAgeMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {}

  partitionCount(topic: string): Promise<number> {
    const hit = this.entries.get(topic);
    if (hit && this.now() - hit.at < this.maxAgeMs) return hit.count;
    const count = this.describe(topic).then((d) => d.partitions);
    const entry = { at: this.now(), count };
    this.entries.set(topic, entry);
    count.catch(() => {
      if (this.entries.get(topic) === entry) this.entries.delete(topic);
    });
    return count;
  }

  invalidate(topic: string): void {
    this.entries.delete(topic);
  }
}
