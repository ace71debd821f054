/**
 * The cost model's common ground: units, the workload, and a bill of line items. The Sluice
 * model (cost-model.ts), the peers (cost-peers.ts) and the sweeps (cost-sensitivity.ts) build on it.
 */
import { SECONDS_PER_MONTH } from './prices.ts';

export const KiB = 1024;
export const MiB = 1024 * 1024;
export const GiB = 1024 * 1024 * 1024;

// ---- workload -------------------------------------------------------------------------------

export interface Workload {
  /** Record bytes produced per second (keys + values, as the user counts them). */
  ingestBytesPerSec: number;
  recordBytes: number;
  partitions: number;
  /** Consumer groups, each reading everything. */
  consumerGroups: number;
  retentionDays: number;
}

/** The reference workload: 1 MiB/s, 1 KiB records, 10 partitions, 3 groups, 7 days. */
export const REFERENCE_WORKLOAD: Workload = {
  ingestBytesPerSec: MiB,
  recordBytes: KiB,
  partitions: 10,
  consumerGroups: 3,
  retentionDays: 7,
};

export function gibIngestedPerMonth(w: Workload): number {
  return (w.ingestBytesPerSec * SECONDS_PER_MONTH) / GiB;
}

/** GiB held at steady state by a log that keeps `retentionDays` of the ingest. */
export function retainedGib(w: Workload, days = w.retentionDays): number {
  return (w.ingestBytesPerSec * days * 86400) / GiB;
}

// ---- the bill ---------------------------------------------------------------------------------

export interface LineItem {
  /** Stable id, e.g. `lambda.produce.requests`. */
  id: string;
  label: string;
  /** Billed quantity per month, in `unit`. */
  quantity: number;
  unit: string;
  monthly: number;
  /** Part of the idle cost (storage, fixed fees) rather than per-request. */
  idle?: boolean;
}

export interface CostResult {
  name: string;
  lines: LineItem[];
  monthly: number;
  perGib: number;
  /** Monthly cost with no traffic, keeping the retained data (storage and fixed fees). */
  idleMonthly: number;
  /** Monthly cost with no traffic once the retained data has expired. */
  idleEmptyMonthly: number;
  notes: string[];
}

export function result(name: string, w: Workload, lines: LineItem[], notes: string[], idleEmptyMonthly: number): CostResult {
  const monthly = sum(lines.map((l) => l.monthly));
  return {
    name,
    lines,
    monthly,
    perGib: monthly / gibIngestedPerMonth(w),
    idleMonthly: sum(lines.filter((l) => l.idle).map((l) => l.monthly)),
    idleEmptyMonthly,
    notes,
  };
}

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
