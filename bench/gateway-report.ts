/** The Kafka gateway section of the benchmark report (bench/gateway.ts measures it). */
import { gatewayIdle, KAFKAJS_IDLE, perMonth, type GatewayIdleOutcome } from './cost-gateway.ts';
import type { GatewayBenchResult, IdleRun, ThroughputRun } from './gateway-types.ts';
import { fmt, money } from './lib/stats.ts';

const CLIENT = { kafkajs: 'KafkaJS', librdkafka: 'librdkafka', sdk: 'SDK' } as const;

function label(r: { client: keyof typeof CLIENT; path: string }): string {
  return `${CLIENT[r.client]} (${r.path === 'http' ? 'HTTP' : 'gateway'})`;
}

function versusSdk(r: ThroughputRun, all: ThroughputRun[]): string {
  const sdk = all.find((x) => x.client === 'sdk' && x.op === r.op);
  if (!sdk || r.client === 'sdk' || !(sdk.mibPerSec > 0) || !(r.mibPerSec > 0)) return '-';
  return `${fmt(r.mibPerSec / sdk.mibPerSec, 2)}×`;
}

/** DynamoDB calls and S3 PUTs/GETs per MiB moved: what a run cost in requests. */
function perMib(r: ThroughputRun): { ddb: string; s3: string } {
  if (!r.aws || !(r.bytes > 0)) return { ddb: '-', s3: '-' };
  const mib = r.bytes / (1024 * 1024);
  const s3 = r.aws.operations.filter((o) => o.service === 'S3' && (o.operation === (r.op === 'produce' ? 'PutObject' : 'GetObject'))).reduce((n, o) => n + o.calls, 0);
  return { ddb: fmt(r.aws.dynamodb.calls / mib, 1), s3: fmt(s3 / mib, 2) };
}

/** The model for a measured idle run, and the run priced by its metered units. */
export function idleModel(run: IdleRun, maxWaitMs: number): { model: GatewayIdleOutcome; metered: GatewayIdleOutcome['monthly'] } {
  return {
    model: gatewayIdle({ ...KAFKAJS_IDLE, consumers: run.consumers, maxWaitMs }),
    metered: perMonth({ rruPerMin: run.data.rruPerMin, s3GetsPerMin: run.data.s3GetsPerMin }, { rruPerMin: run.groups.rruPerMin, wruPerMin: run.groups.wruPerMin }),
  };
}

export function gatewayHeadline(g: GatewayBenchResult | undefined, error?: string): string {
  if (!g || g.skipped) return `Kafka gateway: not measured (${g?.skipped ?? error ?? 'not run'}).`;
  const t = (client: ThroughputRun['client'], op: ThroughputRun['op']) => g.throughput.find((r) => r.client === client && r.op === op);
  const mbs = (client: ThroughputRun['client'], op: ThroughputRun['op']) => fmt(t(client, op)?.mibPerSec, 1);
  const k = g.latency.find((l) => l.client === 'kafkajs');
  const s = g.latency.find((l) => l.client === 'sdk');
  const [one, ten] = g.idle;
  const priced = one ? idleModel(one, g.idleMaxWaitMs).metered : undefined;
  return (
    `Kafka gateway, local stack (${fmt(g.volumeBytes / (1024 * 1024), 0)} MiB of 1 KiB records, ${g.partitions} partitions): produce MiB/s KafkaJS ${mbs('kafkajs', 'produce')}, librdkafka ${mbs('librdkafka', 'produce')}, SDK over HTTP ${mbs('sdk', 'produce')}; ` +
    `consume KafkaJS ${mbs('kafkajs', 'consume')}, librdkafka ${mbs('librdkafka', 'consume')}, SDK ${mbs('sdk', 'consume')}; acks=all produce p50/p99 KafkaJS ${fmt(k?.p50Ms, 0)}/${fmt(k?.p99Ms, 0)} ms, SDK ${fmt(s?.p50Ms, 0)}/${fmt(s?.p99Ms, 0)} ms. ` +
    (one && ten
      ? `An idle KafkaJS consumer makes ${fmt(one.data.ddbCallsPerMin, 0)} DynamoDB calls/min on the data path (${fmt(one.latestReadsPerMin, 0)} high-watermark reads) and ${fmt(one.groups.ddbCallsPerMin, 0)} for its group: ${money(priced!.total, 2)}/month of DynamoDB (the gateway host is the user's); ` +
        `ten on one partition: ${fmt(ten.latestReadsPerMin, 0)} high-watermark reads/min (one watcher shared), ${fmt(ten.data.ddbCallsPerMin, 0)} data-path calls/min.`
      : `Idle consumers: not measured${g.idleError ? ` (${g.idleError})` : ''}.`)
  );
}

export function gatewayMarkdown(g: GatewayBenchResult | undefined, error?: string): string {
  if (!g) return `Not measured: ${error ?? 'not run'}`;
  if (g.skipped) return `Skipped: ${g.skipped}.`;
  const L: string[] = [
    `${g.note} KafkaJS ${g.versions.kafkajs}, librdkafka ${g.versions.librdkafka ?? 'not installed'}. Load average ${g.loadAverage.start.map((x) => fmt(x, 1)).join(', ')} at the start, ${g.loadAverage.end.map((x) => fmt(x, 1)).join(', ')} at the end.`,
    '',
    `### Throughput: ${fmt(g.volumeBytes / (1024 * 1024), 0)} MiB of ${g.recordBytes} B keyed records, ${g.partitions} partitions`,
    '',
    'Produce: each client into a topic of its own, timed from the first send to the last acknowledgement. Consume: every client reads the topic KafkaJS wrote, from the beginning, timed from the moment it has its partitions (group joined; librdkafka: assigned) to the last record. "vs SDK" is the ratio to the SDK over HTTP in the same run.',
    '',
    '| client | op | MiB/s | vs SDK | records | seconds | DynamoDB calls / MiB | S3 PUT or GET / MiB | how |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of g.throughput) {
    const m = perMib(r);
    L.push(`| ${label(r)} | ${r.op} | ${r.error ? `failed: ${r.error.slice(0, 120)}` : fmt(r.mibPerSec, 2)} | ${versusSdk(r, g.throughput)} | ${r.records} | ${fmt(r.seconds, 1)} | ${m.ddb} | ${m.s3} | ${r.how} |`);
  }
  L.push('', '### Produce latency, acks=all', '', '| client | sends | records / send | p50 ms | p99 ms | mean ms | how |', '|---|---:|---:|---:|---:|---:|---|');
  for (const l of g.latency) {
    L.push(`| ${label(l)} | ${l.sends} | ${l.recordsPerSend} | ${l.error ? `failed: ${l.error.slice(0, 120)}` : fmt(l.p50Ms, 1)} | ${fmt(l.p99Ms, 1)} | ${fmt(l.meanMs, 1)} | ${l.how} |`);
  }
  L.push(
    '',
    '### Idle consumers through the gateway',
    '',
    `KafkaJS group consumers (each in its own group) of one idle partition, KafkaJS defaults: fetches wait up to ${g.idleMaxWaitMs} ms in the gateway, heartbeats every 3 s. ` +
      `The gateway polls a partition's high watermark for its waiting fetches through one shared tail watcher (every ${g.watcher.minIntervalMs} ms, doubling to ${g.watcher.maxIntervalMs} ms). ` +
      'Per minute, all consumers together; "model" is bench/cost-gateway.ts for the same consumers; $ / month prices the metered units (bench/prices.ts): DynamoDB only, the gateway\'s host is the user\'s.',
    '',
    '| consumers | fetches | high-watermark reads (model: watcher + first reads) | forward reads | data path DynamoDB calls | data RRU (model) | S3 GETs | group DynamoDB calls | group RRU / WRU (model) | $ / month, data path | $ / month, groups | $ / month per consumer (model) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  if (g.idleError) L.push(`| not measured: ${g.idleError.slice(0, 200)} |${' - |'.repeat(11)}`);
  for (const r of g.idle) {
    const { model, metered } = idleModel(r, g.idleMaxWaitMs);
    const modelLatest = model.pollsPerMin + model.firstReadQueriesPerMin / 2;
    L.push(
      `| ${r.consumers} | ${fmt(r.fetchesPerMin, 1)} | ${fmt(r.latestReadsPerMin, 1)} (${fmt(modelLatest, 1)}) | ${fmt(r.forwardReadsPerMin, 1)} | ${fmt(r.data.ddbCallsPerMin, 1)} | ${fmt(r.data.rruPerMin, 1)} (${fmt(model.dataRruPerMin, 1)}) | ${fmt(r.data.s3GetsPerMin, 1)} | ` +
        `${fmt(r.groups.ddbCallsPerMin, 1)} | ${fmt(r.groups.rruPerMin, 1)} / ${fmt(r.groups.wruPerMin, 1)} (${fmt(model.groupsRruPerMin, 1)} / ${fmt(model.groupsWruPerMin, 1)}) | ` +
        `${money(metered.dataReads, 3)} | ${money(metered.groupReads + metered.groupWrites, 3)} | ${money(metered.total / r.consumers, 3)} (${money(model.monthly.total / r.consumers, 3)}) |`,
    );
  }
  return L.join('\n');
}
