import { describe, expect, it } from 'vitest';
import { KiB, MiB, REFERENCE_WORKLOAD } from '../../../bench/cost-basics.ts';
import {
  DEFAULT_MAINTENANCE,
  chunksOf,
  collection,
  deleteCalls,
  idleCheck,
  partitionPass,
  passOverhead,
  segmentSwap,
  walkReads,
} from '../../../bench/cost-maintenance.ts';
import { DEFAULT_PARAMS, NO_MAINTENANCE, sluiceCost } from '../../../bench/cost-model.ts';

const w = REFERENCE_WORKLOAD;
const m = DEFAULT_MAINTENANCE;
const line = (s: ReturnType<typeof sluiceCost>, id: string) => s.lines.find((l) => l.id === id);

describe('maintenance pieces, as the engine makes its calls', () => {
  it('deletes entries 25 a call, the highest alone and last', () => {
    expect(deleteCalls(0)).toBe(0);
    expect(deleteCalls(1)).toBe(1);
    expect(deleteCalls(2)).toBe(2);
    expect(deleteCalls(26)).toBe(2);
    expect(deleteCalls(27)).toBe(3);
    expect(deleteCalls(79)).toBe(5);
  });

  it('walks in growing strongly consistent pages (8, 32, 128, 512, then 1,000) and ends on an empty page', () => {
    expect(walkReads(0, 133)).toEqual({ queries: 1, rru: 1 });
    // 80 entries of 133 B: 8 (1 KB, 1 RRU), 32 (4.3 KB, 2 RRU), the other 40 (5.3 KB, 2 RRU), the empty page.
    expect(walkReads(80, 133)).toEqual({ queries: 4, rru: 1 + 2 + 2 + 1 });
    // 750: 8, 32, 128, 512, then 70.
    expect(walkReads(750, 133).queries).toBe(6);
    expect(walkReads(2000, 133).queries).toBe(7);
  });

  it('swaps a segment in with one PUT, one transaction, one closing update, and deletes the N - 1 entries it replaced', () => {
    const c = segmentSwap(m, 80, 355, 133);
    expect(c.s3Puts).toBe(1);
    expect(c.ddbTransacts).toBe(1);
    expect(c.ddbUpdates).toBe(1);
    expect(c.entryDeleteWru).toBe(79);
    expect(c.ddbBatchWrites).toBe(5);
    // Transactional writes cost double: state item and segment item, each under 1 KB; then the closing update.
    expect(c.swapWru).toBe(2 * (1 + 1) + 1);
    expect(segmentSwap(m, 80, 1700, 133).swapWru).toBe(2 * (1 + 2) + 1);
  });

  it('costs a partition two lease writes, its head walk, one retention page and its log start per pass', () => {
    const idle = partitionPass(0, 133, 355);
    expect(idle.ddbUpdates).toBe(2);
    expect(idle.leaseWru).toBe(2);
    expect(idle.ddbQueries).toBe(3);
    expect(idle.rru).toBe(3);
    const busy = partitionPass(80, 133, 8 * 133);
    expect(busy.ddbQueries).toBe(4 + 2);
    expect(busy.rru).toBe(6 + 1 + 1);
  });

  it('checks a partition for work with three eventually consistent reads and no write', () => {
    const check = idleCheck(133, 1700);
    expect(check).toMatchObject({ ddbGets: 1, ddbQueries: 2, ddbUpdates: 0, leaseWru: 0, rru: 1.5 });
    // A segment item past 4 KB costs a second half unit.
    expect(idleCheck(133, 5000).rru).toBe(2);
    // Per job: the topic read and one strongly consistent Query of its log starts.
    expect(passOverhead(3)).toMatchObject({ ddbQueries: 4, ddbGets: 3, rru: 7 });
  });

  it('lists both prefixes a page per 1,000 keys and scans the log table in 4 KB units', () => {
    const c = collection(2500, 10, 10 * MiB, 3600);
    expect(c.s3Lists).toBe(3 + 1);
    expect(c.s3DeleteObjects).toBe(4);
    expect(c.scanRru).toBe((10 * MiB) / 4096);
    expect(c.ddbScans).toBe(10);
  });

  it('closes a chunk once it holds the interval of whole entries', () => {
    // 106 KB entries: three make a chunk of 318 KB.
    expect(chunksOf(m, 600 * 106_000, 106_000)).toBe(200);
    expect(chunksOf(m, 1000, 106_000)).toBe(1);
  });
});

describe('maintenance at the reference workload', () => {
  const s = sluiceCost(w);
  const p = s.maintenance!;

  it('closes one ~60 MiB segment per partition every 10 minutes (segment.ms), below segment.bytes', () => {
    expect(p.closeSeconds).toBeCloseTo(600, 6);
    expect(p.segmentBytes).toBeGreaterThan(58 * MiB);
    expect(p.segmentBytes).toBeLessThan(64 * MiB);
    expect(p.segmentsPerMonth).toBeCloseTo(10 * 6 * 730, 6);
  });

  it('deletes every committed index entry once: as many WRU as the commits, less one per segment', () => {
    const commits = line(s, 'ddb.commit')!.quantity;
    expect(p.calls.entryDeleteWru).toBeCloseTo(commits - p.segmentsPerMonth, 0);
    expect(line(s, 'maint.ddb.entry-deletes')!.monthly).toBeCloseTo(line(s, 'ddb.commit')!.monthly, 0);
  });

  it('reads each produce object twice: 10 partitions of ~60 MiB do not fit one 512 MiB round', () => {
    expect(p.getsPerObject).toBe(2);
    expect(sluiceCost(w, { maintenance: { ...m, memoryBudgetBytes: 1024 * MiB } }).maintenance!.getsPerObject).toBe(1);
    // Unkeyed records: an object holds one partition's batch, read once.
    expect(sluiceCost(w, { keyed: false }).maintenance!.getsPerObject).toBe(1);
  });

  it('bounds the index: segments of the window and the unmerged head, not an item per partition per request', () => {
    const before = sluiceCost(w, NO_MAINTENANCE);
    expect(p.indexItems).toBeLessThan(20_000);
    expect(p.indexItems).toBeGreaterThan(10 * 1008);
    expect(line(s, 'ddb.storage')!.monthly).toBeLessThan(line(before, 'ddb.storage')!.monthly / 10);
  });

  it('adds its lines to the bill and nothing else but storage', () => {
    const before = sluiceCost(w, NO_MAINTENANCE);
    const maint = s.lines.filter((l) => l.id.startsWith('maint.')).reduce((n, l) => n + l.monthly, 0);
    const storage = (c: typeof s) => c.lines.filter((l) => l.id.endsWith('storage')).reduce((n, l) => n + l.monthly, 0);
    expect(maint).toBeGreaterThan(16);
    expect(s.monthly).toBeCloseTo(before.monthly + maint + storage(s) - storage(before), 6);
    expect(before.lines.some((l) => l.id.startsWith('maint.'))).toBe(false);
  });

  it('cuts segments by size when a partition fills segment.bytes before segment.ms', () => {
    const small = sluiceCost(w, { maintenance: { ...m, segmentBytes: 16 * MiB } }).maintenance!;
    expect(small.segmentBytes).toBe(16 * MiB);
    expect(small.closeSeconds).toBeLessThan(200);
    expect(small.segmentsPerMonth).toBeGreaterThan(3 * p.segmentsPerMonth);
  });

  it('follows the produce request size: 4 MiB requests make a quarter of the entries to delete', () => {
    const big = sluiceCost(w, { produceRequestBytes: 4 * MiB }).maintenance!;
    expect(big.calls.entryDeleteWru).toBeLessThan(p.calls.entryDeleteWru / 3.5);
    expect(DEFAULT_PARAMS.maintenance.enabled).toBe(true);
    expect(256 * KiB).toBe(m.indexIntervalBytes);
  });
});
