/**
 * Topic administration, shaped like KafkaJS's `admin` (offsets are numbers, not strings).
 * Every call retries retriable errors; creating a topic twice is reported, not hidden, except by
 * `createTopics`, which like KafkaJS answers `false` when a topic already existed.
 */
import { SluiceApiError } from './errors.ts';
import { seg, type Transport } from './transport.ts';
import type {
  ConfigResource, DeletedRecords, MaintenancePass, NewTopic, PartitionOffset, PartitionOffsets, SeekEntry, TopicDescription,
  TopicPartitionsSpec, TopicSummary,
} from './admin-types.ts';

/** A maintenance pass may take up to the function's 15 minutes. */
const MAINTENANCE_TIMEOUT_MS = 15 * 60_000;

export type Offsets = 'earliest' | 'latest';

/**
 * Admin client. Get one from {@link SluiceClient.admin}.
 *
 * @example
 * ```ts
 * const admin = client.admin();
 * await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] });
 * console.log(await admin.fetchTopicOffsets('orders'));
 * ```
 */
export class Admin {
  constructor(private readonly transport: Transport) {}

  /** No-op, for KafkaJS compatibility: the service is stateless HTTPS. */
  async connect(): Promise<void> {}
  /** No-op, for KafkaJS compatibility. */
  async disconnect(): Promise<void> {}

  /**
   * Creates one topic and returns its description. Throws `TOPIC_ALREADY_EXISTS` if it exists.
   *
   * @example
   * ```ts
   * await admin.createTopic({ topic: 'orders', numPartitions: 3, configs: { 'retention.ms': '86400000' } });
   * ```
   */
  createTopic(spec: NewTopic, signal?: AbortSignal): Promise<TopicDescription> {
    const configs = { ...Object.fromEntries((spec.configEntries ?? []).map((c) => [c.name, c.value])), ...spec.configs };
    return this.transport.json<TopicDescription>({
      fn: 'admin', method: 'POST', path: '/v1/topics', signal,
      json: { name: spec.topic, partitions: spec.numPartitions ?? 1, ...(Object.keys(configs).length ? { configs } : {}) },
    });
  }

  /**
   * Creates topics, as KafkaJS: resolves `true` when all were created, `false` when some existed.
   *
   * @example
   * ```ts
   * const created = await admin.createTopics({ topics: [{ topic: 'a' }, { topic: 'b', numPartitions: 4 }] });
   * ```
   */
  async createTopics({ topics }: { topics: NewTopic[] }): Promise<boolean> {
    const results = await Promise.all(topics.map(async (t) => {
      try {
        await this.createTopic(t);
        return true;
      } catch (e) {
        if (e instanceof SluiceApiError && e.code === 'TOPIC_ALREADY_EXISTS') return false;
        throw e;
      }
    }));
    return results.every(Boolean);
  }

  /**
   * Names of all topics.
   *
   * @example
   * ```ts
   * const names = await admin.listTopics();
   * ```
   */
  async listTopics(): Promise<string[]> {
    return (await this.listTopicsDetailed()).map((t) => t.name);
  }

  /** All topics with their ids and partition counts. */
  async listTopicsDetailed(): Promise<TopicSummary[]> {
    const body = await this.transport.json<{ topics: TopicSummary[] }>({ fn: 'admin', method: 'GET', path: '/v1/topics' });
    return body.topics;
  }

  /**
   * A topic's partitions, configs and per-partition offsets.
   *
   * @example
   * ```ts
   * const { partitions, partitionInfo } = await admin.describeTopic('orders');
   * ```
   */
  describeTopic(topic: string, signal?: AbortSignal): Promise<TopicDescription> {
    return this.transport.json<TopicDescription>({ fn: 'admin', method: 'GET', path: `/v1/topics/${seg(topic)}`, signal });
  }

  /**
   * KafkaJS-shaped metadata: `{ topics: [{ name, partitions: [{ partitionId }] }] }`.
   *
   * @example
   * ```ts
   * const { topics } = await admin.fetchTopicMetadata({ topics: ['orders'] });
   * ```
   */
  async fetchTopicMetadata({ topics }: { topics?: string[] } = {}) {
    const names = topics ?? (await this.listTopics());
    const descriptions = await Promise.all(names.map((n) => this.describeTopic(n)));
    return {
      topics: descriptions.map((d) => ({
        name: d.name,
        partitions: d.partitionInfo.map((p) => ({ partitionErrorCode: 0, partitionId: p.partition })),
      })),
    };
  }

  /**
   * Low and high offsets of each partition.
   *
   * @example
   * ```ts
   * for (const { partition, low, high } of await admin.fetchTopicOffsets('orders')) console.log(partition, high - low);
   * ```
   */
  async fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const d = await this.describeTopic(topic);
    return d.partitionInfo.map((p) => ({ partition: p.partition, offset: p.highWatermark, high: p.highWatermark, low: p.logStartOffset }));
  }

  /**
   * For each partition, the first offset whose timestamp is at or after `timestamp` (the high
   * watermark when there is none). Without a timestamp: the high watermarks.
   *
   * @example
   * ```ts
   * const hourAgo = await admin.fetchTopicOffsetsByTimestamp('orders', Date.now() - 3_600_000);
   * ```
   */
  async fetchTopicOffsetsByTimestamp(topic: string, timestamp?: number): Promise<PartitionOffset[]> {
    if (timestamp === undefined) return this.listOffsets(topic, 'latest');
    const byTime = await this.listOffsets(topic, timestamp);
    if (byTime.every((p) => typeof p.offset === 'number' && p.offset >= 0)) return byTime;
    const latest = new Map((await this.listOffsets(topic, 'latest')).map((p) => [p.partition, p.offset]));
    return byTime.map((p) => (typeof p.offset === 'number' && p.offset >= 0 ? p : { partition: p.partition, offset: latest.get(p.partition) ?? 0 }));
  }

  /**
   * `GET /v1/topics/{topic}/offsets`: earliest, latest or by timestamp, for one or all partitions.
   *
   * @example
   * ```ts
   * const [{ offset }] = await admin.listOffsets('orders', 'earliest', 0);
   * ```
   */
  async listOffsets(topic: string, at: Offsets | number, partition?: number, signal?: AbortSignal): Promise<PartitionOffset[]> {
    const query = typeof at === 'number' ? { at: 'timestamp', timestamp: at, partition } : { at, partition };
    const body = await this.transport.json<{ partitions: PartitionOffset[] }>({
      fn: 'fetch', method: 'GET', path: `/v1/topics/${seg(topic)}/offsets`, query, signal,
    });
    return body.partitions;
  }

  /**
   * Sets topic configs (a `null` value restores the default), KafkaJS-shaped.
   *
   * @example
   * ```ts
   * await admin.alterConfigs({ resources: [{ name: 'orders', configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
   * ```
   */
  alterConfigs({ resources }: { resources: ConfigResource[]; validateOnly?: boolean }): Promise<TopicDescription[]> {
    return Promise.all(resources.map((r) => this.transport.json<TopicDescription>({
      fn: 'admin', method: 'PATCH', path: `/v1/topics/${seg(r.name)}/configs`,
      json: { configs: Object.fromEntries(r.configEntries.map((c) => [c.name, c.value])) },
    })));
  }

  /**
   * Grows topics to a new total partition count. Accepts KafkaJS's `{ topicPartitions: [...] }`
   * or one `{ topic, count }`.
   *
   * @example
   * ```ts
   * await admin.createPartitions({ topic: 'orders', count: 6 });
   * ```
   */
  async createPartitions(spec: TopicPartitionsSpec | { topicPartitions: TopicPartitionsSpec[] }): Promise<TopicDescription[]> {
    const list = 'topicPartitions' in spec ? spec.topicPartitions : [spec];
    return Promise.all(list.map((t) => this.transport.json<TopicDescription>({
      fn: 'admin', method: 'POST', path: `/v1/topics/${seg(t.topic)}/partitions`, json: { count: t.count },
    })));
  }

  /**
   * Deletes topics.
   *
   * @example
   * ```ts
   * await admin.deleteTopics({ topics: ['orders'] });
   * ```
   */
  async deleteTopics({ topics }: { topics: string[] }): Promise<void> {
    await Promise.all(topics.map((t) => this.transport.json({ fn: 'admin', method: 'DELETE', path: `/v1/topics/${seg(t)}` })));
  }

  /**
   * Kafka's DeleteRecords, with KafkaJS's name and shape: moves each partition's log start offset
   * to `offset` (-1: the high watermark), so that the records below it are no longer served and
   * maintenance deletes them. Answers the new low watermarks. Every partition is checked before
   * any moves: an offset beyond the high watermark (`OFFSET_OUT_OF_RANGE`), below -1
   * (`INVALID_OFFSET`), an unknown partition or a partition named twice changes nothing. An offset
   * below the current log start leaves it where it is.
   *
   * @example
   * ```ts
   * const low = await admin.deleteTopicRecords({ topic: 'orders', partitions: [{ partition: 0, offset: 120 }] });
   * // [{ partition: 0, lowWatermark: 120 }]
   * ```
   */
  async deleteTopicRecords({ topic, partitions }: { topic: string; partitions: SeekEntry[] }): Promise<DeletedRecords[]> {
    const body = await this.transport.json<{ topic: string; partitions: DeletedRecords[] }>({
      fn: 'admin', method: 'POST', path: `/v1/topics/${seg(topic)}/delete-records`,
      json: { partitions: partitions.map((p) => ({ partition: p.partition, offset: Number(p.offset) })) },
    });
    return body.partitions;
  }

  /**
   * Runs one maintenance pass now, in the maintenance function (`POST /v1/maintenance/run`):
   * compaction and retention of the topics named (default every topic), then garbage collection
   * unless `gc` is false. Deployments run passes on a schedule; this is for operators and tests.
   * The caller needs the maintenance Function URL grant.
   *
   * @example
   * ```ts
   * const { report, gc } = await admin.runMaintenance({ topics: ['orders'], gc: false });
   * ```
   */
  runMaintenance(options: { topics?: string[]; gc?: boolean } = {}, signal?: AbortSignal): Promise<MaintenancePass> {
    return this.transport.json<MaintenancePass>({
      fn: 'maintenance', method: 'POST', path: '/v1/maintenance/run', signal, extraTimeoutMs: MAINTENANCE_TIMEOUT_MS,
      json: { ...(options.topics ? { topics: options.topics } : {}), ...(options.gc !== undefined ? { gc: options.gc } : {}) },
    });
  }
}
