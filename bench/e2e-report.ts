/** The end-to-end benchmark's section of the report. */
import { fmt } from './lib/stats.ts';
import { MiB } from './e2e-http.ts';
import type { E2eResult } from './e2e-types.ts';

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
  if (r.tail) {
    const t = r.tail;
    out.push('', '### Tailing and produce-to-consume latency', '');
    out.push(
      `${t.consumers} consumers long-polling 10 partitions (maxWaitMs 1000) while one producer sends 10 × 1 KiB records every 50 ms (JSON): ` +
        `${t.produceRequests} produce requests, ${t.recordsConsumed} of ${t.recordsProduced * t.consumers} records received, ${t.fetchRequests} fetches.`,
      '',
      '| produce-to-consume p50 ms | p99 ms | produce p50 ms | fetches per produce request | Queries/fetch | RRU/fetch | GET/fetch |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      `| ${fmt(t.p50Ms, 1)} | ${fmt(t.p99Ms, 1)} | ${fmt(t.produceP50Ms, 1)} | ${fmt(t.fetchRequests / Math.max(1, t.produceRequests))} | ${fmt(t.perFetch.ddbReads)} | ${fmt(t.perFetch.rru)} | ${fmt(t.perFetch.s3Gets)} |`,
    );
  }
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
