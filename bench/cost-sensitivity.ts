/** How Sluice's cost moves with record size and request size, and the batching the goal needs. */
import { GiB, KiB, MiB, type CostResult, type Workload } from './cost-basics.ts';
import { sluiceCost, type SluiceParams } from './cost-model.ts';
import { peerCosts, type PeerId } from './cost-peers.ts';

// ---- sensitivity ------------------------------------------------------------------------------

export interface SweepPoint {
  x: number;
  sluice: number;
  produceRps: number;
  peers: Record<PeerId, number>;
}

/** $/GiB as the record size changes, with everything else as in `w` and `params`. */
export function sweepRecordSize(w: Workload, sizes: number[], params: Partial<SluiceParams> = {}): SweepPoint[] {
  return sizes.map((recordBytes) => {
    const wx = { ...w, recordBytes };
    const s = sluiceCost(wx, params);
    const peers = peerCosts(wx);
    return { x: recordBytes, sluice: s.perGib, produceRps: s.produce.requestsPerSec, peers: mapPeers(peers) };
  });
}

/** $/GiB as the producer's request size (batching) changes. */
export function sweepRequestSize(w: Workload, sizes: number[], params: Partial<SluiceParams> = {}): SweepPoint[] {
  const peers = mapPeers(peerCosts(w));
  return sizes.map((produceRequestBytes) => {
    const s = sluiceCost(w, { ...params, produceRequestBytes });
    return { x: produceRequestBytes, sluice: s.perGib, produceRps: s.produce.requestsPerSec, peers };
  });
}

function mapPeers(peers: Record<PeerId, CostResult>): Record<PeerId, number> {
  return Object.fromEntries(Object.entries(peers).map(([k, v]) => [k, v.perGib])) as Record<PeerId, number>;
}

export interface BatchingNeed {
  goalPerGib: number;
  /** Smallest record bytes per produce request meeting the goal, or null if none up to the limit. */
  minRequestBytes: number | null;
  requestsPerSec: number | null;
  /** How long one producer sending the whole ingest must linger to fill such a request (ms). */
  lingerMsOneProducer: number | null;
  perGibAtMin: number | null;
  /** $/GiB at the largest request allowed. */
  perGibAtMax: number;
}

/**
 * The least producer batching that meets the goal: bisection on request bytes between one
 * record and the API's request limit (cost falls as requests grow).
 */
export function minBatching(w: Workload, goalPerGib: number, params: Partial<SluiceParams> = {}, maxRequestBytes = 4 * MiB): BatchingNeed {
  const at = (bytes: number): number => sluiceCost(w, { ...params, produceRequestBytes: bytes }).perGib;
  const perGibAtMax = at(maxRequestBytes);
  if (perGibAtMax > goalPerGib) {
    return { goalPerGib, minRequestBytes: null, requestsPerSec: null, lingerMsOneProducer: null, perGibAtMin: null, perGibAtMax };
  }
  let lo = w.recordBytes;
  let hi = maxRequestBytes;
  if (at(lo) <= goalPerGib) hi = lo;
  while (hi - lo > KiB) {
    const mid = (lo + hi) / 2;
    if (at(mid) <= goalPerGib) hi = mid;
    else lo = mid;
  }
  const bytes = Math.ceil(hi / KiB) * KiB;
  return {
    goalPerGib,
    minRequestBytes: bytes,
    requestsPerSec: w.ingestBytesPerSec / bytes,
    lingerMsOneProducer: (bytes / w.ingestBytesPerSec) * 1000,
    perGibAtMin: at(bytes),
    perGibAtMax,
  };
}
