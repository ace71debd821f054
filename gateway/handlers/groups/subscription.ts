/**
 * The subscription a joining member offers: the first protocol it lists (its preferred assignor),
 * with the topics and owned partitions decoded from that protocol's metadata (the consumer
 * protocol's Subscription). Which assignor a client names does not matter: the server assigns,
 * and every member reads its assignment the same way.
 */
import { decodeSubscription } from '../../protocol/consumer-protocol.ts';
import type { TopicPartitions } from '../../../shared/groups/partition-set.ts';

export interface OfferedSubscription {
  protocolName: string;
  topics: string[];
  /** What the member still owns as it joins: nothing for eager clients, which revoke first. */
  owned: TopicPartitions[];
}

/**
 * Decodes the member's preferred protocol, or undefined when it offers none or its metadata is
 * not a consumer Subscription. A v1+ payload cut short before its owned partitions (some clients
 * write the version without the field) reads as v0: topics only.
 */
export function offeredSubscription(protocols: ReadonlyArray<{ name: string; metadata: Buffer }>): OfferedSubscription | undefined {
  const first = protocols[0];
  if (!first) return undefined;
  const sub = decode(first.metadata);
  if (!sub) return undefined;
  const owned = sub.ownedPartitions.filter((o) => o.partitions.length > 0).map((o) => ({ topic: o.topic, partitions: [...o.partitions] }));
  return { protocolName: first.name, topics: sub.topics, owned };
}

function decode(metadata: Buffer): { topics: string[]; ownedPartitions: TopicPartitions[] } | undefined {
  try {
    const s = decodeSubscription(metadata);
    return { topics: s.topics, ownedPartitions: s.ownedPartitions ?? [] };
  } catch {
    if (metadata.length < 2) return undefined;
    try {
      const v0 = Buffer.from(metadata);
      v0.writeInt16BE(0, 0);
      return { topics: decodeSubscription(v0).topics, ownedPartitions: [] };
    } catch {
      return undefined;
    }
  }
}
