import { describe, expect, it } from 'vitest';
import { AutoCommitPolicy, PartitionTable } from '../../../sdk/consumer-partitions.ts';
import { formatGroup, formatReset } from '../../../cli/commands/groups.ts';

describe('the consumer auto-commit policy', () => {
  it('is due after the interval once something was processed', () => {
    let now = 0;
    const p = new AutoCommitPolicy(1_000, null, () => now);
    now = 5_000;
    expect(p.due()).toBe(false);
    p.recordProcessed();
    expect(p.due()).toBe(true);
    p.committed();
    p.recordProcessed();
    now = 5_999;
    expect(p.due()).toBe(false);
  });

  it('is due after the threshold of processed records', () => {
    const p = new AutoCommitPolicy(null, 3, () => 0);
    p.recordProcessed(2);
    expect(p.due()).toBe(false);
    p.recordProcessed();
    expect(p.due()).toBe(true);
  });
});

describe("the consumer's partition table", () => {
  it('lists owned partitions by topic, paused ones, and what is processed but not committed', () => {
    const t = new PartitionTable();
    const a = t.add('t', 1);
    t.add('t', 0);
    t.add('u', 0);
    a.resolved = 7;
    a.committed = 5;
    expect(t.owned()).toEqual([{ topic: 't', partitions: [0, 1] }, { topic: 'u', partitions: [0] }]);
    t.pause('t');
    t.pause('u', [0]);
    expect(t.paused()).toEqual([{ topic: 't', partitions: [0, 1] }, { topic: 'u', partitions: [0] }]);
    t.resume('t', [0]);
    t.resume('t');
    expect(t.isPaused('t', 1)).toBe(false);
    expect(t.uncommitted()).toEqual([{ topic: 't', partition: 1, offset: 7 }]);
  });
});

describe('sluice groups output', () => {
  it('describes members, partitions with lag, and the total', () => {
    const text = formatGroup({
      groupId: 'billing', state: 'Stable', epoch: 4, createdAt: 0,
      configs: { 'session.timeout.ms': '45000', 'heartbeat.interval.ms': '5000', 'rebalance.timeout.ms': '300000', assignor: 'uniform' },
      members: [{ memberId: 'm1', clientId: 'cli', memberEpoch: 4, joinedAt: 0, lastHeartbeat: 0, subscription: { topics: ['orders'] }, assignment: [{ topic: 'orders', partitions: [0, 1] }], target: [] }],
      partitions: [
        { topic: 'orders', partition: 0, owner: 'm1', committedOffset: 10, metadata: '', logStartOffset: 0, highWatermark: 12, lag: 2 },
        { topic: 'orders', partition: 1, owner: 'm1', committedOffset: -1, metadata: '', logStartOffset: 0, highWatermark: 3, lag: null },
      ],
      totalLag: 2,
    });
    expect(text).toContain('State:    Stable');
    expect(text).toContain('Assignor: uniform');
    expect(text).toMatch(/MEMBER\s+CLIENT\s+EPOCH\s+ASSIGNMENT\nm1\s+cli\s+4\s+orders:0,1/);
    expect(text).toMatch(/orders\s+0\s+m1\s+10\s+12\s+2\norders\s+1\s+m1\s+-\s+3\s+-/);
    expect(text).toContain('Total lag: 2');
  });

  it('prints a reset plan', () => {
    expect(formatReset({ groupId: 'g', topic: 't', dryRun: false, partitions: [{ partition: 0, previousOffset: -1, offset: 4 }] }))
      .toBe('reset group g on t:\nPARTITION  PREVIOUS  NEW\n0                 -    4\n');
  });
});
