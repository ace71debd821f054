/**
 * A joining client's timeouts as the group configs of the group its join creates. Sluice keeps
 * them per group (as KIP-848 does), so they apply when the first member creates the group; later
 * joins with other values change nothing (use the group config API to change them).
 */
import { applyGroupConfigs, DEFAULT_GROUP_CONFIGS } from '../../../shared/groups/configs.ts';

/** Sluice's suggested heartbeat interval, capped so a lease is renewed well inside the session. */
function heartbeatFor(sessionTimeoutMs: number): number {
  return Math.max(100, Math.min(DEFAULT_GROUP_CONFIGS.heartbeatIntervalMs, Math.floor(sessionTimeoutMs / 3)));
}

/**
 * The group configs for a join, or undefined when the session timeout is outside what the engine
 * allows (Kafka's INVALID_SESSION_TIMEOUT). The rebalance timeout is the session timeout when the
 * client sent none (JoinGroup v0, or -1), and Sluice's default when it is out of range.
 */
export function groupConfigsForJoin(sessionTimeoutMs: number, rebalanceTimeoutMs: number): Record<string, number> | undefined {
  const rebalance = rebalanceTimeoutMs > 0 ? rebalanceTimeoutMs : sessionTimeoutMs;
  const base = { 'session.timeout.ms': sessionTimeoutMs, 'heartbeat.interval.ms': heartbeatFor(sessionTimeoutMs) };
  for (const configs of [{ ...base, 'rebalance.timeout.ms': rebalance }, base]) {
    try {
      applyGroupConfigs(DEFAULT_GROUP_CONFIGS, configs);
      return configs;
    } catch {
      // Try without the rebalance timeout; then give up.
    }
  }
  return undefined;
}
