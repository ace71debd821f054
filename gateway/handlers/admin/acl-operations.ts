/**
 * Kafka's authorized-operations bitfields (one bit per AclOperation code), for clients that ask
 * what they may do. Sluice has no per-principal authorization yet: an authenticated client may do
 * everything the gateway serves, and these say so.
 */
const Op = { READ: 3, WRITE: 4, CREATE: 5, DELETE: 6, ALTER: 7, DESCRIBE: 8, DESCRIBE_CONFIGS: 10, ALTER_CONFIGS: 11, IDEMPOTENT_WRITE: 12 } as const;

const bits = (...ops: number[]): number => ops.reduce((acc, op) => acc | (1 << op), 0);

export const GROUP_OPERATIONS = bits(Op.READ, Op.DESCRIBE, Op.DELETE);
export const CLUSTER_OPERATIONS = bits(Op.CREATE, Op.ALTER, Op.DESCRIBE, Op.DESCRIBE_CONFIGS, Op.ALTER_CONFIGS, Op.IDEMPOTENT_WRITE);

/** Kafka's value for "authorized operations were not asked for". */
export const NOT_REQUESTED = -2147483648;
