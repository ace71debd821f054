/**
 * The Kafka gateway on the local stack, beside the HTTP SDK, in one run (bench/gateway-stack.ts
 * starts both over the same emulators):
 *
 *   - throughput (bench/gateway-throughput.ts): a fixed volume of 1 KiB keyed records over 10
 *     partitions produced and consumed with KafkaJS and librdkafka through the gateway, and with
 *     the SDK over HTTP;
 *   - produce latency with acks=all (bench/gateway-latency.ts): sequential sends of 10 records,
 *     KafkaJS through the gateway and the SDK over HTTP;
 *   - idle consumers (bench/gateway-idle.ts): DynamoDB and S3 calls per minute of one, then ten,
 *     idle KafkaJS consumers of one partition, priced by the cost model's gateway line
 *     (bench/cost-gateway.ts).
 *
 * Absolute figures are this shared 2-core machine's and the emulators'; compare the clients with
 * each other within a run, and read the call counts as exact.
 *
 *   npx tsx bench/gateway.ts [--quick] [--out file.json]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { Http, MiB, RECORD } from './e2e-http.ts';
import { idle, KAFKAJS_MAX_WAIT_MS } from './gateway-idle.ts';
import { latency } from './gateway-latency.ts';
import { rdkafkaVersion } from './gateway-rdkafka.ts';
import { gatewayMarkdown } from './gateway-report.ts';
import { startGatewayStack, type GatewayStack } from './gateway-stack.ts';
import { throughput } from './gateway-throughput.ts';
import type { GatewayBenchResult } from './gateway-types.ts';

export type { GatewayBenchResult } from './gateway-types.ts';

const PARTITIONS = 10;
const NOTE =
  'Local stack: DynamoDB Local + s3rver + the local HTTP server + the gateway, in the benchmark\'s process with the KafkaJS and SDK clients ' +
  '(librdkafka in a child process), on a shared 2-core machine. Absolute figures are emulator- and machine-bound; the ratios between clients ' +
  'in one run and the call counts are what to read.';

function kafkajsVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('kafkajs/package.json') as { version: string }).version;
}

export async function runGatewayBench({ quick = false }: { quick?: boolean } = {}): Promise<GatewayBenchResult> {
  const volumeBytes = (quick ? 8 : 32) * MiB;
  const records = Math.round(volumeBytes / RECORD);
  const start = loadavg();
  const versions = { kafkajs: kafkajsVersion(), librdkafka: await rdkafkaVersion() };
  const base: GatewayBenchResult = {
    note: NOTE,
    partitions: PARTITIONS,
    recordBytes: RECORD,
    volumeBytes,
    throughput: [],
    latency: [],
    idle: [],
    idleMaxWaitMs: KAFKAJS_MAX_WAIT_MS,
    watcher: { minIntervalMs: 100, maxIntervalMs: 250 },
    loadAverage: { start, end: start },
    versions,
  };
  let stack: GatewayStack;
  try {
    stack = await startGatewayStack();
  } catch (e) {
    return { ...base, skipped: `local stack not available: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    const http = new Http(stack.url, stack.credentials);
    const createTopic = async (name: string, partitions = PARTITIONS) => void (await http.json('POST', '/v1/topics', { name, partitions }));
    const tput = await throughput(stack, { partitions: PARTITIONS, records, perRequest: 1024 }, createTopic, quick);
    const lat = await latency(stack, PARTITIONS, quick ? 50 : 200, createTopic);
    // A benchmark that breaks is reported, and the others keep their figures.
    const idleRuns = await idle(stack, quick ? 20 : 60, createTopic).catch((e: unknown) => e);
    const idleOut = Array.isArray(idleRuns) ? { idle: idleRuns as GatewayBenchResult['idle'] } : { idle: [], idleError: idleRuns instanceof Error ? idleRuns.message : String(idleRuns) };
    return { ...base, throughput: tput, latency: lat, ...idleOut, loadAverage: { start, end: loadavg() } };
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const outAt = process.argv.indexOf('--out');
  const result = await runGatewayBench({ quick });
  if (outAt > 0) writeFileSync(process.argv[outAt + 1]!, JSON.stringify(result, null, 2));
  console.log(gatewayMarkdown(result));
  process.exit(0);
}
