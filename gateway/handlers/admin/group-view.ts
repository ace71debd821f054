/**
 * How Sluice's groups look to the classic group APIs. The engine's states (KIP-848's Empty,
 * Reconciling, Stable) are named as a classic group's: a group whose members are still moving to
 * their target assignment is rebalancing. Every group is a consumer group of the classic type,
 * since classic clients (JoinGroup/SyncGroup) are the ones that list and describe them.
 */
import type { GroupState } from '../../../shared/groups/describe.ts';

export const PROTOCOL_TYPE = 'consumer';
export const GROUP_TYPE = 'classic';

const CLASSIC_STATE: Record<GroupState, string> = {
  Empty: 'Empty',
  Reconciling: 'PreparingRebalance',
  Stable: 'Stable',
};

export function classicState(state: GroupState): string {
  return CLASSIC_STATE[state];
}

/** What DescribeGroups answers for a group that does not exist, as Kafka answers it. */
export const DEAD_STATE = 'Dead';

/**
 * The host of a member: the engine keeps members' client ids, not where they connect from, so
 * the column Kafka's tools print says so rather than showing an empty cell.
 */
export const UNKNOWN_HOST = 'unknown';
