/** The end-to-end benchmark's section of the report. */
import { fmt } from './lib/stats.ts';
import { MiB } from './e2e-http.ts';
import type { E2eResult, TailRun } from './e2e-types.ts';

// ---- report -----------------------------------------------------------------------------------

export function e2eMarkdown(r: E2eResult): string {
  if (r.skipped) return `Skipped: ${r.skipped}.`;
  const out: string[] = [r.note, ''];
  out.push('### Produce (1 KiB records)', '');
  out.push('| mode | records/req | concurrency | requests | MiB/s | records/s | p50 ms | p99 ms | S3 PUT/req | DDB writes/req | WRU/req |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of r.produce) {
    out.push(
      `| ${p.mode} | ${p.recordsPerRequest} | ${p.concurrency} | ${p.requests} | ${fmt(p.mibPerSec)} | ${fmt(p.recordsPerSec, 0)} | ${fmt(p.p50Ms, 1)} | ${fmt(p.p99Ms, 1)} | ${fmt(p.perRequest.s3Puts)} | ${fmt(p.perRequest.ddbWrites)} | ${fmt(p.perRequest.wru)} |`,
    );
  }
  out.push('', '### Consume: full replay', '');
  out.push('| how | fetches | records | MiB | MiB/s | records/s | fetch p50 ms | p99 ms | GET/fetch | Queries/fetch | RRU/fetch |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of r.replay) {
    out.push(
      `| ${c.name} | ${c.fetchRequests} | ${c.records} | ${fmt(c.bytes / MiB, 1)} | ${fmt(c.mibPerSec)} | ${fmt(c.recordsPerSec, 0)} | ${fmt(c.fetchP50Ms, 1)} | ${fmt(c.fetchP99Ms, 1)} | ${fmt(c.perFetch.s3Gets)} | ${fmt(c.perFetch.ddbReads)} | ${fmt(c.perFetch.rru)} |`,
    );
  }
  if (r.tails.length) out.push('', '### Tailing and produce-to-consume latency', '', tailTables(r.tails));
  if (r.scaling.length) {
    out.push('', '### Scaling with partitions per topic (one 1 KiB record per partition per request)', '');
    out.push('| partitions | produce p50 ms | p99 ms | DDB writes/req | WRU/req | fetch p50 ms | p99 ms | Queries/fetch | RRU/fetch | GET/fetch |');
    out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of r.scaling) {
      out.push(
        `| ${s.partitions} | ${fmt(s.produce.p50Ms, 1)} | ${fmt(s.produce.p99Ms, 1)} | ${fmt(s.produce.perRequest.ddbWrites)} | ${fmt(s.produce.perRequest.wru)} | ${fmt(s.fetch.p50Ms, 1)} | ${fmt(s.fetch.p99Ms, 1)} | ${fmt(s.fetch.perRequest.ddbReads)} | ${fmt(s.fetch.perRequest.rru)} | ${fmt(s.fetch.perRequest.s3Gets)} |`,
      );
    }
  }
  return out.join('\n');
}

/**
 * The tailing runs: latency, and what caught-up consumers cost per fetch. The handler's wall time
 * is what Lambda would bill for a fetch (long-poll waits included); the emulators' Query and GET
 * times are this machine's, not AWS's.
 */
/** How the run's consumers waited, as a phrase for the report. */
export function waitLabel(t: TailRun): string {
  return t.wait.mode === 'paced'
    ? `paced (fetch with maxWaitMs 0, sleep ${t.wait.intervalMs} ms when caught up: the SDK default)`
    : `long-polling (maxWaitMs ${t.wait.maxWaitMs})`;
}

export function tailTables(tails: TailRun[]): string {
  const out: string[] = [];
  for (const t of tails) {
    out.push(
      `- ${t.consumers} consumers (one per group), ${waitLabel(t)}, read all 10 partitions while one producer sends ${t.recordsPerRequest} × 1 KiB records (${t.mode}) every ${t.intervalMs} ms: ` +
        `${t.produceRequests} produce requests in ${fmt(t.produceSeconds, 1)} s (one per ${fmt((t.produceSeconds * 1000) / Math.max(1, t.produceRequests), 0)} ms), ` +
        `${t.recordsConsumed} of ${t.recordsProduced * t.consumers} records received, ${t.fetchRequests} fetches (${t.emptyFetches} empty).`,
    );
  }
  out.push('', '| produce every | consumers | produce-to-consume p50 ms | p99 ms | fetches per produce | fetch handler ms (mean) | p50 | fetch HTTP ms (mean) | Queries/fetch | RRU/fetch | GET/fetch | Query ms | GET ms |');
  out.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const t of tails) {
    out.push(
      `| ${t.intervalMs} ms | ${t.wait.mode === 'paced' ? `paced ${t.wait.intervalMs} ms` : `long-poll ${t.wait.maxWaitMs} ms`} | ${fmt(t.p50Ms, 0)} | ${fmt(t.p99Ms, 0)} | ${fmt(t.fetchRequests / Math.max(1, t.produceRequests))} | ${fmt(t.fetchHandlerMsMean, 0)} | ${fmt(t.fetchHandlerMsP50, 0)} | ${fmt(t.fetchHttpMsMean, 0)} | ` +
        `${fmt(t.perFetch.ddbReads, 1)} | ${fmt(t.perFetch.rru, 1)} | ${fmt(t.perFetch.s3Gets)} | ${fmt(t.queryMsMean, 1)} | ${fmt(t.getMsMean, 1)} |`,
    );
  }
  return out.join('\n');
}
