import type { GroupConfigs } from './configs.ts';
import type { MemberRecord } from './ports.ts';

/**
 * Liveness without an always-on process: a member is live while its last heartbeat is younger
 * than the session timeout and it owes no revocation past its rebalance deadline. Whichever call
 * next loads the group (any member's heartbeat, a leave, the optional sweep) removes the others.
 */
export function sessionExpired(m: MemberRecord, configs: GroupConfigs, now: number): boolean {
  return m.lastHeartbeat + configs.sessionTimeoutMs <= now;
}

export function revocationOverdue(m: MemberRecord, now: number): boolean {
  return m.revokeDeadline !== undefined && m.revokeDeadline <= now;
}

export function isLive(m: MemberRecord, configs: GroupConfigs, now: number): boolean {
  return !sessionExpired(m, configs, now) && !revocationOverdue(m, now);
}

export function splitMembers(members: readonly MemberRecord[], configs: GroupConfigs, now: number): { live: MemberRecord[]; expired: MemberRecord[] } {
  const live: MemberRecord[] = [];
  const expired: MemberRecord[] = [];
  for (const m of members) (isLive(m, configs, now) ? live : expired).push(m);
  return { live, expired };
}

/** Why a member is no longer live, for the error it gets. */
export function expiryReason(m: MemberRecord, configs: GroupConfigs, now: number): string {
  if (revocationOverdue(m, now)) return `it did not revoke its partitions within rebalance.timeout.ms (${configs.rebalanceTimeoutMs} ms)`;
  return `its last heartbeat was ${now - m.lastHeartbeat} ms ago, past session.timeout.ms (${configs.sessionTimeoutMs} ms)`;
}
