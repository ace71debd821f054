/**
 * kcat as a producer (-P), a consumer (-C) and a metadata reader (-L). kcat produces one message
 * per input line and applies the same -H headers to each; delivery reports come on stderr at
 * verbosity 3 (-vv): `Message delivered to partition P (offset O) on broker B`.
 */
import { KCAT, requireKcat } from './clients.ts';
import { runOk } from './process.ts';
import type { ReadRecord } from './records.ts';

const TIMEOUT_MS = 90_000;

/** Separates key from value on an input line (-K); no test value contains it. */
export const KEY_DELIMITER = '|';

export interface KcatProduceOptions {
  headers?: [string, string][];
  partition?: number;
  /** librdkafka properties (-X name=value), e.g. compression.codec, enable.idempotence. */
  config?: Record<string, string>;
  /** Keep going past a dropped connection (-E): kcat otherwise exits on librdkafka's first error. */
  survivesDisconnects?: boolean;
}

export interface Delivery {
  partition: number;
  offset: number;
}

function configArgs(config: Record<string, string> = {}): string[] {
  return Object.entries(config).flatMap(([k, v]) => ['-X', `${k}=${v}`]);
}

/** Produces `key|value` lines (or bare values when a key is null) and returns the delivery reports. */
export async function kcatProduce(
  bootstrap: string,
  topic: string,
  records: readonly { key: string | null; value: string }[],
  opts: KcatProduceOptions = {},
): Promise<Delivery[]> {
  await requireKcat();
  const keyed = records.some((r) => r.key !== null);
  const input = records.map((r) => (keyed ? `${r.key ?? ''}${KEY_DELIMITER}${r.value}` : r.value)).join('\n') + '\n';
  const args = [
    '-P', '-b', bootstrap, '-t', topic, '-vv',
    ...(opts.survivesDisconnects ? ['-E'] : []),
    ...(keyed ? ['-K', KEY_DELIMITER] : []),
    ...(opts.partition !== undefined ? ['-p', String(opts.partition)] : []),
    ...(opts.headers ?? []).flatMap(([name, value]) => ['-H', `${name}=${value}`]),
    ...configArgs(opts.config),
  ];
  const r = await runOk(KCAT, args, { input, timeoutMs: TIMEOUT_MS });
  return [...r.stderr.matchAll(/Message delivered to partition (\d+) \(offset (-?\d+)\)/g)].map((m) => ({
    partition: Number(m[1]),
    offset: Number(m[2]),
  }));
}

interface KcatJsonMessage {
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers?: (string | null)[];
}

/** kcat -J prints headers as a flat [name, value, name, value, …] list. */
function headerPairs(flat: readonly (string | null)[] = []): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] ?? '', flat[i + 1] ?? '']);
  return out;
}

/** Reads to the end of the topic (-e) from `offset` (-o: beginning, or a number), one partition or all. */
export async function kcatConsume(
  bootstrap: string,
  topic: string,
  opts: { partition?: number; offset?: 'beginning' | number } = {},
): Promise<ReadRecord[]> {
  await requireKcat();
  const args = [
    '-C', '-b', bootstrap, '-t', topic, '-J', '-e',
    '-o', String(opts.offset ?? 'beginning'),
    ...(opts.partition !== undefined ? ['-p', String(opts.partition)] : []),
  ];
  const r = await runOk(KCAT, args, { timeoutMs: TIMEOUT_MS });
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as KcatJsonMessage)
    .map((m) => ({ partition: m.partition, offset: m.offset, key: m.key, value: m.payload ?? '', headers: headerPairs(m.headers) }));
}

export interface KcatMetadata {
  brokers: { id: number; name: string }[];
  topics: { topic: string; error?: string; partitions: { partition: number; leader: number; error?: string }[] }[];
}

/** kcat -L -J: the cluster as Metadata describes it. */
export async function kcatMetadata(bootstrap: string, topic?: string): Promise<KcatMetadata> {
  await requireKcat();
  const r = await runOk(KCAT, ['-L', '-b', bootstrap, '-J', ...(topic ? ['-t', topic] : [])], { timeoutMs: TIMEOUT_MS });
  return JSON.parse(r.stdout) as KcatMetadata;
}
