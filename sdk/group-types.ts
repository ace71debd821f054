/** Shapes of the consumer-group API, as the service returns them (docs/groups.md). */

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface HeartbeatRequest {
  memberId: string;
  memberEpoch: number;
  clientId?: string;
  subscription?: { topics?: string[]; pattern?: string };
  ownedPartitions: TopicPartitions[];
  groupConfigs?: Record<string, string | number>;
}

export interface HeartbeatResponse {
  memberId: string;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  sessionTimeoutMs: number;
  leaseExpiresInMs: number;
  assignment: TopicPartitions[];
  pending: TopicPartitions[];
}

/** An offset to commit: the next offset to consume, as in Kafka. */
export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: number;
  metadata?: string;
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  /** -1 when nothing was committed. */
  offset: number;
  metadata: string;
  committedAt?: number;
}

export interface GroupMemberDescription {
  memberId: string;
  clientId: string;
  memberEpoch: number;
  joinedAt: number;
  lastHeartbeat: number;
  subscription: { topics: string[]; pattern?: string };
  assignment: TopicPartitions[];
  target: TopicPartitions[];
}

export interface GroupPartitionLag {
  topic: string;
  partition: number;
  owner: string | null;
  /** -1 when nothing was committed. */
  committedOffset: number;
  metadata: string;
  logStartOffset: number;
  highWatermark: number;
  /** null when nothing was committed. */
  lag: number | null;
}

export interface GroupDescription {
  groupId: string;
  state: 'Empty' | 'Reconciling' | 'Stable';
  epoch: number;
  configs: Record<string, string>;
  createdAt: number;
  members: GroupMemberDescription[];
  partitions: GroupPartitionLag[];
  totalLag: number;
}

export interface GroupSummary {
  groupId: string;
  createdAt: number;
}

/** Where `resetOffsets` moves a topic's committed offsets. */
export type ResetTo =
  | { to: 'earliest' }
  | { to: 'latest' }
  | { to: 'timestamp'; timestamp: number }
  | { to: 'shift'; by: number }
  | { to: 'offsets'; offsets: { partition: number; offset: number }[] };

export type ResetOffsetsSpec = ResetTo & { topic: string; partitions?: number[]; dryRun?: boolean };

export interface ResetOffsetsResult {
  groupId: string;
  topic: string;
  dryRun: boolean;
  partitions: { partition: number; previousOffset: number; offset: number }[];
}
