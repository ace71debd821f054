/**
 * Produce latency with acks=all: sequential sends of a small batch (10 keyed 1 KiB records, so
 * most of a topic's partitions in each request), idempotent as Kafka 3's producers are by default,
 * through the gateway with KafkaJS and over HTTP with the SDK. Each send is timed from the call to
 * its acknowledgement; a few sends first warm the connections and caches.
 */
import { Partitioners } from 'kafkajs';
import { performance } from 'node:perf_hooks';
import { createClient } from '../sdk/index.ts';
import { RECORD } from './e2e-http.ts';
import type { GatewayStack } from './gateway-stack.ts';
import { chunks, kafkaFor } from './gateway-throughput.ts';
import type { LatencyRun } from './gateway-types.ts';
import { mean, percentile } from './lib/stats.ts';

const PER_SEND = 10;
const WARMUP = 5;

async function timed(sends: number, send: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await send(i);
  const lat: number[] = [];
  for (let i = 0; i < sends; i++) {
    const t0 = performance.now();
    await send(i);
    lat.push(performance.now() - t0);
  }
  return lat;
}

function row(client: LatencyRun['client'], lat: number[], how: string): LatencyRun {
  return { client, path: client === 'sdk' ? 'http' : 'gateway', sends: lat.length, recordsPerSend: PER_SEND, p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99), meanMs: mean(lat), how };
}

function failed(client: LatencyRun['client'], how: string, e: unknown): LatencyRun {
  return { client, path: client === 'sdk' ? 'http' : 'gateway', sends: 0, recordsPerSend: PER_SEND, p50Ms: NaN, p99Ms: NaN, meanMs: NaN, how, error: e instanceof Error ? e.message : String(e) };
}

export async function latency(stack: GatewayStack, partitions: number, sends: number, createTopic: (name: string) => Promise<void>): Promise<LatencyRun[]> {
  const batches = chunks({ partitions, records: PER_SEND * 8, perRequest: PER_SEND });
  const out: LatencyRun[] = [];
  {
    const how = `KafkaJS, idempotent, acks=all, ${PER_SEND} × ${RECORD} B keyed records per send`;
    try {
      await createTopic('gw-lat-kafkajs');
      const producer = kafkaFor(stack.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const lat = await timed(sends, async (i) => void (await producer.send({ topic: 'gw-lat-kafkajs', acks: -1, messages: batches[i % batches.length]! })));
      await producer.disconnect();
      out.push(row('kafkajs', lat, how));
    } catch (e) {
      out.push(failed('kafkajs', how, e));
    }
  }
  {
    const how = `SDK, idempotent (its default), ${PER_SEND} × ${RECORD} B keyed records per send`;
    try {
      await createTopic('gw-lat-sdk');
      const producer = createClient({ endpoint: stack.url, credentials: stack.credentials }).producer();
      await producer.connect();
      const lat = await timed(sends, async (i) => void (await producer.send({ topic: 'gw-lat-sdk', messages: batches[i % batches.length]! })));
      await producer.disconnect();
      out.push(row('sdk', lat, how));
    } catch (e) {
      out.push(failed('sdk', how, e));
    }
  }
  return out;
}
