/**
 * How a group member's failed commit is judged, for both targets (an engine SluiceError or the
 * SDK's SluiceApiError): a partition counts as stored only if the answer says so (`committed`),
 * and as refused only if the lease fence refused it (FENCED_LEASE in `failed`). Anything else
 * may or may not have been written.
 */
import type { CommitOp } from './group-history.ts';
import type { Outcome } from './history.ts';

export const FENCED_CODES = new Set(['UNKNOWN_MEMBER', 'FENCED_MEMBER_EPOCH']);

export interface CommitVerdict {
  outcome: Outcome;
  accepted: number[];
  rejected: number[];
  error: string;
}

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  details?: Record<string, unknown>;
}

export function judgeCommit(e: unknown, topic: string, partitions: readonly number[]): CommitVerdict {
  const err = (typeof e === 'object' && e !== null ? e : {}) as ErrorShape;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const error = `${code ?? (e instanceof Error ? e.name : 'error')}: ${e instanceof Error ? e.message : String(e)}`;
  const details = err.details ?? {};
  const ofTopic = (list: unknown, pick: (x: Record<string, unknown>) => boolean): number[] =>
    (Array.isArray(list) ? list : [])
      .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && x.topic === topic && Number.isInteger(x.partition) && pick(x))
      .map((x) => x.partition as number);
  const accepted = ofTopic(details.committed, () => true).filter((p) => partitions.includes(p));
  // A whole-request FENCED_LEASE without lists comes from one partition; with lists, per partition.
  const rejected = Array.isArray(details.failed)
    ? ofTopic(details.failed, (x) => x.code === 'FENCED_LEASE')
    : code === 'FENCED_LEASE' && partitions.length === 1 ? [...partitions] : [];
  const outcome: Outcome = rejected.length === partitions.length ? 'fail' : 'info';
  return { outcome, accepted, rejected, error };
}

/** The commit op of a member, from its offsets and how the request ended. */
export function commitOp(
  base: Pick<CommitOp, 'process' | 'member' | 'memberEpoch' | 'invokeTime' | 'completeTime'> & { zombie?: boolean },
  offsets: Record<string, number>,
  verdict: CommitVerdict | 'ok',
): CommitOp {
  const partitions = Object.keys(offsets).map(Number);
  const { zombie, ...rest } = base;
  const common = { type: 'commit' as const, ...rest, offsets, ...(zombie ? { zombie: true } : {}) };
  if (verdict === 'ok') return { ...common, outcome: 'ok', accepted: partitions, rejected: [] };
  return { ...common, outcome: verdict.outcome, accepted: verdict.accepted, rejected: verdict.rejected, error: verdict.error };
}
