import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { ConfigName, Offset, Partition, Timestamp } from './common.ts';

const ConfigValue = z.union([z.string().max(1024), z.number()]);

export const CreateTopicRequest = z
  .strictObject({
    name: z.string().min(1).max(LIMITS.maxTopicNameLength).meta({ description: "Kafka's rules: [a-zA-Z0-9._-], 1 to 249 characters." }),
    partitions: z.int().min(1).max(LIMITS.maxPartitionsPerTopic).optional().meta({ description: 'Default 1.' }),
    configs: z.record(ConfigName, ConfigValue).optional(),
  })
  .meta({ id: 'CreateTopicRequest' });

export const AlterConfigsRequest = z
  .strictObject({ configs: z.record(ConfigName, z.union([ConfigValue, z.null()])).meta({ description: 'null restores the default.' }) })
  .meta({ id: 'AlterConfigsRequest' });

export const CreatePartitionsRequest = z
  .strictObject({ count: z.int().min(1).max(LIMITS.maxPartitionsPerTopic).meta({ description: 'The new total partition count.' }) })
  .meta({ id: 'CreatePartitionsRequest' });

export const PartitionInfo = z.object({ partition: Partition, logStartOffset: Offset, highWatermark: Offset });

export const TopicDescription = z
  .object({
    name: z.string(),
    id: z.string(),
    partitions: z.int(),
    configs: z.record(z.string(), z.string()),
    createdAt: Timestamp,
    partitionInfo: z.array(PartitionInfo),
  })
  .meta({ id: 'TopicDescription' });

export const TopicList = z
  .object({ topics: z.array(z.object({ name: z.string(), id: z.string(), partitions: z.int() })) })
  .meta({ id: 'TopicList' });

export const DeletedTopic = z.object({ deleted: z.string(), id: z.string() }).meta({ id: 'DeletedTopic' });

export const Endpoints = z
  .object({ admin: z.url(), produce: z.url(), fetch: z.url(), groups: z.url(), maintenance: z.url() })
  .meta({ id: 'Endpoints', description: 'Base URLs of the five functions.' });

export const DeleteRecordsRequest = z
  .strictObject({
    partitions: z
      .array(
        z.strictObject({
          partition: Partition,
          offset: z.int().meta({
            description: 'Records below this offset are deleted; -1 means the high watermark (all of them). Other negative values answer INVALID_OFFSET.',
          }),
        }),
      )
      .min(1)
      .max(LIMITS.maxPartitionsPerRequest)
      .meta({ description: 'Each partition at most once.' }),
  })
  .meta({ id: 'DeleteRecordsRequest' });

export const DeleteRecordsResponse = z
  .object({
    topic: z.string(),
    partitions: z.array(z.object({ partition: Partition, lowWatermark: Offset.meta({ description: 'The log start offset afterwards.' }) })),
  })
  .meta({ id: 'DeleteRecordsResponse' });
