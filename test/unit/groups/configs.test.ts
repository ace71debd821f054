import { describe, expect, it } from 'vitest';
import { applyGroupConfigs, configsFromWire, configsToWire, DEFAULT_GROUP_CONFIGS } from '../../../shared/groups/configs.ts';
import { compilePattern, normalizeSubscription, subscribedTopics } from '../../../shared/groups/subscription.ts';
import { validateGroupId } from '../../../shared/groups/names.ts';

describe('group configs', () => {
  it("default to Kafka's: 45 s sessions, 5 s heartbeats, 5 min to revoke, the uniform assignor", () => {
    expect(configsToWire(DEFAULT_GROUP_CONFIGS)).toEqual({
      'session.timeout.ms': '45000', 'heartbeat.interval.ms': '5000', 'rebalance.timeout.ms': '300000', assignor: 'uniform',
    });
  });

  it('take values as numbers or strings and round-trip through their wire form', () => {
    const c = applyGroupConfigs(DEFAULT_GROUP_CONFIGS, { 'session.timeout.ms': '6000', 'heartbeat.interval.ms': 1000, assignor: 'range' });
    expect(c).toEqual({ sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, rebalanceTimeoutMs: 300_000, assignor: 'range' });
    expect(configsFromWire(configsToWire(c))).toEqual(c);
  });

  it('refuse unknown names, bad values, and a heartbeat slower than a third of the session', () => {
    expect(() => applyGroupConfigs(DEFAULT_GROUP_CONFIGS, { 'max.poll.records': 5 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => applyGroupConfigs(DEFAULT_GROUP_CONFIGS, { assignor: 'sticky' })).toThrow(/assignor must be one of uniform, range/);
    expect(() => applyGroupConfigs(DEFAULT_GROUP_CONFIGS, { 'session.timeout.ms': '10s' })).toThrow(/integer/);
    expect(() => applyGroupConfigs(DEFAULT_GROUP_CONFIGS, { 'session.timeout.ms': 9000, 'heartbeat.interval.ms': 3001 })).toThrow(/at most a third/);
  });
});

describe('subscriptions', () => {
  const topics = new Map(['orders', 'orders-eu', 'payments', 'xorders'].map((name) => [name, { name, id: name, partitions: 1 }]));

  it('match a pattern against whole topic names, as Kafka does', () => {
    expect([...subscribedTopics({ topics: [], pattern: 'orders.*' }, topics)].sort()).toEqual(['orders', 'orders-eu']);
    expect(compilePattern('orders').test('xorders')).toBe(false);
  });

  it('add named topics that exist to the matched ones', () => {
    expect([...subscribedTopics({ topics: ['payments', 'missing'], pattern: 'x.*' }, topics)].sort()).toEqual(['payments', 'xorders']);
  });

  it('are normalized, and refused when empty, badly named or an invalid regular expression', () => {
    expect(normalizeSubscription({ topics: ['b', 'a', 'b'], pattern: '' })).toEqual({ topics: ['a', 'b'] });
    expect(() => normalizeSubscription({ topics: [] })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => normalizeSubscription({ topics: ['bad name'] })).toThrow(expect.objectContaining({ code: 'INVALID_TOPIC_NAME' }));
    expect(() => normalizeSubscription({ pattern: '(' })).toThrow(/not a valid regular expression/);
  });
});

describe('group ids', () => {
  it('follow the topic name rules', () => {
    expect(() => validateGroupId('billing.v2_eu-1')).not.toThrow();
    for (const bad of ['', '..', 'a/b', 'x'.repeat(250)]) expect(() => validateGroupId(bad)).toThrow(expect.objectContaining({ code: 'INVALID_GROUP_ID' }));
  });
});
