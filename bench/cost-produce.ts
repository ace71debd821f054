/**
 * The produce path's work per request (one S3 PUT, a conditional PutItem per partition touched,
 * the Lambda's CPU and waits), and the helpers the fetch side shares with it.
 */
import { MiB, type Workload } from './cost-basics.ts';
import type { CpuCost, SluiceParams } from './cost-params.ts';
import { AWS_PRICES } from './prices.ts';

/** What one request costs in AWS work. */
export interface RequestProfile {
  s3Puts: number;
  s3Gets: number;
  ddbWrites: number;
  ddbQueries: number;
  wru: number;
  rru: number;
  /** Billed Lambda duration (ms): CPU, scaled to the function's CPU share, plus AWS waits. */
  lambdaMs: number;
  cpuMs: number;
}

export interface ProduceProfile extends RequestProfile {
  recordsPerRequest: number;
  partitionsPerRequest: number;
  requestsPerSec: number;
  /** Stored bytes per partition per request: the size of one index entry's range. */
  entryBytes: number;
}

/** Expected distinct partitions hit by n keyed records spread uniformly over p partitions. */
export function expectedPartitions(n: number, p: number): number {
  return p * (1 - Math.pow(1 - 1 / p, n));
}

/** Share of one vCPU a function gets at this memory size (1 at 1,769 MB and above). */
export function cpuShare(memoryMb: number): number {
  return Math.min(1, memoryMb / AWS_PRICES.lambda.fullVcpuMemoryMb);
}

export function cpuMs(c: CpuCost, bytes: number, records: number): number {
  return c.fixedMs + (c.msPerMiB * bytes) / MiB + (c.msPerKRecords * records) / 1000;
}

export function storedBytesPerRecordByte(w: Workload, p: SluiceParams): number {
  return (1 + p.recordOverheadBytes / w.recordBytes) / p.compressionRatio;
}

export function produceProfile(w: Workload, p: SluiceParams): ProduceProfile {
  const recordsPerRequest = Math.max(1, p.produceRequestBytes / w.recordBytes);
  const partitionsPerRequest = p.keyed ? expectedPartitions(recordsPerRequest, w.partitions) : 1;
  const requestsPerSec = w.ingestBytesPerSec / p.produceRequestBytes;
  const stored = p.produceRequestBytes * storedBytesPerRecordByte(w, p) + partitionsPerRequest * p.batchOverheadBytes;
  const cpu = cpuMs(p.produceMode === 'json' ? p.cpu.produceJson : p.cpu.produceBinary, p.produceRequestBytes, recordsPerRequest);
  const l = p.latency;
  const lambdaMs = cpu / cpuShare(p.lambdaMemoryMb) + l.s3PutBaseMs + (stored / MiB / l.s3MiBPerSec) * 1000 + l.ddbRoundTripMs;
  const wruPerCommit = Math.max(1, Math.ceil(p.indexItemBytes / 1024));
  return {
    recordsPerRequest,
    partitionsPerRequest,
    requestsPerSec,
    entryBytes: stored / partitionsPerRequest,
    s3Puts: 1,
    s3Gets: 0,
    ddbWrites: partitionsPerRequest * p.commitAttempts,
    ddbQueries: 0,
    wru: partitionsPerRequest * wruPerCommit * p.commitAttempts,
    rru: 0,
    lambdaMs,
    cpuMs: cpu,
  };
}
