/**
 * What idle Kafka consumers cost through the gateway: KafkaJS group consumers (each in a group of
 * its own, so each reads the partition) on a one-partition topic that nothing is written to, with
 * KafkaJS's defaults (a fetch waits up to maxWaitTimeInMs 5,000 in the gateway; heartbeats every
 * 3 s). First one consumer, then ten: the gateway's waiting fetches share one tail watcher per
 * partition, so its polls should not grow with the consumers; each fetch's own first read and
 * each member's heartbeats do.
 */
import type { Consumer } from 'kafkajs';
import type { MeterSnapshot } from '../shared/storage/metering.ts';
import type { GatewayStack } from './gateway-stack.ts';
import { kafkaFor } from './gateway-throughput.ts';
import type { IdleRun } from './gateway-types.ts';

export const IDLE_TOPIC = 'gw-idle';
/** KafkaJS's default maxWaitTimeInMs. */
export const KAFKAJS_MAX_WAIT_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Running {
  consumer: Consumer;
  fetches: number;
}

async function startConsumer(stack: GatewayStack, i: number): Promise<Running> {
  const consumer = kafkaFor(stack.bootstrap).consumer({ groupId: `bench-idle-${i}-${Date.now()}` });
  const r: Running = { consumer, fetches: 0 };
  let joined!: () => void;
  const join = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  consumer.on(consumer.events.FETCH, () => void r.fetches++);
  await consumer.connect();
  await consumer.subscribe({ topic: IDLE_TOPIC, fromBeginning: false });
  await consumer.run({ eachMessage: async () => undefined });
  await Promise.race([join, sleep(60_000)]);
  return r;
}

function ops(s: MeterSnapshot, op: string): number {
  return s.operations.filter((o) => o.operation === op).reduce((n, o) => n + o.calls, 0);
}

async function measure(stack: GatewayStack, running: Running[], seconds: number): Promise<IdleRun> {
  // Let joins, first fetches and offset lookups settle before counting.
  await sleep(Math.min(6000, seconds * 250));
  stack.gatewayData.reset();
  stack.gatewayGroups.reset();
  stack.indexCalls.reset();
  const fetches0 = running.reduce((n, r) => n + r.fetches, 0);
  await sleep(seconds * 1000);
  const data = stack.gatewayData.snapshot();
  const groups = stack.gatewayGroups.snapshot();
  const perMin = (n: number) => (n * 60) / seconds;
  return {
    consumers: running.length,
    seconds,
    fetchesPerMin: perMin(running.reduce((n, r) => n + r.fetches, 0) - fetches0),
    data: {
      ddbCallsPerMin: perMin(data.dynamodb.calls),
      rruPerMin: perMin(data.dynamodb.rru),
      s3GetsPerMin: perMin(ops(data, 'GetObject')),
      queriesPerMin: perMin(ops(data, 'Query')),
      getItemsPerMin: perMin(ops(data, 'GetItem')),
    },
    latestReadsPerMin: perMin(stack.indexCalls.get('latest')),
    forwardReadsPerMin: perMin(stack.indexCalls.get('after') + stack.indexCalls.get('floor')),
    groups: { ddbCallsPerMin: perMin(groups.dynamodb.calls), rruPerMin: perMin(groups.dynamodb.rru), wruPerMin: perMin(groups.dynamodb.wru) },
    dataAws: data,
    groupsAws: groups,
  };
}

/** One idle consumer, then ten, each counted for `seconds`. */
export async function idle(stack: GatewayStack, seconds: number, createTopic: (name: string, partitions: number) => Promise<void>): Promise<IdleRun[]> {
  await createTopic(IDLE_TOPIC, 1);
  const running: Running[] = [];
  try {
    running.push(await startConsumer(stack, 0));
    const one = await measure(stack, running, seconds);
    running.push(...(await Promise.all(Array.from({ length: 9 }, (_, i) => startConsumer(stack, i + 1)))));
    const ten = await measure(stack, running, seconds);
    return [one, ten];
  } finally {
    await Promise.all(running.map((r) => r.consumer.disconnect().catch(() => undefined)));
  }
}
