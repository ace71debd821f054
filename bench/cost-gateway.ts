/**
 * The cost model's line for Kafka consumers through the gateway (gateway/): what idle consumers
 * cost in DynamoDB reads and writes while they keep running on a topic with no traffic. Pure;
 * bench/gateway.ts meters the same thing on the local stack and the report sets the two side by
 * side. The gateway's host (its compute, its network) is the user's and is not priced here.
 *
 * An idle Kafka consumer keeps a fetch waiting in the gateway (Kafka's fetch.max.wait.ms: KafkaJS
 * 5,000 ms, librdkafka 500 ms). Per fetch the gateway reads the log once (per partition a forward
 * Query and a latest Query, both eventually consistent: 0.5 RRU each), then waits on the tail
 * watcher (gateway/handlers/data/tail-watcher.ts): one eventually consistent latest Query per
 * watched partition per round, the rounds 100 ms apart, then doubling to 250 ms, for as long as
 * any fetch waits on the partition. So:
 *
 *   - the watcher's polls are per partition, shared by every consumer of it in the gateway;
 *   - the first read of each fetch is per consumer (one fetch per max wait);
 *   - the topic and log-start caches (2 s) are per gateway: refreshed once per fetch round when
 *     the consumers fetch in step (as consumers started together do: each fetch ends at its max
 *     wait), up to once per period when their fetches are spread;
 *   - heartbeats are per member, every 3 s (KafkaJS sends them from its fetch loop, so no more
 *     than one per fetch); each, as metered, two group Queries and a member write; and each
 *     group's lease on each partition is renewed every 15 s (one write).
 */
import { AWS_PRICES, SECONDS_PER_MONTH } from './prices.ts';

export interface GatewayIdleParams {
  /** Consumers (each in a group of its own, reading every partition). */
  consumers: number;
  partitions: number;
  /** The client's fetch max wait. */
  maxWaitMs: number;
  /** Between a fetch's answer and the next fetch (client turnaround). */
  clientGapMs: number;
  watcher: { minIntervalMs: number; maxIntervalMs: number };
  /** Per partition per fetch: the first read's Queries (forward + latest on a caught-up partition). */
  firstReadQueries: number;
  /** Topic and log-start caches: a GetItem and two strongly consistent Queries (1 RRU each, as metered) per refresh. */
  cacheMs: number;
  cacheRefreshRru: number;
  heartbeatIntervalMs: number;
  /** The client heartbeats between fetches (KafkaJS), so at most once per fetch. */
  heartbeatInFetchLoop: boolean;
  /** Per heartbeat: the group's Queries (RRU) and the member write (WRU). */
  heartbeatRru: number;
  heartbeatWru: number;
  /** Each consumer's (group's) lease on each partition: one write per renewal. */
  leaseRenewIntervalMs: number;
}

/** KafkaJS's defaults against the gateway as built. */
export const KAFKAJS_IDLE: GatewayIdleParams = {
  consumers: 1,
  partitions: 1,
  maxWaitMs: 5000,
  clientGapMs: 10,
  watcher: { minIntervalMs: 100, maxIntervalMs: 250 },
  firstReadQueries: 2,
  cacheMs: 2000,
  cacheRefreshRru: 3,
  heartbeatIntervalMs: 3000,
  heartbeatInFetchLoop: true,
  heartbeatRru: 2,
  heartbeatWru: 1,
  leaseRenewIntervalMs: 15_000,
};

/** librdkafka's defaults: fetch.wait.max.ms 500, heartbeats from a background thread. */
export const LIBRDKAFKA_IDLE: GatewayIdleParams = { ...KAFKAJS_IDLE, maxWaitMs: 500, heartbeatInFetchLoop: false };

/** Watcher rounds within one wait of `waitMs` on a fresh watch: at 100, 300, 550, 800 … ms. */
export function watcherRounds(waitMs: number, w: GatewayIdleParams['watcher']): number {
  let t = 0;
  let interval = w.minIntervalMs;
  let rounds = 0;
  for (;;) {
    t += interval;
    if (t > waitMs) return rounds;
    rounds++;
    interval = Math.min(interval * 2, w.maxIntervalMs);
  }
}

export interface GatewayIdleOutcome {
  fetchesPerMin: number;
  /** The watcher's polls (latest Queries), all partitions. */
  pollsPerMin: number;
  /** Each fetch's first read: forward and latest Queries. */
  firstReadQueriesPerMin: number;
  cacheRefreshesPerMin: number;
  /** Data path: polls, first reads and cache refreshes. */
  dataRruPerMin: number;
  heartbeatsPerMin: number;
  groupsRruPerMin: number;
  groupsWruPerMin: number;
  /** DynamoDB, per month: the data path's reads, the groups' reads and writes. */
  monthly: { dataReads: number; groupReads: number; groupWrites: number; total: number };
}

export function gatewayIdle(p: GatewayIdleParams): GatewayIdleOutcome {
  const cycleMs = p.maxWaitMs + p.clientGapMs;
  const fetchesPerMin = (p.consumers * 60_000) / cycleMs;
  // One consumer: each fetch starts a fresh watch, which dies when the fetch returns. Several: their
  // fetches overlap, so the watch lives on at its longest interval.
  const pollsPerPartitionPerMin = p.consumers > 1 ? 60_000 / p.watcher.maxIntervalMs : (watcherRounds(p.maxWaitMs, p.watcher) * 60_000) / cycleMs;
  const pollsPerMin = pollsPerPartitionPerMin * p.partitions;
  const firstReadQueriesPerMin = fetchesPerMin * p.partitions * p.firstReadQueries;
  // Consumers in step: one refresh per fetch round (at most one per cache period).
  const cacheRefreshesPerMin = Math.min(fetchesPerMin, 60_000 / Math.max(p.cacheMs, cycleMs));
  const dataRruPerMin = 0.5 * (pollsPerMin + firstReadQueriesPerMin) + cacheRefreshesPerMin * p.cacheRefreshRru;
  const heartbeatsPerMin = (p.consumers * 60_000) / Math.max(p.heartbeatIntervalMs, p.heartbeatInFetchLoop ? cycleMs : 0);
  const groupsRruPerMin = heartbeatsPerMin * p.heartbeatRru;
  const groupsWruPerMin = heartbeatsPerMin * p.heartbeatWru + (p.consumers * p.partitions * 60_000) / p.leaseRenewIntervalMs;
  const monthly = perMonth({ rruPerMin: dataRruPerMin }, { rruPerMin: groupsRruPerMin, wruPerMin: groupsWruPerMin });
  return { fetchesPerMin, pollsPerMin, firstReadQueriesPerMin, cacheRefreshesPerMin, dataRruPerMin, heartbeatsPerMin, groupsRruPerMin, groupsWruPerMin, monthly };
}

const MINUTES_PER_MONTH = SECONDS_PER_MONTH / 60;

/** Per-minute units (modelled or metered) priced per month. S3 GETs of an idle topic are 0. */
export function perMonth(data: { rruPerMin: number; s3GetsPerMin?: number }, groups: { rruPerMin: number; wruPerMin: number }): GatewayIdleOutcome['monthly'] {
  const D = AWS_PRICES.dynamodb;
  const dataReads = ((data.rruPerMin * MINUTES_PER_MONTH) / 1e6) * D.rruPerMillion + (((data.s3GetsPerMin ?? 0) * MINUTES_PER_MONTH) / 1000) * AWS_PRICES.s3.getPer1000;
  const groupReads = ((groups.rruPerMin * MINUTES_PER_MONTH) / 1e6) * D.rruPerMillion;
  const groupWrites = ((groups.wruPerMin * MINUTES_PER_MONTH) / 1e6) * D.wruPerMillion;
  return { dataReads, groupReads, groupWrites, total: dataReads + groupReads + groupWrites };
}
