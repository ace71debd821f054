/**
 * What a failed produce attempt tells its client, by the SDK's own rule (sdk/error-mapping.ts):
 * which partitions did commit (the error's `committed` list), and which may have been written
 * although the attempt failed. A partition counts as definitely unwritten only when its failure
 * says so (`noSideEffects`, a 4xx, or a code the SDK treats as a refusal before any write).
 *
 * The harness reuses the SDK's rule rather than its own so that a wrong rule shows up as an
 * anomaly (an aborted read, or a duplicate) instead of being quietly corrected here.
 */
import { codeHasNoSideEffects } from '../sdk/error-mapping.ts';

export interface ErrorLike {
  code: string;
  retriable: boolean;
  status?: number;
  details: Record<string, unknown>;
}

export interface AttemptVerdict {
  /** Partitions that committed, with their base offsets. */
  committed: Array<{ partition: number; baseOffset: number }>;
  /** Partitions of the attempt, not committed, whose write may nevertheless have happened. */
  maybeWritten: number[];
  retriable: boolean;
}

export function judgeAttempt(e: ErrorLike, partitions: readonly number[]): AttemptVerdict {
  const committed = listOf(e.details.committed).filter(
    (c): c is { partition: number; baseOffset: number } => Number.isInteger(c.partition) && Number.isInteger(c.baseOffset),
  );
  const done = new Set(committed.map((c) => c.partition));
  const pending = partitions.filter((p) => !done.has(p));
  // An explicit flag wins, as in the SDK.
  if (e.details.noSideEffects === true) return { committed, maybeWritten: [], retriable: e.retriable };
  if (e.details.noSideEffects === false) return { committed, maybeWritten: pending, retriable: e.retriable };
  const failed = new Map<number, string>();
  for (const f of listOf(e.details.failed)) {
    if (Number.isInteger(f.partition) && typeof f.code === 'string') failed.set(f.partition as number, f.code);
  }
  const maybeWritten = pending.filter((p) => {
    const code = failed.get(p);
    return code === undefined ? !codeHasNoSideEffects(e.code, e.status) : !codeHasNoSideEffects(code);
  });
  return { committed, maybeWritten, retriable: e.retriable };
}

function listOf(v: unknown): Array<Record<string, unknown>> {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}
