/**
 * How a caught-up consumer spends its time and requests while it waits for data: a small
 * simulation of one consumer against the produce requests landing on its partitions, following
 * the engine's long-poll loop (shared/log/fetch.ts) round by round.
 *
 * A fetch locates every partition (round 0); while none has data and maxWaitMs has not run out it
 * sleeps on the engine's cadence (50, 100, 200, 250, 250 … ms, the last sleep cut at the deadline)
 * and locates them again. The first round of a caught-up partition costs two sequential Queries
 * (the forward Query finds nothing, then a latest Query reads the high watermark); later rounds
 * only re-run the forward Query (one; two before 2026-11-21). The fetch returns as soon as any data is there (there is no minBytes), so
 * a caught-up consumer's fetch carries what landed since its last one: one produce request's data
 * when requests are far apart. The consumer then fetches again at once (long-poll), or after
 * sleeping client-side (paced). Lambda bills the whole wall time, waiting included.
 *
 * Why simulate rather than average: a consumer that has just received a request's data fetches
 * again at once and waits nearly the whole interval to the next, not half of it; where the next
 * request lands against the poll cadence decides the rounds and the delivery delay.
 */
import { LONG_POLL_CADENCE } from '../shared/log/fetch.ts';
import type { ConsumerWait } from './cost-params.ts';

/** Index entries one Query reads at most (shared/log/fetch.ts: ENTRY_PAGE). */
const PAGE = 100;

export interface WaitInputs {
  wait: Exclude<ConsumerWait, { mode: 'behind' }>;
  arrivals: 'periodic' | 'random';
  /** Mean ms between produce requests with data for this consumer (Infinity: an idle topic). */
  intervalMs: number;
  /** Partitions one fetch names. */
  partitions: number;
  /** Index entries per produce request for this consumer: partitions touched, at least 1. */
  entriesPerRequest: number;
  entryBytes: number;
  /** The fetch's byte budget (maxBytes). */
  fetchBytes: number;
  ddbRoundTripMs: number;
  /** Queries per caught-up partition in rounds after the first (1 as built, 2 before 2026-11-21). */
  pollQueriesPerPartition: number;
  clientGapMs: number;
  /** Billed ms of every fetch's own CPU, found data or not. */
  fixedMs: number;
  /** Billed ms to read and return `bytes` once located: GETs (in parallel) and CPU. */
  readMs: (bytes: number) => number;
  /** Read units of one Query that reads `items` index items. */
  queryRru: (items: number) => number;
}

/** Per consumer, per second of steady state; `deliveryMs` per produce request. */
export interface WaitOutcome {
  fetchesPerSec: number;
  dataFetchesPerSec: number;
  /** Billed fetch time: waiting included. */
  billedMsPerSec: number;
  /** The part of it spent polling: rounds that found nothing, sleeps, fetches that found nothing. */
  pollMsPerSec: number;
  dataQueriesPerSec: number;
  pollQueriesPerSec: number;
  dataRruPerSec: number;
  pollRruPerSec: number;
  getsPerSec: number;
  entriesPerSec: number;
  /** Mean time from a produce request landing to the fetch carrying it returning. */
  deliveryMs: number;
}

/** A seeded generator (mulberry32), so the random-arrival case gives the same figures every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Landing times of produce requests, generated as far as they are asked for. */
function arrivalsOf(kind: WaitInputs['arrivals'], intervalMs: number): (j: number) => number {
  if (!Number.isFinite(intervalMs)) return () => Infinity;
  // Periodic requests start off the cadence's grid, so no phase is favoured.
  if (kind === 'periodic') return (j) => intervalMs * (j + 0.37);
  const random = seeded(1);
  const times: number[] = [];
  let t = 0;
  return (j) => {
    while (times.length <= j) times.push((t += -Math.log(1 - random()) * intervalMs));
    return times[j]!;
  };
}

export function simulateWait(x: WaitInputs): WaitOutcome {
  const arrival = arrivalsOf(x.arrivals, x.intervalMs);
  let landed = 0;
  const landedBy = (t: number): number => {
    while (arrival(landed) <= t) landed++;
    return landed;
  };
  const q = x.partitions;
  const E = Math.max(1, x.entriesPerRequest);
  const cap = Math.max(1, Math.floor(x.fetchBytes / x.entryBytes));
  const maxWait = x.wait.mode === 'long-poll' ? x.wait.maxWaitMs : 0;
  const minEntries = x.wait.mode === 'long-poll' && x.wait.minBytes ? x.wait.minBytes / x.entryBytes : 0;
  const finite = Number.isFinite(x.intervalMs);
  const warmUp = finite ? Math.max(5 * x.intervalMs, 5_000) : 5_000;
  const until = warmUp + (finite ? Math.max(200 * x.intervalMs, 120_000) : 120_000);
  const sum = { fetches: 0, data: 0, billed: 0, poll: 0, dataQ: 0, pollQ: 0, dataRru: 0, pollRru: 0, gets: 0, entries: 0, delivered: 0, deliveryMs: 0 };
  let consumed = 0;
  let t = 0;
  let from = NaN;
  while (t < until) {
    const start = t;
    const deadline = start + maxWait;
    let roundStart = start;
    let delay: number = LONG_POLL_CADENCE.firstDelayMs;
    let firstRound = true;
    let pollQ = 0;
    let pollRru = 0;
    let avail = 0;
    let roundEnd = start;
    let dataQ = 0;
    let dataRru = 0;
    for (;;) {
      avail = landedBy(roundStart) * E - consumed;
      const served = avail > 1e-9 ? Math.min(q, avail, q * (1 - Math.pow(1 - E / q, avail / E))) : 0;
      const perEmpty = firstRound ? 2 : x.pollQueriesPerPartition;
      const empties = q - served;
      const queries = served + empties * perEmpty;
      // A located partition's Query reads up to one page (Limit 100) of what has landed.
      const rru = (served > 0 ? served * x.queryRru(Math.min(avail / served, PAGE)) : 0) + empties * perEmpty * x.queryRru(0);
      roundEnd = roundStart + x.ddbRoundTripMs * (empties > 1e-9 ? perEmpty : 1);
      const enough = avail > 1e-9 && avail >= minEntries;
      if (enough || roundEnd >= deadline) {
        if (avail > 1e-9) [dataQ, dataRru] = [queries, rru];
        else [pollQ, pollRru] = [pollQ + queries, pollRru + rru];
        break;
      }
      pollQ += queries;
      pollRru += rru;
      roundStart = roundEnd + Math.min(delay, deadline - roundEnd);
      delay = Math.min(delay * 2, LONG_POLL_CADENCE.maxDelayMs);
      firstRound = false;
    }
    const take = avail > 1e-9 ? Math.min(avail, cap) : 0;
    const work = take > 0 ? roundEnd - roundStart + x.readMs(take * x.entryBytes) : 0;
    const end = roundEnd + (take > 0 ? x.readMs(take * x.entryBytes) : 0) + x.fixedMs;
    const gets = take > 0 ? Math.ceil((consumed + take) / E - 1e-9) - Math.floor(consumed / E + 1e-9) : 0;
    const doneBefore = Math.floor(consumed / E + 1e-9);
    consumed += take;
    const doneAfter = Math.floor(consumed / E + 1e-9);
    const full = take >= cap;
    t = end + x.clientGapMs + (x.wait.mode === 'paced' && !full ? x.wait.intervalMs : 0);
    if (start < warmUp) continue;
    if (Number.isNaN(from)) from = start;
    sum.fetches++;
    sum.billed += end - start;
    sum.poll += Math.max(0, end - start - work - (take > 0 ? x.fixedMs : 0));
    sum.pollQ += pollQ;
    sum.pollRru += pollRru;
    if (take > 0) {
      sum.data++;
      sum.dataQ += dataQ;
      sum.dataRru += dataRru;
      sum.gets += gets;
      sum.entries += take;
    }
    for (let j = doneBefore; j < doneAfter; j++) {
      sum.delivered++;
      sum.deliveryMs += end - arrival(j);
    }
  }
  const perSec = 1000 / Math.max(1, t - from);
  return {
    fetchesPerSec: sum.fetches * perSec,
    dataFetchesPerSec: sum.data * perSec,
    billedMsPerSec: sum.billed * perSec,
    pollMsPerSec: sum.poll * perSec,
    dataQueriesPerSec: sum.dataQ * perSec,
    pollQueriesPerSec: sum.pollQ * perSec,
    dataRruPerSec: sum.dataRru * perSec,
    pollRruPerSec: sum.pollRru * perSec,
    getsPerSec: sum.gets * perSec,
    entriesPerSec: sum.entries * perSec,
    deliveryMs: sum.delivered ? sum.deliveryMs / sum.delivered : NaN,
  };
}
