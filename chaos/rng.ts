/**
 * Seeded randomness for the chaos harness. Every decision a run makes (the workload, each fault)
 * draws from a stream forked off the run's seed by a label: the process, the operation, the
 * attempt, the storage step. A fork depends on the seed and its label only, never on what was
 * drawn before, so the same seed replays the same workload and the same fault decisions however
 * the processes interleave (docs/chaos.md, "Reproducibility", says where contention still differs).
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An independent stream for `label`, the same for the same seed and label. */
  fork(label: string): Rng;
}

/** FNV-1a over the UTF-16 code units: a 32-bit hash to derive seeds from labels. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for schedules (not for cryptography). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A stream for a seed.
 *
 * @example
 * const rng = createRng(42).fork('p3');
 * if (rng.chance(0.05)) throw new Crash('p3');
 */
export function createRng(seed: number | string, label = ''): Rng {
  const base = `${seed}/${label}`;
  const next = mulberry32(hash32(base));
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => p > 0 && next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    fork: (sub) => createRng(seed, label ? `${label}/${sub}` : sub),
  };
}
