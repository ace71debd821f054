import { numericConfig } from '../api/topic-configs.ts';
import type { IndexEntry, TopicRecord } from '../log/ports.ts';
import { end, isHollow } from './entries.ts';

/**
 * Which of a partition's unmerged entries go into segments now. `head` is the entries from the
 * state's `mergedTo` on, ascending. Taken: a contiguous run from the first entry at or above the
 * log start, of entries at least `deleteDelayMs` old (a swap deletes the entries it replaces, and
 * an entry may be deleted only that late: shared/log/append.ts). The run is cut into segments of
 * at least `segment.bytes`; a last, smaller one is merged only once its oldest entry is older than
 * `segment.ms`, so that a quiet partition is merged too.
 */
export function planSegments(
  topic: TopicRecord,
  head: readonly IndexEntry[],
  mergedTo: number,
  logStart: number,
  now: number,
  deleteDelayMs: number,
): IndexEntry[][] {
  const segmentBytes = numericConfig(topic.configs, 'segment.bytes');
  const segmentMs = numericConfig(topic.configs, 'segment.ms');
  const run: IndexEntry[] = [];
  for (const e of head) {
    if (e.chunks || isHollow(e) || end(e) <= logStart) {
      if (run.length > 0) break;
      continue;
    }
    if (run.length === 0) {
      // The run must start where merging stopped, unless what lay between went below the log start.
      if (e.baseOffset !== mergedTo && e.baseOffset > logStart) return [];
    } else if (e.baseOffset !== end(run[run.length - 1]!)) break;
    if (e.appendTime >= now - deleteDelayMs) break;
    run.push(e);
  }
  const segments: IndexEntry[][] = [];
  let current: IndexEntry[] = [];
  let bytes = 0;
  for (const e of run) {
    current.push(e);
    bytes += e.byteLength;
    if (bytes >= segmentBytes) {
      segments.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0 && current[0]!.appendTime < now - segmentMs) segments.push(current);
  return segments;
}
