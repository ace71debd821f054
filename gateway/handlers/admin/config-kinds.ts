/**
 * Kafka's numbers for config resources and config entries (DescribeConfigs, AlterConfigs,
 * IncrementalAlterConfigs, CreateTopics v5+), and the Kafka type of each config Sluice knows.
 * The engine keeps configs as strings by name; what kind of value each is matters only here,
 * where Kafka's clients are told.
 */

/** ConfigResource.Type. */
export const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

/** DescribeConfigsResponse.ConfigSource: where an effective value comes from. */
export const ConfigSource = { TOPIC_CONFIG: 1, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const;

/** ConfigDef.Type as DescribeConfigs v3+ numbers it. */
export const ConfigType = { UNKNOWN: 0, BOOLEAN: 1, STRING: 2, INT: 3, SHORT: 4, LONG: 5, DOUBLE: 6, LIST: 7 } as const;

/** IncrementalAlterConfigs' operations. */
export const ConfigOperation = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

/** The types Kafka gives these configs, so clients show and validate them as they would for Kafka. */
const TYPES: Record<string, number> = {
  'retention.ms': ConfigType.LONG,
  'retention.bytes': ConfigType.LONG,
  'cleanup.policy': ConfigType.LIST,
  'max.message.bytes': ConfigType.INT,
  'message.timestamp.type': ConfigType.STRING,
  'delete.retention.ms': ConfigType.LONG,
  'min.compaction.lag.ms': ConfigType.LONG,
  'max.compaction.lag.ms': ConfigType.LONG,
  'min.cleanable.dirty.ratio': ConfigType.DOUBLE,
  'segment.bytes': ConfigType.INT,
  'segment.ms': ConfigType.LONG,
  // Broker configs the gateway describes.
  'broker.id': ConfigType.INT,
  'num.partitions': ConfigType.INT,
  'default.replication.factor': ConfigType.INT,
  'auto.create.topics.enable': ConfigType.BOOLEAN,
  'delete.topic.enable': ConfigType.BOOLEAN,
  'log.retention.ms': ConfigType.LONG,
  'log.retention.bytes': ConfigType.LONG,
  'log.cleanup.policy': ConfigType.LIST,
  'message.max.bytes': ConfigType.INT,
};

export function configType(name: string): number {
  return TYPES[name] ?? ConfigType.UNKNOWN;
}
