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
  /**
   * Bytes one fetch may return. With base64 inside JSON, its response stays under 6 MB: the most a
   * buffered Lambda response carries, and the part of a streamed one Lambda does not charge for.
   */
  maxFetchBytes: 4 * 1024 * 1024,
  defaultFetchBytes: 1024 * 1024,
  /** Longest long-poll. */
  maxWaitMs: 30_000,
} as const;
