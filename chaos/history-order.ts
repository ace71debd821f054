/** Small helpers the checkers share: known offsets in a range, and operations by process. */

/** Known offsets strictly between `low` and `high`; `sorted` is ascending. */
export function knownBetween(sorted: readonly number[], low: number, high: number): number[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= low) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < sorted.length && sorted[i]! < high; i++) out.push(sorted[i]!);
  return out;
}

/** Ops by a key (the process, by default), each list in invocation order (a process runs one op at a time). */
export function groupByProcess<T extends { process: string; invokeTime: number }>(ops: readonly T[], keyOf: (op: T) => string = (op) => op.process): Map<string, T[]> {
  const by = new Map<string, T[]>();
  for (const op of ops) {
    const key = keyOf(op);
    const list = by.get(key) ?? [];
    list.push(op);
    by.set(key, list);
  }
  for (const list of by.values()) list.sort((a, b) => a.invokeTime - b.invokeTime);
  return by;
}
