import { compacts, numericConfig } from '../api/topic-configs.ts';
import { decodeBatches, encodeBatch, readBatchHeader } from '../codec/index.ts';
import type { DecodedBatch } from '../codec/types.ts';
import type { IndexEntry, MaintenanceState, MaintenanceStore, SegmentChunk, Storage, TopicRecord } from '../log/ports.ts';
import { end, isHollow, walk } from './entries.ts';
import { OffsetMap } from './offset-map.ts';
import { segmentKey } from './segment-key.ts';
import type { MaintenanceReport } from './report.ts';
import type { MaintenanceSettings } from './settings.ts';

/** What compaction did, as counted in a job's report (report.ts). */
export type CompactionStats = Pick<
  MaintenanceReport,
  'compactionPasses' | 'segmentsCompacted' | 'recordsCompactedAway' | 'tombstonesRemoved' | 'bytesBeforeCompaction' | 'bytesAfterCompaction' | 'keysMapped'
>;

export interface CompactionContext {
  storage: Storage;
  store: MaintenanceStore;
  settings: MaintenanceSettings;
  topic: TopicRecord;
  partition: number;
  owner: string;
  state: MaintenanceState;
  logStart: number;
  now: number;
  newId: () => string;
  stats: CompactionStats;
}

/**
 * Kafka's log compaction over a partition's segments, under the job's lease. Returns the state
 * after the pass (the cleaner checkpoint `cleanedTo` moved), or the state unchanged.
 *
 * - Only segments are compacted: the head (entries not merged yet, the newest) never is, as Kafka
 *   never cleans the active segment; nor are segments newer than `min.compaction.lag.ms`.
 * - A pass runs when the dirty share (bytes of compactable segments above `cleanedTo`) reaches
 *   `min.cleanable.dirty.ratio`, when a dirty segment is older than `max.compaction.lag.ms`, or when
 *   a compacted segment holds tombstones older than `delete.retention.ms`.
 * - The key map holds a digest per key (OffsetMap) within `compactionMapBytes`: the dirty records
 *   are mapped oldest first until the map is full; the checkpoint stops at the first record left
 *   out, and what is beyond waits for the next pass.
 * - Every compactable segment up to the mapped end is then rewritten: a record stays unless a
 *   later record of its key is mapped, it has no key (as Kafka's cleaner drops those), or it is a
 *   tombstone in a segment compacted longer than `delete.retention.ms` ago. Offsets stay; holes
 *   appear. A batch keeps its base offset, last offset delta, producer fields and compression, and
 *   its surviving records their offset deltas, keys, values, headers and timestamps; its CRC is
 *   computed anew. An untouched batch is copied byte for byte.
 * - Each rewritten segment replaces its item with one conditional Put in a transaction fenced on
 *   the lease (the same swap as a merge, of one item): readers see the old segment or the new one,
 *   which hold the same latest values. A pass killed at any point leaves segments each either
 *   rewritten or not, both correct; the checkpoint moves only at the end.
 */
export async function compactPartition(ctx: CompactionContext): Promise<MaintenanceState> {
  const { topic, state, settings, now } = ctx;
  if (!compacts(topic.configs)) return state;
  const minLag = numericConfig(topic.configs, 'min.compaction.lag.ms');
  const maxLag = numericConfig(topic.configs, 'max.compaction.lag.ms');
  const ratio = numericConfig(topic.configs, 'min.cleanable.dirty.ratio');
  const deleteRetention = numericConfig(topic.configs, 'delete.retention.ms');

  // The compactable segments: from the log start, up to the first one too young or the head.
  const segments: IndexEntry[] = [];
  for await (const e of walk(ctx.storage, topic.id, ctx.partition, 0)) {
    if (isHollow(e) || end(e) <= ctx.logStart) continue;
    if (!e.chunks || e.baseOffset >= state.mergedTo || e.appendTime > now - minLag) break;
    segments.push(e);
  }
  if (segments.length === 0) return state;
  const cleanedTo = state.cleanedTo ?? 0;
  const dirty = segments.filter((s) => end(s) > cleanedTo);
  const total = segments.reduce((n, s) => n + s.byteLength, 0);
  const dirtyBytes = dirty.reduce((n, s) => n + s.byteLength, 0);
  const overdue = dirty.some((s) => s.appendTime <= now - maxLag);
  const expiringTombstones = segments.some((s) => (s.tombstones ?? 0) > 0 && s.cleanedAt !== undefined && s.cleanedAt <= now - deleteRetention);
  const worth = dirty.length > 0 && (total === 0 || dirtyBytes / total >= ratio);
  if (!worth && !overdue && !expiringTombstones) return state;

  // Map the dirty records' keys, oldest first, while they fit. The map may fill inside a segment:
  // the checkpoint then stops at the first record left out, as Kafka's cleaner does.
  const map = new OffsetMap(settings.compactionMapBytes);
  let mappedTo = cleanedTo;
  mapping: for (const s of dirty) {
    for (const b of await readSegment(ctx.storage, s)) {
      for (const r of b.records) {
        if (r.offset < cleanedTo || r.key === null) continue;
        if (!map.put(r.key, r.offset)) {
          mappedTo = r.offset;
          break mapping;
        }
      }
    }
    mappedTo = end(s);
  }
  ctx.stats.keysMapped += map.size;

  let current = state;
  for (const s of segments) {
    if (s.baseOffset >= mappedTo) break;
    const next = await rewrite(ctx, s, map, deleteRetention, current);
    if (!next) return current;
    current = next;
  }
  const done: MaintenanceState = { ...current, cleanedTo: Math.max(cleanedTo, mappedTo) };
  if (!(await ctx.store.setState(topic.id, ctx.partition, ctx.owner, current, done))) return current;
  ctx.stats.compactionPasses++;
  return done;
}

async function readSegment(storage: Storage, s: IndexEntry): Promise<DecodedBatch[]> {
  if (s.byteLength === 0) return [];
  const bytes = await storage.objects.getRange(s.objectKey, s.byteStart, s.byteLength);
  return decodeBatches(bytes);
}

/** Rewrites one segment with what survives; returns the state, or undefined if the swap was refused. */
async function rewrite(ctx: CompactionContext, s: IndexEntry, map: OffsetMap, deleteRetention: number, state: MaintenanceState): Promise<MaintenanceState | undefined> {
  const bytes = s.byteLength === 0 ? Buffer.alloc(0) : await ctx.storage.objects.getRange(s.objectKey, s.byteStart, s.byteLength);
  const dropTombstones = s.cleanedAt !== undefined && s.cleanedAt <= ctx.now - deleteRetention;
  const parts: { bytes: Buffer; baseOffset: number; maxTimestamp: number }[] = [];
  let removed = 0;
  let tombstonesRemoved = 0;
  let tombstones = 0;
  let pos = 0;
  for (const batch of decodeBatches(bytes)) {
    const header = batch.header;
    const original = bytes.subarray(pos, pos + header.size);
    pos += header.size;
    const kept = batch.records.filter((r) => {
      if (r.key === null) return false;
      const latest = map.get(r.key);
      if (latest !== undefined && latest > r.offset) return false;
      if (r.value === null && dropTombstones) {
        tombstonesRemoved++;
        return false;
      }
      return true;
    });
    removed += batch.records.length - kept.length;
    tombstones += kept.filter((r) => r.value === null).length;
    if (kept.length === 0) continue;
    if (kept.length === batch.records.length) {
      parts.push({ bytes: Buffer.from(original), baseOffset: header.baseOffset, maxTimestamp: header.maxTimestamp });
      continue;
    }
    const encoded = encodeBatch(
      kept.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })),
      {
        baseOffset: header.baseOffset,
        compression: header.compression,
        timestampType: header.timestampType,
        logAppendTime: header.maxTimestamp,
        producerId: header.producerId,
        producerEpoch: header.producerEpoch,
        baseSequence: header.baseSequence,
        partitionLeaderEpoch: header.partitionLeaderEpoch,
        offsetDeltas: kept.map((r) => r.offset - header.baseOffset),
        lastOffsetDelta: header.lastOffsetDelta,
      },
    );
    parts.push({ bytes: encoded, baseOffset: header.baseOffset, maxTimestamp: readBatchHeader(encoded, 0).maxTimestamp });
  }
  // Nothing to change in a segment already compacted once: no rewrite.
  if (removed === 0 && s.cleanedAt !== undefined) return state;
  const body = Buffer.concat(parts.map((p) => p.bytes));
  const chunks = chunksOf(parts, s.baseOffset, end(s), ctx.settings.indexIntervalBytes);
  const key = segmentKey(ctx.topic.id, ctx.partition, s.baseOffset, ctx.newId());
  await ctx.storage.objects.put(key, body);
  const next: IndexEntry = {
    ...s,
    objectKey: key,
    byteStart: 0,
    byteLength: body.length,
    // An emptied segment has no timestamp: ListOffsets by time passes over it.
    maxTimestamp: parts.length > 0 ? Math.max(...parts.map((p) => p.maxTimestamp)) : -1,
    chunks,
    cleanedAt: s.cleanedAt ?? ctx.now,
    tombstones,
  };
  if (!(await ctx.store.swapInSegment(next, s, ctx.owner, state, state))) return undefined;
  ctx.stats.segmentsCompacted++;
  ctx.stats.recordsCompactedAway += removed;
  ctx.stats.tombstonesRemoved += tombstonesRemoved;
  ctx.stats.bytesBeforeCompaction += s.byteLength;
  ctx.stats.bytesAfterCompaction += body.length;
  return state;
}

/**
 * The chunk index of a compacted segment: chunks of whole batches, at most `intervalBytes` each
 * (a larger batch alone) as segment-builder.ts lays them, tiling the segment's offsets [from, to)
 * whatever holes the batches leave. A segment whose
 * records all went has one chunk of no bytes, so that readers step over its offsets.
 */
export function chunksOf(parts: readonly { bytes: Buffer; baseOffset: number; maxTimestamp: number }[], from: number, to: number, intervalBytes: number): SegmentChunk[] {
  const chunks: SegmentChunk[] = [];
  let position = 0;
  for (const p of parts) {
    const current = chunks[chunks.length - 1];
    if (!current || (current.byteLength > 0 && current.byteLength + p.bytes.length > intervalBytes)) {
      if (current) current.count = p.baseOffset - current.baseOffset;
      chunks.push({ baseOffset: current ? p.baseOffset : from, count: 0, byteStart: position, byteLength: 0, maxTimestamp: p.maxTimestamp });
    }
    const c = chunks[chunks.length - 1]!;
    c.byteLength += p.bytes.length;
    c.maxTimestamp = Math.max(c.maxTimestamp, p.maxTimestamp);
    position += p.bytes.length;
  }
  if (chunks.length === 0) chunks.push({ baseOffset: from, count: to - from, byteStart: 0, byteLength: 0, maxTimestamp: -1 });
  const last = chunks[chunks.length - 1]!;
  last.count = to - last.baseOffset;
  return chunks;
}
