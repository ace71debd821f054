import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { Offset, Partition, Timestamp, ConfigName } from './common.ts';

/** Request and response schemas of the consumer-group API (docs/groups.md). */
const TopicName = z.string().min(1).max(LIMITS.maxTopicNameLength);
const MemberId = z.string().min(1).max(64).meta({ description: "The member's id: [a-zA-Z0-9_-], one per consumer incarnation (the SDK uses a UUID)." });
const ConfigValue = z.union([z.string().max(64), z.int()]);

export const TopicPartitionsJson = z.strictObject({ topic: TopicName, partitions: z.array(Partition).max(LIMITS.maxPartitionsPerTopic) });

const TopicPartitionsList = z.array(TopicPartitionsJson).max(LIMITS.maxPartitionsPerRequest);

export const SubscriptionJson = z.strictObject({
  topics: z.array(TopicName).max(1_000).optional(),
  pattern: z.string().max(1_000).optional().meta({ description: 'A regular expression matched against whole topic names; topics created later that match join the assignment.' }),
});

export const HeartbeatRequest = z
  .strictObject({
    memberId: MemberId.optional().meta({ description: 'Required after the join. At the join, absent means the coordinator picks one.' }),
    memberEpoch: z.int().min(0).meta({ description: '0 to join; afterwards the epoch the last answer gave.' }),
    clientId: z.string().max(255).optional(),
    subscription: SubscriptionJson.optional().meta({ description: 'Required to join; afterwards only when it changes.' }),
    ownedPartitions: TopicPartitionsList.meta({ description: 'Every partition the member still owns: assigned to it and not yet revoked by it.' }),
    groupConfigs: z.record(ConfigName, ConfigValue).optional().meta({ description: 'Configs for the group if this heartbeat creates it; ignored otherwise.' }),
  })
  .meta({ id: 'HeartbeatRequest' });

export const HeartbeatResponse = z
  .object({
    memberId: z.string(),
    memberEpoch: z.int(),
    heartbeatIntervalMs: z.int(),
    sessionTimeoutMs: z.int(),
    leaseExpiresInMs: z.int().meta({ description: 'The member may process its assignment for this long after it sent the request.' }),
    assignment: TopicPartitionsList.meta({ description: 'What the member may own now. Owned partitions missing here must be revoked: stop, commit, and leave them out of the next heartbeat.' }),
    pending: TopicPartitionsList.meta({ description: 'Target partitions not yet released by their previous owner.' }),
  })
  .meta({ id: 'HeartbeatResponse' });

export const LeaveQuery = z.strictObject({
  memberEpoch: z.string().regex(/^\d{1,16}$/, 'must be a non-negative decimal integer').transform(Number).optional(),
});

export const LeaveResponse = z.object({ groupId: z.string(), memberId: z.string() }).meta({ id: 'LeaveGroupResponse' });

const OffsetCommitJson = z.strictObject({
  topic: TopicName,
  partition: Partition,
  offset: Offset.meta({ description: 'The next offset to consume, as in Kafka.' }),
  metadata: z.string().max(4_096).optional(),
});

export const CommitRequest = z
  .strictObject({ memberId: MemberId, memberEpoch: z.int().min(0), offsets: z.array(OffsetCommitJson).min(1).max(LIMITS.maxPartitionsPerRequest) })
  .meta({ id: 'CommitOffsetsRequest' });

export const CommitResponse = z
  .object({ groupId: z.string(), offsets: z.array(z.object({ topic: z.string(), partition: Partition, offset: Offset, metadata: z.string().optional() })) })
  .meta({ id: 'CommitOffsetsResponse' });

export const FetchOffsetsQuery = z.strictObject({ topic: TopicName.optional() });

export const CommittedOffsets = z
  .object({
    groupId: z.string(),
    offsets: z.array(z.object({ topic: z.string(), partition: Partition, offset: z.int().min(-1), metadata: z.string(), committedAt: Timestamp.optional() })),
  })
  .meta({ id: 'CommittedOffsets' });

const ResetCommon = { topic: TopicName, partitions: z.array(Partition).max(LIMITS.maxPartitionsPerTopic).optional(), dryRun: z.boolean().optional() };

export const ResetOffsetsRequest = z
  .discriminatedUnion('to', [
    z.strictObject({ ...ResetCommon, to: z.literal('earliest') }),
    z.strictObject({ ...ResetCommon, to: z.literal('latest') }),
    z.strictObject({ ...ResetCommon, to: z.literal('timestamp'), timestamp: Timestamp }),
    z.strictObject({ ...ResetCommon, to: z.literal('shift'), by: z.int().min(-(2 ** 53) + 1).max(2 ** 53 - 1) }),
    z.strictObject({ ...ResetCommon, to: z.literal('offsets'), offsets: z.array(z.strictObject({ partition: Partition, offset: Offset })).min(1).max(LIMITS.maxPartitionsPerTopic) }),
  ])
  .meta({ id: 'ResetOffsetsRequest' });

export const ResetOffsetsResponse = z
  .object({
    groupId: z.string(),
    topic: z.string(),
    dryRun: z.boolean(),
    partitions: z.array(z.object({ partition: Partition, previousOffset: z.int().min(-1), offset: Offset })),
  })
  .meta({ id: 'ResetOffsetsResponse' });

const Subscription = z.object({ topics: z.array(z.string()), pattern: z.string().optional() });

export const GroupDescription = z
  .object({
    groupId: z.string(),
    state: z.enum(['Empty', 'Reconciling', 'Stable']),
    epoch: z.int(),
    configs: z.record(z.string(), z.string()),
    createdAt: Timestamp,
    members: z.array(
      z.object({
        memberId: z.string(),
        clientId: z.string(),
        memberEpoch: z.int(),
        joinedAt: Timestamp,
        lastHeartbeat: Timestamp,
        subscription: Subscription,
        assignment: z.array(z.object({ topic: z.string(), partitions: z.array(Partition) })),
        target: z.array(z.object({ topic: z.string(), partitions: z.array(Partition) })),
      }),
    ),
    partitions: z.array(
      z.object({
        topic: z.string(),
        partition: Partition,
        owner: z.string().nullable(),
        committedOffset: z.int().min(-1),
        metadata: z.string(),
        logStartOffset: Offset,
        highWatermark: Offset,
        lag: z.int().nullable(),
      }),
    ),
    totalLag: z.int(),
  })
  .meta({ id: 'GroupDescription' });

export const GroupList = z.object({ groups: z.array(z.object({ groupId: z.string(), createdAt: Timestamp })) }).meta({ id: 'GroupList' });

export const DeletedGroup = z.object({ deleted: z.string(), offsets: z.int() }).meta({ id: 'DeletedGroup' });

export const AlterGroupConfigsRequest = z
  .strictObject({ configs: z.record(ConfigName, z.union([ConfigValue, z.null()])).meta({ description: 'session.timeout.ms, heartbeat.interval.ms, rebalance.timeout.ms, assignor (uniform | range); null restores the default.' }) })
  .meta({ id: 'AlterGroupConfigsRequest' });

export const GroupConfigsResponse = z.object({ groupId: z.string(), configs: z.record(z.string(), z.string()) }).meta({ id: 'GroupConfigs' });
