import { SluiceError } from '../api/errors.ts';

/**
 * Per-group configs, with the names of Kafka's group configs (KIP-848) where one exists. The
 * defaults are Kafka's: a 45 s session, a heartbeat every 5 s, and 5 minutes to revoke
 * (max.poll.interval.ms).
 */
export type AssignorName = 'uniform' | 'range';

export const ASSIGNORS: readonly AssignorName[] = ['uniform', 'range'];

export interface GroupConfigs {
  /** A member that does not heartbeat for this long is expired and its partitions move. */
  sessionTimeoutMs: number;
  /** How often members heartbeat; the heartbeat answer carries it. At most a third of the session. */
  heartbeatIntervalMs: number;
  /** How long a member may take to revoke partitions it was asked to give up before it is fenced. */
  rebalanceTimeoutMs: number;
  assignor: AssignorName;
}

export const DEFAULT_GROUP_CONFIGS: GroupConfigs = {
  sessionTimeoutMs: 45_000,
  heartbeatIntervalMs: 5_000,
  rebalanceTimeoutMs: 300_000,
  assignor: 'uniform',
};

/** The configs by their wire names, and what each one means. */
export const GROUP_CONFIG_NAMES = {
  'session.timeout.ms': 'sessionTimeoutMs',
  'heartbeat.interval.ms': 'heartbeatIntervalMs',
  'rebalance.timeout.ms': 'rebalanceTimeoutMs',
  assignor: 'assignor',
} as const satisfies Record<string, keyof GroupConfigs>;

export type GroupConfigName = keyof typeof GROUP_CONFIG_NAMES;

const LIMITS_MS = {
  sessionTimeoutMs: [1_000, 3_600_000],
  heartbeatIntervalMs: [100, 1_200_000],
  rebalanceTimeoutMs: [1_000, 3_600_000],
} as const;

function invalid(message: string): SluiceError {
  return new SluiceError('INVALID_CONFIG', message);
}

/** Applies `changes` (wire names) to `base`; refuses unknown names, bad values, and a heartbeat too slow for the session. */
export function applyGroupConfigs(base: GroupConfigs, changes: Record<string, string | number>): GroupConfigs {
  const next: GroupConfigs = { ...base };
  for (const [name, raw] of Object.entries(changes)) {
    const field = Object.hasOwn(GROUP_CONFIG_NAMES, name) ? (GROUP_CONFIG_NAMES as Record<string, keyof GroupConfigs | undefined>)[name] : undefined;
    if (!field) throw invalid(`unknown group config ${JSON.stringify(name)}; known: ${Object.keys(GROUP_CONFIG_NAMES).join(', ')}`);
    const value = String(raw).trim();
    if (field === 'assignor') {
      if (!(ASSIGNORS as readonly string[]).includes(value)) throw invalid(`assignor must be one of ${ASSIGNORS.join(', ')}; got ${JSON.stringify(value)}`);
      next.assignor = value as AssignorName;
      continue;
    }
    const [min, max] = LIMITS_MS[field];
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw invalid(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}`);
    next[field] = n;
  }
  if (next.heartbeatIntervalMs * 3 > next.sessionTimeoutMs) {
    throw invalid(
      `heartbeat.interval.ms (${next.heartbeatIntervalMs}) must be at most a third of session.timeout.ms (${next.sessionTimeoutMs}), ` +
        'so that leases are renewed well before they expire',
    );
  }
  return next;
}

/** The configs by their wire names, values as strings (Kafka's way, and the topic configs' way). */
export function configsToWire(configs: GroupConfigs): Record<GroupConfigName, string> {
  return {
    'session.timeout.ms': String(configs.sessionTimeoutMs),
    'heartbeat.interval.ms': String(configs.heartbeatIntervalMs),
    'rebalance.timeout.ms': String(configs.rebalanceTimeoutMs),
    assignor: configs.assignor,
  };
}

export function configsFromWire(wire: Record<string, string>): GroupConfigs {
  const known = Object.fromEntries(Object.entries(wire).filter(([k]) => k in GROUP_CONFIG_NAMES));
  return applyGroupConfigs(DEFAULT_GROUP_CONFIGS, known);
}
