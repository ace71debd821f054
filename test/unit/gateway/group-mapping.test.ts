import { describe, expect, it } from 'vitest';
import { readyToSync } from '../../../gateway/handlers/groups/join-group.ts';
import { keysOf, missing, sameKeys } from '../../../gateway/handlers/groups/member.ts';
import { offeredSubscription } from '../../../gateway/handlers/groups/subscription.ts';
import { groupConfigsForJoin } from '../../../gateway/handlers/groups/timeouts.ts';
import { encodeSubscription } from '../../../gateway/protocol/consumer-protocol.ts';

describe('the subscription a joining member offers', () => {
  it('takes the first protocol, with its topics and no owned partitions from a v0 payload', () => {
    const offered = offeredSubscription([
      { name: 'cooperative-sticky', metadata: encodeSubscription({ topics: ['a', 'b'] }) },
      { name: 'range', metadata: encodeSubscription({ topics: ['c'] }) },
    ]);
    expect(offered).toEqual({ protocolName: 'cooperative-sticky', topics: ['a', 'b'], owned: [] });
  });

  it('reads the partitions a cooperative member still owns (v1+), dropping empty topics', () => {
    const metadata = encodeSubscription({ topics: ['a'], userData: null, ownedPartitions: [{ topic: 'a', partitions: [2, 0] }, { topic: 'b', partitions: [] }] }, 1);
    expect(offeredSubscription([{ name: 'x', metadata }])).toEqual({ protocolName: 'x', topics: ['a'], owned: [{ topic: 'a', partitions: [2, 0] }] });
  });

  it('reads a v1 payload cut short before its owned partitions as topics only', () => {
    const v0 = encodeSubscription({ topics: ['t'], userData: Buffer.from('u') });
    const cut = Buffer.from(v0);
    cut.writeInt16BE(1, 0);
    expect(offeredSubscription([{ name: 'roundrobin', metadata: cut }])).toEqual({ protocolName: 'roundrobin', topics: ['t'], owned: [] });
  });

  it('refuses no protocol, and metadata that is not a Subscription', () => {
    expect(offeredSubscription([])).toBeUndefined();
    expect(offeredSubscription([{ name: 'x', metadata: Buffer.alloc(0) }])).toBeUndefined();
    expect(offeredSubscription([{ name: 'x', metadata: Buffer.from([0, 0, 0x7f, 0xff, 0xff, 0xff]) }])).toBeUndefined();
  });
});

describe("a joining client's timeouts as group configs", () => {
  it("takes KafkaJS's defaults as they are, with a heartbeat a third of the session at most", () => {
    expect(groupConfigsForJoin(30_000, 60_000)).toEqual({ 'session.timeout.ms': 30_000, 'heartbeat.interval.ms': 5_000, 'rebalance.timeout.ms': 60_000 });
    expect(groupConfigsForJoin(3_000, 6_000)).toEqual({ 'session.timeout.ms': 3_000, 'heartbeat.interval.ms': 1_000, 'rebalance.timeout.ms': 6_000 });
  });

  it('uses the session timeout when no rebalance timeout is sent (v0, or -1)', () => {
    expect(groupConfigsForJoin(10_000, -1)).toMatchObject({ 'rebalance.timeout.ms': 10_000 });
  });

  it("keeps Sluice's rebalance timeout when the client's is out of range, and refuses a session it cannot keep", () => {
    expect(groupConfigsForJoin(10_000, 86_400_000)).toEqual({ 'session.timeout.ms': 10_000, 'heartbeat.interval.ms': 3_333 });
    expect(groupConfigsForJoin(10, 100)).toBeUndefined();
    expect(groupConfigsForJoin(86_400_000, 100)).toBeUndefined();
  });
});

describe('when a join can be answered', () => {
  const tp = (topic: string, ...partitions: number[]) => ({ topic, partitions });

  it('waits while part of the target is pending and the member gives nothing up', () => {
    expect(readyToSync({ assignment: [tp('t', 0)], pending: [tp('t', 1)] }, [])).toBe(false);
    expect(readyToSync({ assignment: [tp('t', 0, 1)], pending: [] }, [])).toBe(true);
  });

  it('answers at once a member that owns partitions it must give up', () => {
    expect(readyToSync({ assignment: [tp('t', 0)], pending: [tp('t', 1)] }, [tp('t', 0, 2)])).toBe(true);
    expect(readyToSync({ assignment: [tp('t', 0)], pending: [tp('t', 1)] }, [tp('t', 0)])).toBe(false);
  });

  it('waits for a partition the member says it owns that is still in its target but not yet its own', () => {
    expect(readyToSync({ assignment: [tp('t', 0)], pending: [tp('t', 1)] }, [tp('t', 0, 1)])).toBe(false);
  });

  it('compares partition sets by topic and partition', () => {
    const a = keysOf([tp('t', 0, 1), tp('u', 3)]);
    expect(sameKeys(a, keysOf([tp('u', 3), tp('t', 1, 0)]))).toBe(true);
    expect(sameKeys(a, keysOf([tp('t', 0, 1)]))).toBe(false);
    expect(missing(a, keysOf([tp('t', 0)]))).toEqual(['t:1', 'u:3']);
  });
});
