/**
 * Condition expressions, built from named parts so that no expression is copied by hand.
 * `#pk` and `#v` are bound by `conditionNames`.
 */
export const conditionNames = {
  '#pk': 'pk',
  '#v': 'version',
  '#id': 'id',
  '#producerEpoch': 'epoch',
  '#stateEpoch': 'pe',
  '#stateNextSeq': 'pn',
} as const;

export const itemDoesNotExist = 'attribute_not_exists(#pk)';
export const versionIs = '#v = :expectedVersion';
export const idIs = '#id = :expectedId';

/** A named producer is still the one read (init bumps its epoch). */
export const namedProducerIs = '#id = :seenId AND #producerEpoch = :seenEpoch';
/** An idempotent producer's partition state is still the one read. */
export const producerStateIs = '#stateEpoch = :seenStateEpoch AND #stateNextSeq = :seenNextSeq';

export function all(...parts: string[]): string {
  return parts.join(' AND ');
}

/** Only the names an expression uses: DynamoDB refuses unused ExpressionAttributeNames. */
export function namesFor(expression: string): Record<string, string> {
  return Object.fromEntries(Object.entries({ ...conditionNames, ...groupConditionNames }).filter(([name]) => expression.includes(name)));
}

/**
 * Consumer groups (shared/groups): member items are fenced on what was read (epoch and last
 * heartbeat), leases on their owner, the epoch it took them at, and their expiry. The names are
 * chosen so that none is a substring of another (`namesFor` matches by substring).
 */
export const groupConditionNames = {
  '#memberEpoch': 'memberEpoch',
  '#heartbeat': 'heartbeat',
  '#leaseOwner': 'owner',
  '#leaseEpoch': 'ownerEpoch',
  '#leaseExpiry': 'expiresAt',
} as const;

export const memberEpochIs = '#memberEpoch = :seenEpoch';
export const heartbeatIs = '#heartbeat = :seenHeartbeat';
export const leaseIsFree = 'attribute_not_exists(#leaseOwner)';
export const leaseHasExpired = '#leaseExpiry <= :now';
export const leaseIsUnexpired = '#leaseExpiry > :now';
export const leaseOwnerIs = '#leaseOwner = :owner';
export const leaseEpochAtMost = '#leaseEpoch <= :epoch';

export function any(...parts: string[]): string {
  return `(${parts.join(' OR ')})`;
}
