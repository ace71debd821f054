/**
 * The default fault plan: the probability of each fault at each opportunity (per storage call,
 * per request, per poll, per group supervisor step). About one send in four meets at least one
 * fault.
 */
import { CLIENT_FAULTS, STORAGE_FAULTS, type FaultKind, type FaultPlan } from './faults.ts';

export const DEFAULT_PLAN: FaultPlan = {
  'crash-before-put': 0.01,
  'crash-after-put': 0.01,
  'crash-before-commit': 0.01,
  'crash-after-commit': 0.015,
  's3-error': 0.02,
  's3-timeout-after-write': 0.02,
  'ddb-throttle': 0.02,
  'ddb-error': 0.02,
  'ddb-timeout-after-write': 0.02,
  'ddb-throttle-after-write': 0.01,
  'read-error': 0.01,
  'lost-response': 0.03,
  'duplicate-delivery': 0.02,
  'lambda-throttle': 0.03,
  'kill-consumer': 0.03,
  'group-read-error': 0.01,
  'group-write-error': 0.01,
  'group-timeout-after-write': 0.01,
  'crash-group-write': 0.005,
  // Maintenance (with --maintenance): per call at each step boundary of a merge, of retention and
  // of garbage collection, so that most passes meet none and a run meets every kind.
  'crash-merge-after-put': 0.03,
  'crash-merge-after-swap': 0.03,
  'crash-merge-mid-delete': 0.03,
  'crash-merge-before-state': 0.03,
  'crash-retention-after-advance': 0.08,
  'crash-retention-mid-delete': 0.08,
  'crash-retention-before-hollow': 0.15,
  'crash-gc-after-list': 0.02,
  'crash-gc-after-delete': 0.04,
  'lease-lost': 0.04,
  'maintenance-read-error': 0.002,
  'maintenance-write-error': 0.01,
  'maintenance-timeout-after-write': 0.01,
  // Per step of the group supervisor (every 150–300 ms), and per killed member that owed a commit.
  'kill-member': 0.05,
  'zombie-commit': 0.5,
};

/** `restart` is not a probability: the runner's `--restart` asks for one. */
const KINDS = new Set<string>([...STORAGE_FAULTS, ...CLIENT_FAULTS.filter((k) => k !== 'restart')]);

/**
 * The default plan changed by a spec: `none` (no faults), or comma-separated `kind=p` (p in
 * [0, 1]) applied on top of the default, or on top of nothing after `none,`.
 *
 * @example
 * parsePlan('none,lost-response=0.1') // only lost responses
 */
export function parsePlan(spec: string | undefined): FaultPlan {
  if (!spec) return { ...DEFAULT_PLAN };
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const plan: FaultPlan = parts[0] === 'none' ? {} : { ...DEFAULT_PLAN };
  for (const part of parts[0] === 'none' ? parts.slice(1) : parts) {
    const [kind, raw] = part.split('=');
    const p = Number(raw);
    if (!kind || !KINDS.has(kind)) throw new Error(`unknown fault '${kind}'; known: ${[...KINDS].join(', ')}`);
    if (raw === undefined || !Number.isFinite(p) || p < 0 || p > 1) throw new Error(`fault ${kind} needs a probability in [0, 1], got '${raw}'`);
    plan[kind as FaultKind] = p;
  }
  return plan;
}
