/**
 * Limits enforced at the edge. They are documented in docs/api.md; a request past any of them
 * is refused whole, before anything is written.
 */
export const LIMITS = {
  /** Raw request body. A Lambda Function URL carries 6 MB, and binary bodies arrive base64-encoded. */
  maxRequestBytes: 4 * 1024 * 1024,
  /** Records in one JSON produce request. */
  maxRecordsPerRequest: 10_000,
  /** Partitions one produce or fetch request may touch. */
  maxPartitionsPerRequest: 1_000,
  /** Partitions per topic. */
  maxPartitionsPerTopic: 4_096,
  /** Topic name length, as in Kafka. */
  maxTopicNameLength: 249,
  /** Bytes one fetch may return (buffered Lambda responses are at most 6 MB, JSON adds base64). */
  maxFetchBytes: 4 * 1024 * 1024,
  defaultFetchBytes: 1024 * 1024,
  /** Longest long-poll. */
  maxWaitMs: 30_000,
} as const;
