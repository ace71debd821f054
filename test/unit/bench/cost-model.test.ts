import { describe, expect, it } from 'vitest';
import { GiB, KiB, MiB, REFERENCE_WORKLOAD, gibIngestedPerMonth } from '../../../bench/cost-basics.ts';
import { DEFAULT_PARAMS, FULL_BUDGET_CONSUMERS, NO_MAINTENANCE, PREVIOUS_FETCH_PATH, expectedPartitions, fetchProfile, largestFetchResponseBytes, produceProfile, readUnitsPaged, sluiceCost } from '../../../bench/cost-model.ts';
import { kinesisProvisionedShards, peerCosts } from '../../../bench/cost-peers.ts';
import { minBatching, sweepRecordSize, sweepRequestSize } from '../../../bench/cost-sensitivity.ts';
import { REFERENCE_PEER_FIGURES } from '../../../bench/prices.ts';

const w = REFERENCE_WORKLOAD;
const within = (actual: number, expected: number, pct: number) => expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(pct / 100);

describe('reference workload', () => {
  it('is 2,566 GiB a month', () => {
    within(gibIngestedPerMonth(w), 2566, 0.1);
  });

  it.each(Object.entries(REFERENCE_PEER_FIGURES))('reproduces the published figure for %s within 2%%', (id, fig) => {
    const cost = peerCosts(w)[id as keyof typeof REFERENCE_PEER_FIGURES];
    within(cost.monthly, fig.monthly, 2);
    within(cost.perGib, fig.perGib, 2);
  });

  it('prices Kinesis on-demand at about $593 and $0.231/GiB, and needs 2 provisioned shards', () => {
    const k = peerCosts(w).kinesisOnDemand;
    expect(k.monthly).toBeGreaterThan(585);
    expect(k.monthly).toBeLessThan(600);
    expect(k.perGib).toBeCloseTo(0.231, 2);
    expect(kinesisProvisionedShards(w)).toBe(2);
  });

  it('has idle costs of $0 for Confluent Basic and the cluster fee for MSK Serverless', () => {
    const p = peerCosts(w);
    expect(p.confluentBasic.idleEmptyMonthly).toBe(0);
    within(p.mskServerless.idleEmptyMonthly, 0.75 * 730 + 10 * 0.0015 * 730, 0.1);
    within(p.warpstreamFundamentals.idleEmptyMonthly, 504, 1);
  });
});

describe('Sluice', () => {
  it('adds its line items up to the total and the total up to $/GiB', () => {
    const s = sluiceCost(w);
    const total = s.lines.reduce((n, l) => n + l.monthly, 0);
    expect(s.monthly).toBeCloseTo(total, 9);
    expect(s.perGib).toBeCloseTo(s.monthly / gibIngestedPerMonth(w), 12);
    for (const l of s.lines) expect(l.monthly).toBeGreaterThanOrEqual(0);
    expect(s.idleEmptyMonthly).toBe(0);
    expect(s.idleMonthly).toBeCloseTo(s.lines.filter((l) => l.id.endsWith('storage')).reduce((n, l) => n + l.monthly, 0), 9);
  });

  it('prices streamed fetch bytes only beyond the first 6 MB of a response, which no fetch within the API\'s budget reaches', () => {
    const line = (params: Parameters<typeof sluiceCost>[1]) => sluiceCost(w, params).lines.find((l) => l.id === 'lambda.fetch.streamed');
    expect(DEFAULT_PARAMS.fetchInvokeMode).toBe('RESPONSE_STREAM');
    // 4 MiB base64-encoded in JSON, 10 partitions: 5.6 MB.
    expect(largestFetchResponseBytes(DEFAULT_PARAMS, 10)).toBe(Math.ceil((4 * MiB) / 3) * 4 + 5120);
    expect(line({})).toMatchObject({ quantity: 0, monthly: 0 });
    expect(line({ fetchMode: 'per-partition' })).toMatchObject({ quantity: 0, monthly: 0 });
    // A budget past the API's limit would pay for what lies beyond 6 MB, on every fetch.
    const big = sluiceCost(w, { fetchRequestBytes: 8 * MiB });
    const streamed = big.lines.find((l) => l.id === 'lambda.fetch.streamed')!;
    const beyond = Math.ceil((8 * MiB) / 3) * 4 + 5120 - 6_000_000;
    within(streamed.quantity, (big.fetch.requestsPerSec * 730 * 3600 * beyond) / GiB, 0.01);
    within(streamed.monthly, streamed.quantity * 0.008, 0.01);
    expect(streamed.monthly).toBeGreaterThan(0);
    // Buffered: no line for bytes.
    expect(line({ fetchInvokeMode: 'BUFFERED' })).toBeUndefined();
  });

  it('prices each line from its count: 1 MiB requests over 10 keyed partitions', () => {
    const s = sluiceCost(w, { produceRequestBytes: MiB });
    const line = (id: string) => s.lines.find((l) => l.id === id)!;
    const requests = 730 * 3600; // one produce request per second
    within(line('s3.put').quantity, requests, 0.01);
    within(line('s3.put').monthly, (requests / 1000) * 0.005, 0.01);
    expect(s.produce.partitionsPerRequest).toBeCloseTo(10, 3);
    within(line('ddb.commit').monthly, ((requests * 10) / 1e6) * 0.625, 0.1);
    within(line('lambda.produce.requests').monthly, (requests / 1e6) * 0.2, 0.01);
    // 7 days of 1 MiB/s, plus RecordBatch framing (~1%), plus what maintenance keeps beyond the
    // window (produce objects until collected, segments until their newest record expires).
    const extra = s.maintenance!.extraStoredSeconds;
    expect(extra).toBeGreaterThan(3600);
    expect(extra).toBeLessThan(6 * 3600);
    within(line('s3.storage').quantity, ((7 * 86400 + extra) * MiB) / GiB, 2);
    // Without maintenance, objects expire by a lifecycle rule exactly at the window.
    const before = sluiceCost(w, { produceRequestBytes: MiB, ...NO_MAINTENANCE });
    within(before.lines.find((l) => l.id === 's3.storage')!.quantity, (7 * 86400 * MiB) / GiB, 2);
  });

  it('prices consumer-group coordination: a member write per heartbeat, a lease write per partition per half session, a commit per partition per interval', () => {
    const s = sluiceCost(w);
    const line = (id: string) => s.lines.find((l) => l.id === id)!;
    const month = 730 * 3600;
    within(line('ddb.groups.commits').quantity, ((3 * 10) / 5) * month, 0.01);
    within(line('ddb.groups.leases').quantity, ((3 * 10) / 22.5 + 3 / 5) * month, 0.01);
    within(line('lambda.groups.requests').quantity, (3 / 5 + 3 / 5) * month, 0.01);
    const none = sluiceCost(w, { groups: { ...DEFAULT_PARAMS.groups, enabled: false } });
    expect(none.lines.filter((l) => l.id.includes('groups')).every((l) => l.monthly === 0)).toBe(true);
    expect(none.monthly).toBeLessThan(s.monthly);
  });

  it('counts a full-budget fetch as built: one eventually consistent Query per partition, whole objects in append order', () => {
    const full = { ...DEFAULT_PARAMS, ...FULL_BUDGET_CONSUMERS };
    // 512 KiB requests: ~53 KB entries, 19 of them per 1 MiB fetch, 10 per object.
    const f = fetchProfile(w, { ...full, produceRequestBytes: 512 * KiB, getSpread: 1 });
    expect(f.partitionsPerFetch).toBe(10);
    expect(f.partitionsServed).toBe(10);
    expect(f.entriesPerPartition).toBeCloseTo(1.9, 9);
    expect(f.ddbQueries).toBe(10);
    expect(f.rru).toBe(5); // each Query reads < 4 KB: half a unit, eventually consistent
    expect(f.s3Gets).toBeCloseTo(1 + 18 / 10, 9); // 19 consecutive entries span 2.8 objects on average
    expect(fetchProfile(w, { ...full, produceRequestBytes: 512 * KiB, getSpread: 2 }).s3Gets).toBeCloseTo(5.6, 9);
    // Entries a little larger than a tenth of the budget: 9 per fetch.
    const ref = fetchProfile(w, { ...full, produceRequestBytes: MiB, getSpread: 1 });
    expect(ref.partitionsServed).toBe(9);
    expect(ref.s3Gets).toBeCloseTo(1.8, 9);
    // Unkeyed 1 MiB requests: one partition's 1 MiB entry is a whole object and fills a fetch.
    const unkeyed = fetchProfile(w, { ...full, produceRequestBytes: MiB, keyed: false, getSpread: 1 });
    expect(unkeyed.partitionsServed).toBe(1);
    expect(unkeyed.s3Gets).toBe(1);
    within(unkeyed.bytesPerFetch, MiB, 2);
    // A replaying consumer's Query reads a full page: 100 items, 14 KB, 4 × 4 KB, 2 RRU eventually consistent.
    expect(fetchProfile(w, { ...full, consumer: 'replay' }).rru).toBe(20);
    // Nothing waits: no polling lines.
    expect(f.waitMs).toBe(0);
    expect(f.pollQueries).toBe(0);
  });

  it('keeps the previous fetch path for comparison: strong Queries, a log-start Query per fetch, per-partition shares', () => {
    const previous = { ...DEFAULT_PARAMS, ...FULL_BUDGET_CONSUMERS, ...PREVIOUS_FETCH_PATH };
    const f = fetchProfile(w, { ...previous, produceRequestBytes: 512 * KiB, getSpread: 1 });
    expect(f.ddbQueries).toBe(11);
    expect(f.rru).toBe(11);
    expect(f.s3Gets).toBe(1);
    expect(fetchProfile(w, { ...previous, consumer: 'replay' }).rru).toBe(41);
    const before = sluiceCost(w, { ...FULL_BUDGET_CONSUMERS, ...PREVIOUS_FETCH_PATH });
    const now = sluiceCost(w, FULL_BUDGET_CONSUMERS);
    const line = (c: typeof now, id: string) => c.lines.find((l) => l.id === id)!.monthly;
    expect(line(now, 'ddb.fetch')).toBeLessThan(line(before, 'ddb.fetch') / 2);
    // The cached log start costs a read per warm fetch instance per cache period instead.
    expect(line(now, 'ddb.topic')).toBeGreaterThan(line(before, 'ddb.topic'));
  });

  it('rounds read units per Query as DynamoDB does: summed item sizes up to 4 KB, half for eventually consistent', () => {
    expect(readUnitsPaged(1, 100, 140, true)).toBe(0.5);
    expect(readUnitsPaged(29, 100, 140, true)).toBe(0.5); // 4,060 B
    expect(readUnitsPaged(30, 100, 140, true)).toBe(1); // 4,200 B: two 4 KB blocks
    expect(readUnitsPaged(30, 100, 140, false)).toBe(2);
    expect(readUnitsPaged(0, 100, 140, true)).toBe(0.5); // a Query that finds nothing still costs the minimum
    expect(readUnitsPaged(150, 100, 140, true)).toBe(2 + 1); // pages of 100 (14 KB) and 50 (7 KB) round up apart
  });

  it('sends unkeyed records to one partition per request, keyed ones to about min(records, partitions)', () => {
    expect(produceProfile(w, { ...DEFAULT_PARAMS, keyed: false }).partitionsPerRequest).toBe(1);
    expect(expectedPartitions(1, 10)).toBeCloseTo(1, 9);
    expect(expectedPartitions(1000, 10)).toBeCloseTo(10, 3);
  });

  it('gets cheaper per GiB as producers batch more, and finds the least batching that meets $0.03/GiB', () => {
    const sweep = sweepRequestSize(w, [4 * KiB, 64 * KiB, MiB, 4 * MiB]);
    for (let i = 1; i < sweep.length; i++) expect(sweep[i]!.sluice).toBeLessThan(sweep[i - 1]!.sluice);
    const lean = { ...FULL_BUDGET_CONSUMERS, groups: { ...DEFAULT_PARAMS.groups, enabled: false } };
    const need = minBatching(w, 0.03, lean);
    expect(need.minRequestBytes).not.toBeNull();
    expect(need.perGibAtMin!).toBeLessThanOrEqual(0.03);
    expect(sluiceCost(w, { ...lean, produceRequestBytes: need.minRequestBytes! - 2 * KiB }).perGib).toBeGreaterThan(0.03);
    within(need.requestsPerSec!, MiB / need.minRequestBytes!, 0.01);
    expect(minBatching(w, 0.001).minRequestBytes).toBeNull();
  });

  it('charges Kinesis per record but Sluice per request as records shrink', () => {
    const [small, ref] = sweepRecordSize(w, [100, KiB]);
    expect(small!.peers.kinesisOnDemand).toBeGreaterThan(4 * ref!.peers.kinesisOnDemand);
    expect(small!.sluice / ref!.sluice).toBeLessThan(1.5);
  });
});
