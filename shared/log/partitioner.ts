import { partitionForKey } from '../codec/index.ts';
import type { TopicRecord } from './ports.ts';
import { checkPartition } from './topics.ts';

/**
 * Picks partitions as Kafka's Java client does: an explicit partition wins; a key goes to
 * murmur2(key) mod N; records without a key stick to one partition per request (Kafka's sticky
 * partitioner), chosen round-robin across requests so that null keys spread over all partitions
 * while each request touches as few partitions as it can, which keeps commits and cost down.
 */
export class Partitioner {
  private counter = Math.floor(Math.random() * 1_000_000);

  /** Returns a function that assigns partitions for one request. */
  forRequest(topic: TopicRecord): (record: { key: Buffer | null; partition?: number }) => number {
    let sticky: number | undefined;
    return (record) => {
      if (record.partition !== undefined) {
        checkPartition(topic, record.partition);
        return record.partition;
      }
      if (record.key !== null) return partitionForKey(record.key, topic.partitions);
      sticky ??= this.counter++ % topic.partitions;
      return sticky;
    };
  }
}
