/** The report's cost section (section 4 of bench/results/latest.md), from bench/cost-scenarios.ts. */
import { KiB, MiB } from './cost-basics.ts';
import { DEFAULT_PARAMS } from './cost-model.ts';
import type { PeerId } from './cost-peers.ts';
import type { BatchingNeed } from './cost-sensitivity.ts';
import { GOAL, type CostSection } from './cost-scenarios.ts';
import { fmt, money } from './lib/stats.ts';

export const PEER_NAMES: Record<PeerId, string> = {
  kinesisOnDemand: 'Kinesis on-demand',
  kinesisProvisioned: 'Kinesis provisioned',
  mskServerless: 'MSK Serverless',
  confluentBasic: 'Confluent Basic',
  warpstreamFundamentals: 'WarpStream (fee only, + AWS)',
};

export const bytes = (n: number): string => (n >= MiB ? `${fmt(n / MiB, n % MiB ? 2 : 0)} MiB` : `${fmt(n / KiB, 0)} KiB`);

/** The least batching for the goal, in words. */
export function need(b: BatchingNeed | null | undefined): string {
  if (!b) return '-';
  if (b.minRequestBytes) return `≥ ${bytes(b.minRequestBytes)} per produce request (≤ ${fmt(b.requestsPerSec!, 2)} requests/s per MiB/s)`;
  return `not reachable with requests ≤ 4 MiB (${money(b.perGibAtMax, 4)} at 4 MiB)`;
}

export function costTables(c: CostSection): string {
  const L: string[] = [];
  const ref = c.reference;
  const f = ref.fetch;
  L.push(`Prices: ${c.pricesAsOf} (bench/prices.ts, with sources). Reference workload: 1 MiB/s, 1 KiB records, 10 partitions, 3 consumer groups each reading everything, 7-day retention (2,566 GiB/month).`, '');
  L.push('### Sluice, reference workload, by line item', '');
  L.push(
    `Binary produce in 1 MiB requests (${fmt(ref.produce.requestsPerSec, 2)}/s, ${fmt(ref.produce.partitionsPerRequest, 1)} partitions each, ${fmt(ref.produce.lambdaMs, 1)} ms billed). ` +
      `Consumers as the SDK consumer runs by default: one per group, one fetch for all 10 partitions, budget ${bytes(DEFAULT_PARAMS.fetchRequestBytes)}, ` +
      `paced: a fetch asks the service not to wait (maxWaitMs 0) and, once it finds every partition caught up, the consumer sleeps 1 s on its own side before the next: ` +
      `${fmt(f.requestsPerSec, 2)} fetches/s in all, ${fmt(f.lambdaMs, 0)} ms billed each (${fmt(f.waitMs, 0)} ms of it polling), ` +
      `${fmt(f.ddbQueries, 1)} eventually consistent Queries (${fmt(f.pollQueries, 1)} of them re-reads while waiting) / ${fmt(f.rru, 1)} RRU / ${fmt(f.s3Gets, 2)} GET each, ` +
      `${fmt(f.bytesPerFetch / KiB, 0)} KiB each; a record reaches its consumers ${fmt(f.deliveryMs, 0)} ms after its commit on average (model). ` +
      `Measured inputs: handler CPU fits (section 2); GET spread ${fmt(c.measured.getSpread, 2)}× the ideal (from the append-order replay; it applies to consumers that are behind).`,
    '',
  );
  L.push('| line | quantity / month | $ / month | $ / GiB |', '|---|---:|---:|---:|');
  const gib = ref.monthly / ref.perGib;
  for (const l of ref.lines) L.push(`| ${l.label}${l.idle ? ' (idle too)' : ''} | ${fmt(l.quantity, 0)} ${l.unit} | ${money(l.monthly)} | ${money(l.monthly / gib, 5)} |`);
  L.push(`| **total** | | **${money(ref.monthly)}** | **${money(ref.perGib, 4)}** |`, '');
  L.push(
    `Idle: ${money(ref.idleMonthly)}/month while 7 days of data are retained (storage only; no fixed fee), $0 once it has expired — ` +
      `**with the consumers stopped**. Consumers left running on an idle topic keep polling: ${money(ref.idleConsumersMonthly)}/month more for the 3 SDK consumers (a fetch a second each, heartbeats and lease renewals).`,
    '',
  );
  L.push('### Beside the peers (same workload, published prices)', '');
  L.push('| system | $ / month | $ / GiB | idle $ / month (empty) |', '|---|---:|---:|---:|');
  L.push(`| **Sluice** | **${money(ref.monthly)}** | **${money(ref.perGib, 4)}** | ${money(ref.idleEmptyMonthly)} (consumers stopped; ${money(ref.idleConsumersMonthly)} with them running) |`);
  for (const [id, p] of Object.entries(c.peers)) L.push(`| ${PEER_NAMES[id as PeerId]} | ${money(p.monthly)} | ${money(p.perGib, 4)} | ${money(p.idleEmptyMonthly)} |`);
  L.push('', `### Scenarios, and the batching each needs for ≤ $${GOAL}/GiB`, '');
  L.push(
    '"Polling" is the fetch Lambda time spent waiting and the Queries of rounds that found nothing; "delivery" is the model\'s mean time from a produce request\'s commit to a consumer receiving it.',
    '',
  );
  L.push(`| scenario | $ / month | $ / GiB | of which polling | delivery ms | largest line | least request size for ≤ $${GOAL} | requests/s |`, '|---|---:|---:|---:|---:|---|---:|---:|');
  for (const s of c.scenarios) {
    const b = s.batching;
    const least = !b ? 'n/a (sets the request size)' : b.minRequestBytes ? bytes(b.minRequestBytes) : `not reachable (${money(b.perGibAtMax, 4)} at 4 MiB)`;
    L.push(`| ${s.label} | ${money(s.monthly)} | ${money(s.perGib, 4)} | ${money(s.pollingMonthly)} | ${fmt(s.deliveryMs, 0)} | ${s.top} | ${least} | ${b?.requestsPerSec ? fmt(b.requestsPerSec, 2) : '-'} |`);
  }
  L.push('', '### How caught-up consumers wait: cost against delivery', '');
  L.push(
    'The reference workload with everything else at the SDK defaults. Long-poll: the fetch waits in the Lambda up to maxWaitMs. Paced: the consumer sleeps the interval client-side after a fetch that did not fill its budget and fetches with maxWaitMs 0. ' +
      '"Delivery" is the mean time from a produce request\'s commit to a consumer receiving it (model); "idle" is what the three consumers cost while they run on a topic with no traffic.',
    '',
  );
  L.push(`| consumers wait by | $ / month | $ / GiB | of which polling | delivery ms | idle, consumers running $ / month | least request size for ≤ $${GOAL} |`, '|---|---:|---:|---:|---:|---:|---:|');
  for (const x of c.waitSweep) {
    const least = x.batching.minRequestBytes ? bytes(x.batching.minRequestBytes) : `not reachable (${money(x.batching.perGibAtMax, 4)} at 4 MiB)`;
    L.push(`| ${x.label} | ${money(x.monthly)} | ${money(x.perGib, 4)} | ${money(x.pollingMonthly)} | ${fmt(x.deliveryMs, 0)} | ${money(x.idleConsumersMonthly)} | ${least} |`);
  }
  L.push('', '### $/GiB vs producer request size (batching)', '');
  const alt = c.requestSizeAlternatives;
  L.push(`| record bytes per produce request | requests/s | SDK defaults (paced 1 s) | ${alt.map((a) => a.label).join(' | ')} |`, `|---:|---:|---:|${alt.map(() => '---:').join('|')}|`);
  c.requestSizeSweep.forEach((p, i) => L.push(`| ${bytes(p.x)} | ${fmt(p.produceRps, 1)} | ${money(p.sluice, 4)} | ${alt.map((a) => money(a.points[i]!.sluice, 4)).join(' | ')} |`));
  L.push('', '### $/GiB vs record size (1 MiB produce requests, SDK defaults)', '');
  L.push(`| record bytes | Sluice | ${Object.keys(c.peers).map((k) => PEER_NAMES[k as PeerId]).join(' | ')} |`, `|---:|---:|${Object.keys(c.peers).map(() => '---:').join('|')}|`);
  for (const p of c.recordSizeSweep) L.push(`| ${fmt(p.x, 0)} | ${money(p.sluice, 4)} | ${Object.values(p.peers).map((v) => money(v, 4)).join(' | ')} |`);
  return L.join('\n');
}
