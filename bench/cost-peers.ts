/** The reference workload priced on the peers, from their published prices (bench/prices.ts). */
import { HOURS_PER_MONTH, PEER_PRICES, SECONDS_PER_MONTH } from './prices.ts';
import { GiB, gibIngestedPerMonth, result, retainedGib, type CostResult, type Workload } from './cost-basics.ts';

// ---- peers ------------------------------------------------------------------------------------

const recordsPerSec = (w: Workload): number => w.ingestBytesPerSec / w.recordBytes;

export function kinesisOnDemandCost(w: Workload): CostResult {
  const P = PEER_PRICES.kinesisOnDemand;
  const billedRecord = Math.ceil(w.recordBytes / P.ingestRecordRoundUpBytes) * P.ingestRecordRoundUpBytes;
  const inGib = (recordsPerSec(w) * billedRecord * SECONDS_PER_MONTH) / GiB;
  const outGib = w.consumerGroups * gibIngestedPerMonth(w);
  const extendedDays = Math.max(0, w.retentionDays - P.includedRetentionHours / 24);
  const extGib = retainedGib(w, extendedDays);
  const streamFee = HOURS_PER_MONTH * P.streamHour;
  return result('Kinesis on-demand', w, [
    { id: 'stream', label: 'Stream-hours', quantity: HOURS_PER_MONTH, unit: 'hours', monthly: streamFee, idle: true },
    { id: 'ingest', label: 'Data in (records rounded up to 1 KB)', quantity: inGib, unit: 'GB', monthly: inGib * P.ingestPerGb },
    { id: 'retrieval', label: 'Data out', quantity: outGib, unit: 'GB', monthly: outGib * P.retrievalPerGb },
    { id: 'retention', label: 'Extended retention (beyond 24 h)', quantity: extGib, unit: 'GB-month', monthly: extGib * P.extendedRetentionGbMonth, idle: true },
  ], [], streamFee);
}

export function kinesisProvisionedShards(w: Workload): number {
  const P = PEER_PRICES.kinesisProvisioned;
  return Math.max(
    1,
    Math.ceil(w.ingestBytesPerSec / P.shardIngestBytesPerSec),
    Math.ceil(recordsPerSec(w) / P.shardIngestRecordsPerSec),
    Math.ceil((w.consumerGroups * w.ingestBytesPerSec) / P.shardEgressBytesPerSec),
  );
}

export function kinesisProvisionedCost(w: Workload): CostResult {
  const P = PEER_PRICES.kinesisProvisioned;
  const shards = kinesisProvisionedShards(w);
  const units = recordsPerSec(w) * Math.ceil(w.recordBytes / P.putUnitBytes) * SECONDS_PER_MONTH;
  const shardFee = shards * HOURS_PER_MONTH * P.shardHour;
  const retentionFee = w.retentionDays * 24 > P.includedRetentionHours ? shards * HOURS_PER_MONTH * P.extendedRetentionShardHour : 0;
  return result(`Kinesis provisioned (${shards} shards)`, w, [
    { id: 'shards', label: `Shard-hours (${shards} shards)`, quantity: shards * HOURS_PER_MONTH, unit: 'shard-hours', monthly: shardFee, idle: true },
    { id: 'put', label: 'PUT payload units (25 KB)', quantity: units, unit: 'units', monthly: (units / 1e6) * P.putUnitsPerMillion },
    { id: 'retention', label: 'Extended retention shard-hours', quantity: shards * HOURS_PER_MONTH, unit: 'shard-hours', monthly: retentionFee, idle: true },
  ], [], shardFee + retentionFee);
}

export function mskServerlessCost(w: Workload): CostResult {
  const P = PEER_PRICES.mskServerless;
  const inGib = gibIngestedPerMonth(w);
  const fixed = HOURS_PER_MONTH * (P.clusterHour + w.partitions * P.partitionHour);
  return result('MSK Serverless', w, [
    { id: 'cluster', label: 'Cluster-hours', quantity: HOURS_PER_MONTH, unit: 'hours', monthly: HOURS_PER_MONTH * P.clusterHour, idle: true },
    { id: 'partitions', label: 'Partition-hours', quantity: w.partitions * HOURS_PER_MONTH, unit: 'partition-hours', monthly: w.partitions * HOURS_PER_MONTH * P.partitionHour, idle: true },
    { id: 'ingest', label: 'Data in', quantity: inGib, unit: 'GiB', monthly: inGib * P.ingestPerGib },
    { id: 'egress', label: 'Data out', quantity: w.consumerGroups * inGib, unit: 'GiB', monthly: w.consumerGroups * inGib * P.egressPerGib },
    { id: 'storage', label: 'Storage', quantity: retainedGib(w), unit: 'GiB-month', monthly: retainedGib(w) * P.storageGibMonth, idle: true },
  ], [], fixed);
}

export function confluentBasicCost(w: Workload): CostResult {
  const P = PEER_PRICES.confluentBasic;
  const inGib = gibIngestedPerMonth(w);
  return result('Confluent Cloud Basic', w, [
    { id: 'ingress', label: 'Data in', quantity: inGib, unit: 'GB', monthly: inGib * P.ingressPerGb },
    { id: 'egress', label: 'Data out', quantity: w.consumerGroups * inGib, unit: 'GB', monthly: w.consumerGroups * inGib * P.egressPerGb },
    { id: 'storage', label: 'Storage', quantity: retainedGib(w), unit: 'GB-month', monthly: retainedGib(w) * P.storageGbMonth, idle: true },
  ], [], 0);
}

export function warpstreamCost(w: Workload): CostResult {
  const P = PEER_PRICES.warpstreamFundamentals;
  const inGib = gibIngestedPerMonth(w);
  const fee = HOURS_PER_MONTH * P.clusterHour;
  return result('WarpStream Fundamentals (fee only)', w, [
    { id: 'cluster', label: 'Cluster fee', quantity: HOURS_PER_MONTH, unit: 'hours', monthly: fee, idle: true },
    { id: 'written', label: 'Data written (uncompressed)', quantity: inGib, unit: 'GiB', monthly: inGib * P.writtenPerGib },
    { id: 'stored', label: 'Data stored', quantity: retainedGib(w), unit: 'GiB-month', monthly: retainedGib(w) * P.storedPerGib, idle: true },
  ], ['Plus the agents (EC2) and S3 requests and storage in your account, not priced here.'], fee);
}

export const PEERS = {
  kinesisOnDemand: kinesisOnDemandCost,
  kinesisProvisioned: kinesisProvisionedCost,
  mskServerless: mskServerlessCost,
  confluentBasic: confluentBasicCost,
  warpstreamFundamentals: warpstreamCost,
} as const;

export type PeerId = keyof typeof PEERS;

export function peerCosts(w: Workload): Record<PeerId, CostResult> {
  return Object.fromEntries(Object.entries(PEERS).map(([id, f]) => [id, f(w)])) as Record<PeerId, CostResult>;
}
