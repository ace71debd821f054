/**
 * The config entries DescribeConfigs and CreateTopics v5+ answer with: a topic's effective
 * configs (explicit ones from the topic, the rest Sluice's defaults), and the few broker settings
 * a client may want to see. One logical broker fronts the whole deployment, so its "broker
 * configs" are the gateway's options and the topic defaults, all read-only.
 */
import { effectiveConfigs, TOPIC_CONFIGS } from '../../../shared/api/topic-configs.ts';
import type { TopicRecord } from '../../../shared/log/ports.ts';
import type { GatewayOptions } from '../types.ts';
import { ConfigSource, configType } from './config-kinds.ts';

export interface ConfigEntry {
  name: string;
  value: string;
  readOnly: boolean;
  /** v0's flag: true when nothing set the value. */
  isDefault: boolean;
  configSource: number;
  isSensitive: false;
  synonyms: Array<{ name: string; value: string; source: number }>;
  configType: number;
  documentation: string | null;
}

export interface EntryOptions {
  /** Names asked for; null or empty for all (KafkaJS asks with an empty list). Unknown names are left out, as Kafka leaves them out. */
  keys: readonly string[] | null;
  synonyms: boolean;
  documentation: boolean;
}

export const ALL_ENTRIES: EntryOptions = { keys: null, synonyms: false, documentation: false };

function wanted(opts: EntryOptions, name: string): boolean {
  return opts.keys === null || opts.keys.length === 0 || opts.keys.includes(name);
}

export function topicConfigEntries(topic: TopicRecord, opts: EntryOptions = ALL_ENTRIES): ConfigEntry[] {
  return Object.entries(effectiveConfigs(topic.configs))
    .filter(([name]) => wanted(opts, name))
    .map(([name, value]) => {
      const spec = TOPIC_CONFIGS[name]!;
      const explicit = Object.hasOwn(topic.configs, name);
      const source = explicit ? ConfigSource.TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG;
      // Synonyms run from the value in force to the one it overrides, as Kafka lists them.
      const synonyms = !opts.synonyms
        ? []
        : [...(explicit ? [{ name, value, source: ConfigSource.TOPIC_CONFIG }] : []), { name, value: spec.default, source: ConfigSource.DEFAULT_CONFIG }];
      return {
        name,
        value,
        readOnly: false,
        isDefault: !explicit,
        configSource: source,
        isSensitive: false,
        synonyms,
        configType: configType(name),
        documentation: opts.documentation ? spec.doc : null,
      };
    });
}

const BROKER_DOCS: Record<string, string> = {
  'broker.id': 'The id of the one logical broker that leads every partition.',
  'num.partitions': 'Partitions of a topic created without a count.',
  'default.replication.factor': 'Reported as 1: durability comes from the object store, not from broker replicas.',
  'auto.create.topics.enable': 'Whether Metadata for an unknown topic creates it.',
  'delete.topic.enable': 'Topics can be deleted.',
  'log.retention.ms': 'Default retention.ms of topics.',
  'log.retention.bytes': 'Default retention.bytes of topics.',
  'log.cleanup.policy': 'Default cleanup.policy of topics.',
  'message.max.bytes': 'Default max.message.bytes of topics.',
};

export function brokerConfigEntries(options: GatewayOptions, opts: EntryOptions = ALL_ENTRIES): ConfigEntry[] {
  const values: Record<string, string> = {
    'broker.id': String(options.nodeId),
    'num.partitions': String(options.defaultPartitions),
    'default.replication.factor': '1',
    'auto.create.topics.enable': String(options.autoCreateTopics),
    'delete.topic.enable': 'true',
    'log.retention.ms': TOPIC_CONFIGS['retention.ms']!.default,
    'log.retention.bytes': TOPIC_CONFIGS['retention.bytes']!.default,
    'log.cleanup.policy': TOPIC_CONFIGS['cleanup.policy']!.default,
    'message.max.bytes': TOPIC_CONFIGS['max.message.bytes']!.default,
  };
  return Object.entries(values)
    .filter(([name]) => wanted(opts, name))
    .map(([name, value]) => ({
      name,
      value,
      readOnly: true,
      isDefault: false,
      configSource: ConfigSource.STATIC_BROKER_CONFIG,
      isSensitive: false,
      synonyms: opts.synonyms ? [{ name, value, source: ConfigSource.STATIC_BROKER_CONFIG }] : [],
      configType: configType(name),
      documentation: opts.documentation ? BROKER_DOCS[name]! : null,
    }));
}
