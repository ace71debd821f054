/** `sluice topics create|list|describe|delete|alter|add-partitions|delete-records`, in the spirit of kafka-topics and kafka-delete-records. */
import type { DeletedRecords, SluiceClient, TopicDescription } from '../../sdk/index.ts';
import { UsageError, write, type Io } from '../io.ts';

export interface CreateTopicArgs {
  name: string;
  partitions: number;
  /** `k=v` pairs, already split. */
  configs: Record<string, string>;
}

export async function topicsCreate(args: CreateTopicArgs, io: Io, client: SluiceClient): Promise<number> {
  const d = await client.admin().createTopic({ topic: args.name, numPartitions: args.partitions, configs: args.configs });
  await write(io.stdout, `created topic ${d.name} with ${d.partitions} partition${d.partitions === 1 ? '' : 's'}\n`);
  return 0;
}

export async function topicsList(args: { json?: boolean }, io: Io, client: SluiceClient): Promise<number> {
  const topics = await client.admin().listTopicsDetailed();
  if (args.json) {
    await write(io.stdout, `${JSON.stringify(topics, null, 2)}\n`);
    return 0;
  }
  for (const t of [...topics].sort((a, b) => a.name.localeCompare(b.name))) await write(io.stdout, `${t.name}\n`);
  return 0;
}

export async function topicsDescribe(args: { name: string; json?: boolean }, io: Io, client: SluiceClient): Promise<number> {
  const d = await client.admin().describeTopic(args.name);
  await write(io.stdout, args.json ? `${JSON.stringify(d, null, 2)}\n` : formatDescription(d));
  return 0;
}

export async function topicsDelete(args: { name: string }, io: Io, client: SluiceClient): Promise<number> {
  await client.admin().deleteTopics({ topics: [args.name] });
  await write(io.stdout, `deleted topic ${args.name}\n`);
  return 0;
}

export interface DeleteRecordsArgs {
  topic: string;
  /** `--partition` values, in order; paired with `offsets` by position. */
  partitions: number[];
  /** `--offset` values; one offset applies to every partition. */
  offsets: number[];
  allPartitions?: boolean;
  json?: boolean;
}

/** Pairs `--partition` and `--offset` values: by position, or one offset for every partition. */
export function deleteRecordsTargets(args: DeleteRecordsArgs, partitionCount?: number): { partition: number; offset: number }[] {
  const { offsets } = args;
  if (offsets.length === 0) throw new UsageError('give --offset (-1: every record)');
  if (args.allPartitions) {
    if (args.partitions.length > 0) throw new UsageError('--all-partitions and --partition do not go together');
    if (offsets.length !== 1) throw new UsageError('--all-partitions takes one --offset');
    return Array.from({ length: partitionCount ?? 0 }, (_, partition) => ({ partition, offset: offsets[0]! }));
  }
  if (args.partitions.length === 0) throw new UsageError('give --partition P (repeatable) or --all-partitions');
  if (offsets.length !== 1 && offsets.length !== args.partitions.length) {
    throw new UsageError(`give one --offset for each --partition (${args.partitions.length}), or one for all`);
  }
  return args.partitions.map((partition, i) => ({ partition, offset: offsets.length === 1 ? offsets[0]! : offsets[i]! }));
}

export async function topicsDeleteRecords(args: DeleteRecordsArgs, io: Io, client: SluiceClient): Promise<number> {
  const admin = client.admin();
  deleteRecordsTargets(args, 0); // usage errors before any request
  const count = args.allPartitions ? (await admin.describeTopic(args.topic)).partitions : undefined;
  const partitions = deleteRecordsTargets(args, count);
  const low: DeletedRecords[] = await admin.deleteTopicRecords({ topic: args.topic, partitions });
  if (args.json) {
    await write(io.stdout, `${JSON.stringify({ topic: args.topic, partitions: low }, null, 2)}\n`);
    return 0;
  }
  const rows = [['PARTITION', 'LOW_WATERMARK'], ...low.map((p) => [String(p.partition), String(p.lowWatermark)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  await write(io.stdout, `${rows.map((r) => r.map((cell, i) => cell.padStart(widths[i]!)).join('  ')).join('\n')}\n`);
  return 0;
}

/** The human form of `topics describe`: a header, the configs, and a partition table. */
export function formatDescription(d: TopicDescription): string {
  const configs = Object.entries(d.configs ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const rows = [['PARTITION', 'LOG_START', 'HIGH_WATERMARK', 'RECORDS']];
  for (const p of d.partitionInfo) {
    rows.push([String(p.partition), String(p.logStartOffset), String(p.highWatermark), String(p.highWatermark - p.logStartOffset)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) => r.map((cell, i) => cell.padStart(widths[i]!)).join('  ')).join('\n');
  return [
    `Topic:      ${d.name}`,
    `Id:         ${d.id}`,
    `Partitions: ${d.partitions}`,
    `Created:    ${new Date(d.createdAt).toISOString()}`,
    `Configs:    ${configs.length ? configs.map(([k, v]) => `${k}=${v}`).join(', ') : '(defaults)'}`,
    '',
    table,
    '',
  ].join('\n');
}

export interface AlterTopicArgs {
  name: string;
  /** Configs to set, `k=v` already split. */
  set: Record<string, string>;
  /** Configs to restore to their defaults. */
  reset: string[];
}

/** `sluice topics alter NAME --config k=v --delete-config k`, like kafka-configs --alter. */
export async function topicsAlter(args: AlterTopicArgs, io: Io, client: SluiceClient): Promise<number> {
  const entries = [
    ...Object.entries(args.set).map(([name, value]) => ({ name, value: value as string | null })),
    ...args.reset.map((name) => ({ name, value: null })),
  ];
  if (entries.length === 0) throw new UsageError('give at least one --config key=value or --delete-config key');
  const [d] = await client.admin().alterConfigs({ resources: [{ name: args.name, configEntries: entries }] });
  const changed = entries.map((e) => (e.value === null ? `${e.name} (default: ${d?.configs[e.name] ?? 'unset'})` : `${e.name}=${e.value}`));
  await write(io.stdout, `altered topic ${args.name}: ${changed.join(', ')}\n`);
  return 0;
}

/** `sluice topics add-partitions NAME --partitions N`: grows the topic to N partitions in total. */
export async function topicsAddPartitions(args: { name: string; partitions: number }, io: Io, client: SluiceClient): Promise<number> {
  const [d] = await client.admin().createPartitions({ topic: args.name, count: args.partitions });
  await write(io.stdout, `topic ${args.name} now has ${d?.partitions ?? args.partitions} partitions\n`);
  return 0;
}
