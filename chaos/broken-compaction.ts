/**
 * A broken build of compaction, for the compacted-topic chaos run to catch: the rewrite of a
 * segment keeps the older values of one key that it should have removed. It stands between
 * maintenance and its store: when a compaction swaps a rewritten segment in, it builds the segment
 * again from the pre-compaction bytes, keeping every record the rewrite kept plus the removed
 * values of `key`, puts that object, and swaps it in instead. Merges pass through untouched.
 *
 * Everything it keeps was written at that offset, so no read shows an invented record: only the
 * end state shows it, the key twice (or more) in the compacted part (`final-duplicate-key`).
 */
import { decodeBatches, encodeBatch, readBatchHeader } from '../shared/codec/index.ts';
import type { IndexEntry, MaintenanceStore, Storage } from '../shared/log/ports.ts';
import { chunksOf } from '../shared/maintenance/compaction.ts';

export interface BrokenCompactionFigures {
  /** Compaction swaps that kept older values of the key. */
  swapsBroken: number;
  /** Older values kept. */
  recordsKept: number;
}

export function brokenCompaction(storage: Storage, key: string, indexIntervalBytes: number, figures?: BrokenCompactionFigures): Storage {
  const store = storage.maintenance!;
  const objects = storage.objects;
  const isRewrite = (segment: IndexEntry, old: IndexEntry) =>
    old.chunks !== undefined && segment.baseOffset === old.baseOffset && segment.count === old.count && old.byteLength > 0;

  const broken: MaintenanceStore = Object.assign(Object.create(store) as MaintenanceStore, {
    swapInSegment: async (segment: IndexEntry, first: IndexEntry, owner: string, from: Parameters<MaintenanceStore['swapInSegment']>[3], to: Parameters<MaintenanceStore['swapInSegment']>[4]) => {
      if (!isRewrite(segment, first)) return store.swapInSegment(segment, first, owner, from, to);
      const oldBytes = await objects.getRange(first.objectKey, first.byteStart, first.byteLength);
      const newBatches = segment.byteLength === 0 ? [] : decodeBatches(await objects.getRange(segment.objectKey, segment.byteStart, segment.byteLength));
      const kept = new Set(newBatches.flatMap((b) => b.records.map((r) => r.offset)));
      let extra = 0;
      const parts: { bytes: Buffer; baseOffset: number; maxTimestamp: number }[] = [];
      let tombstones = 0;
      let pos = 0;
      for (const batch of decodeBatches(oldBytes)) {
        const header = batch.header;
        const original = oldBytes.subarray(pos, pos + header.size);
        pos += header.size;
        const keep = batch.records.filter((r) => {
          if (kept.has(r.offset)) return true;
          if (r.key !== null && r.value !== null && r.key.toString() === key) {
            extra++;
            return true;
          }
          return false;
        });
        tombstones += keep.filter((r) => r.value === null).length;
        if (keep.length === 0) continue;
        if (keep.length === batch.records.length) {
          parts.push({ bytes: Buffer.from(original), baseOffset: header.baseOffset, maxTimestamp: header.maxTimestamp });
          continue;
        }
        const encoded = encodeBatch(
          keep.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })),
          {
            baseOffset: header.baseOffset,
            compression: header.compression,
            timestampType: header.timestampType,
            logAppendTime: header.maxTimestamp,
            producerId: header.producerId,
            producerEpoch: header.producerEpoch,
            baseSequence: header.baseSequence,
            partitionLeaderEpoch: header.partitionLeaderEpoch,
            offsetDeltas: keep.map((r) => r.offset - header.baseOffset),
            lastOffsetDelta: header.lastOffsetDelta,
          },
        );
        parts.push({ bytes: encoded, baseOffset: header.baseOffset, maxTimestamp: readBatchHeader(encoded, 0).maxTimestamp });
      }
      if (extra === 0) return store.swapInSegment(segment, first, owner, from, to);
      const body = Buffer.concat(parts.map((p) => p.bytes));
      const objectKey = `${segment.objectKey}-kept`;
      await objects.put(objectKey, body);
      const next: IndexEntry = {
        ...segment,
        objectKey,
        byteStart: 0,
        byteLength: body.length,
        maxTimestamp: parts.length > 0 ? Math.max(...parts.map((p) => p.maxTimestamp)) : -1,
        chunks: chunksOf(parts, segment.baseOffset, segment.baseOffset + segment.count, indexIntervalBytes),
        tombstones,
      };
      const swapped = await store.swapInSegment(next, first, owner, from, to);
      if (swapped && figures) {
        figures.swapsBroken++;
        figures.recordsKept += extra;
      }
      return swapped;
    },
  });
  return { ...storage, maintenance: broken };
}
