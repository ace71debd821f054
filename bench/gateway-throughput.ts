/**
 * Throughput of one workload three ways: KafkaJS and librdkafka through the gateway, the SDK over
 * HTTP. Produce: the same volume of 1 KiB keyed records into a topic of its own per client.
 * Consume: every client reads one topic (the one KafkaJS wrote) from the beginning; the time runs
 * from the moment the client has its partitions (group joined, or partitions assigned) to the last
 * record, so the group join is not in it and the first fetch is.
 */
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { performance } from 'node:perf_hooks';
import { CONSUMER_EVENTS, createClient } from '../sdk/index.ts';
import type { MeterSnapshot } from '../shared/storage/metering.ts';
import { KEY, MiB, RECORD, recordsFor } from './e2e-http.ts';
import type { GatewayStack } from './gateway-stack.ts';
import { runRdkafka } from './gateway-rdkafka.ts';
import type { ThroughputRun } from './gateway-types.ts';

export interface Workload {
  partitions: number;
  records: number;
  /** Records per produce request (KafkaJS and SDK sends). */
  perRequest: number;
}

export interface Keyed {
  key: Buffer;
  value: Buffer;
}

/** The workload's records in sends of `perRequest`, cycling over a few distinct chunks. */
export function chunks(w: Workload): Keyed[][] {
  const distinct = Array.from({ length: 4 }, (_, i) => recordsFor(w.perRequest, 500 + i).map((r) => ({ key: r.key!, value: r.value! })));
  return Array.from({ length: Math.ceil(w.records / w.perRequest) }, (_, i) => distinct[i % distinct.length]!);
}

export function kafkaFor(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'sluice-bench', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 200 } });
}

function run(client: ThroughputRun['client'], op: ThroughputRun['op'], records: number, seconds: number, how: string, aws: MeterSnapshot | null): ThroughputRun {
  const bytes = records * RECORD;
  return { client, path: client === 'sdk' ? 'http' : 'gateway', op, records, bytes, seconds, mibPerSec: bytes / MiB / seconds, how, aws };
}

function failed(client: ThroughputRun['client'], op: ThroughputRun['op'], how: string, e: unknown): ThroughputRun {
  return { client, path: client === 'sdk' ? 'http' : 'gateway', op, records: 0, bytes: 0, seconds: 0, mibPerSec: NaN, how, aws: null, error: e instanceof Error ? e.message : String(e) };
}

async function kafkajsProduce(stack: GatewayStack, topic: string, w: Workload): Promise<ThroughputRun> {
  const how = `send() of ${w.perRequest} records, one at a time, acks=all`;
  try {
    const producer = kafkaFor(stack.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    const sends = chunks(w);
    // One untimed send first: connections, the topic's metadata and the appender's offsets warm.
    await producer.send({ topic: `${topic}-warm`, acks: -1, messages: sends[0]!.slice(0, 10) });
    stack.gatewayData.reset();
    const t0 = performance.now();
    for (const messages of sends) await producer.send({ topic, acks: -1, messages });
    const seconds = (performance.now() - t0) / 1000;
    await producer.disconnect();
    return run('kafkajs', 'produce', sends.length * w.perRequest, seconds, how, stack.gatewayData.snapshot());
  } catch (e) {
    return failed('kafkajs', 'produce', how, e);
  }
}

async function sdkProduce(stack: GatewayStack, topic: string, w: Workload): Promise<ThroughputRun> {
  const how = `send() of ${w.perRequest} records, one at a time (binary, idempotent)`;
  try {
    const producer = createClient({ endpoint: stack.url, credentials: stack.credentials }).producer({ batchBytes: 4 * MiB });
    await producer.connect();
    const sends = chunks(w);
    await producer.send({ topic: `${topic}-warm`, messages: sends[0]!.slice(0, 10) });
    stack.http?.reset();
    const t0 = performance.now();
    for (const messages of sends) await producer.send({ topic, messages });
    const seconds = (performance.now() - t0) / 1000;
    await producer.disconnect();
    return run('sdk', 'produce', sends.length * w.perRequest, seconds, how, stack.http?.snapshot() ?? null);
  } catch (e) {
    return failed('sdk', 'produce', how, e);
  }
}

async function rdkafkaProduce(stack: GatewayStack, topic: string, w: Workload): Promise<ThroughputRun> {
  const how = 'produce() per record, librdkafka defaults (linger.ms 5, acks=all, batches up to 1 MB)';
  try {
    stack.gatewayData.reset();
    const out = await runRdkafka({ mode: 'produce', bootstrap: stack.bootstrap, topic, records: w.records, key_bytes: KEY, value_bytes: RECORD - KEY });
    if (out.error) throw new Error(out.error);
    return run('librdkafka', 'produce', out.records, out.seconds, how, stack.gatewayData.snapshot());
  } catch (e) {
    return failed('librdkafka', 'produce', how, e);
  }
}

/**
 * Reads until `records` have arrived; seconds from `ready` (the client has its partitions) to the
 * last record, or from the first record when `ready` never came.
 */
async function untilAll(
  records: number,
  timeoutMs: number,
  start: (onBatch: (n: number) => void, ready: () => void) => Promise<void>,
  stop: () => Promise<void>,
): Promise<number> {
  let count = 0;
  let first = 0;
  let last = 0;
  let readyAt = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await start(
    (n) => {
      const now = performance.now();
      if (count === 0) first = now;
      count += n;
      last = now;
      if (count >= records) done();
    },
    () => void (readyAt ||= performance.now()),
  );
  const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
  await Promise.race([all, timer]);
  await stop();
  if (count < records) throw new Error(`timed out at ${count} of ${records} records`);
  return (last - (readyAt && readyAt <= first ? readyAt : first)) / 1000;
}

async function kafkajsConsume(stack: GatewayStack, topic: string, records: number, timeoutMs: number): Promise<ThroughputRun> {
  const how = 'group consumer, eachBatch, KafkaJS defaults (10 MiB fetches, 1 MiB per partition)';
  try {
    const consumer = kafkaFor(stack.bootstrap).consumer({ groupId: `bench-kafkajs-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    stack.gatewayData.reset();
    const seconds = await untilAll(
      records,
      timeoutMs,
      async (onBatch, ready) => {
        consumer.on(consumer.events.GROUP_JOIN, ready);
        await consumer.run({ eachBatch: async ({ batch }) => onBatch(batch.messages.length) });
      },
      () => consumer.disconnect(),
    );
    return run('kafkajs', 'consume', records, seconds, how, stack.gatewayData.snapshot());
  } catch (e) {
    return failed('kafkajs', 'consume', how, e);
  }
}

async function sdkConsume(stack: GatewayStack, topic: string, records: number, timeoutMs: number): Promise<ThroughputRun> {
  const how = 'group consumer, eachBatch, SDK defaults (4 MiB fetches, 1 MiB per partition)';
  try {
    const consumer = createClient({ endpoint: stack.url, credentials: stack.credentials }).consumer({ groupId: `bench-sdk-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    stack.http?.reset();
    const seconds = await untilAll(
      records,
      timeoutMs,
      async (onBatch, ready) => {
        consumer.on(CONSUMER_EVENTS.GROUP_JOIN, ready);
        await consumer.run({ eachBatch: async ({ batch }) => onBatch(batch.messages.length) });
      },
      () => consumer.disconnect(),
    );
    return run('sdk', 'consume', records, seconds, how, stack.http?.snapshot() ?? null);
  } catch (e) {
    return failed('sdk', 'consume', how, e);
  }
}

async function rdkafkaConsume(stack: GatewayStack, topic: string, records: number, timeoutMs: number): Promise<ThroughputRun> {
  const how = 'assigned every partition from the beginning, librdkafka defaults (1 MiB per partition)';
  try {
    stack.gatewayData.reset();
    const out = await runRdkafka({ mode: 'consume', bootstrap: stack.bootstrap, topic, records, timeout_s: Math.round(timeoutMs / 1000) });
    if (out.error) throw new Error(out.error);
    return run('librdkafka', 'consume', out.records, out.seconds, how, stack.gatewayData.snapshot());
  } catch (e) {
    return failed('librdkafka', 'consume', how, e);
  }
}

/** Produce with each client into its own topic, then consume KafkaJS's topic with each. */
export async function throughput(stack: GatewayStack, w: Workload, createTopic: (name: string) => Promise<void>, quick: boolean): Promise<ThroughputRun[]> {
  const topics = { kafkajs: 'gw-tput-kafkajs', librdkafka: 'gw-tput-rdkafka', sdk: 'gw-tput-sdk' } as const;
  for (const t of Object.values(topics)) {
    await createTopic(t);
    await createTopic(`${t}-warm`);
  }
  const timeoutMs = quick ? 120_000 : 300_000;
  const runs: ThroughputRun[] = [];
  runs.push(await kafkajsProduce(stack, topics.kafkajs, w));
  runs.push(await rdkafkaProduce(stack, topics.librdkafka, w));
  runs.push(await sdkProduce(stack, topics.sdk, w));
  const written = runs[0]!.records || w.records;
  runs.push(await kafkajsConsume(stack, topics.kafkajs, written, timeoutMs));
  runs.push(await rdkafkaConsume(stack, topics.kafkajs, written, timeoutMs));
  runs.push(await sdkConsume(stack, topics.kafkajs, written, timeoutMs));
  return runs;
}
