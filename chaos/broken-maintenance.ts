/**
 * Deliberately broken maintenance builds, by composition around the storage maintenance is given
 * (never a branch in shared/maintenance). A run over either, with maintenance, must report anomalies:
 *
 * - `merge-drops-batch`: a segment is written without one of its batches (the second), and swapped
 *   in over the whole range it replaced, its sparse index pointing around the hole, as a segment
 *   builder that skipped a batch would. The records of that batch are gone from the log while its
 *   offsets stay below the high watermark: `lost-write` (readers jump the hole: `poll-skip`).
 * - `gc-ignores-partition`: garbage collection's mark phase misses the references of partition 0,
 *   so it deletes objects that partition still needs, after the grace period. Reads of them fail
 *   from then on: `lost-write`.
 */
import { readBatchHeader } from '../shared/codec/index.ts';
import type { IndexEntry, MaintenanceStore, ObjectStore, SegmentChunk, Storage } from '../shared/log/ports.ts';

export const BROKEN_MAINTENANCE_BUILDS = ['merge-drops-batch', 'gc-ignores-partition'] as const;
export type BrokenMaintenanceBuild = (typeof BROKEN_MAINTENANCE_BUILDS)[number];

/** The bytes and offsets of a batch left out of a segment object. */
interface Dropped {
  byteStart: number;
  byteLength: number;
  baseOffset: number;
  count: number;
}

export function brokenMaintenanceStorage(kind: BrokenMaintenanceBuild, storage: Storage): Storage {
  const store = storage.maintenance;
  if (!store) return storage;
  if (kind === 'gc-ignores-partition') {
    const scanEntries = async function* (): AsyncIterable<IndexEntry[]> {
      for await (const page of store.scanEntries()) yield page.filter((e) => e.partition !== 0);
    };
    return { ...storage, maintenance: Object.assign(Object.create(store) as MaintenanceStore, { scanEntries }) };
  }
  const dropped = new Map<string, Dropped>();
  const objects = storage.objects;
  const put = async (key: string, body: Buffer): Promise<void> => {
    if (!key.startsWith('segments/')) return objects.put(key, body);
    const batches: Dropped[] = [];
    for (let pos = 0; pos < body.length;) {
      const h = readBatchHeader(body, pos);
      batches.push({ byteStart: pos, byteLength: h.size, baseOffset: h.baseOffset, count: h.lastOffsetDelta + 1 });
      pos += h.size;
    }
    const drop = batches[1];
    if (!drop) return objects.put(key, body);
    dropped.set(key, drop);
    return objects.put(key, Buffer.concat([body.subarray(0, drop.byteStart), body.subarray(drop.byteStart + drop.byteLength)]));
  };
  const swapInSegment: MaintenanceStore['swapInSegment'] = (segment, first, owner, from, to) => {
    const drop = dropped.get(segment.objectKey);
    if (!drop || !segment.chunks) return store.swapInSegment(segment, first, owner, from, to);
    return store.swapInSegment({ ...segment, byteLength: segment.byteLength - drop.byteLength, chunks: around(segment.chunks, drop) }, first, owner, from, to);
  };
  return {
    ...storage,
    objects: Object.assign(Object.create(objects) as ObjectStore, { put }),
    maintenance: Object.assign(Object.create(store) as MaintenanceStore, { swapInSegment }),
  };
}

/** The chunks of a segment whose object lost `drop`: the chunk holding it split around it, the later ones moved up. */
function around(chunks: readonly SegmentChunk[], drop: Dropped): SegmentChunk[] {
  const out: SegmentChunk[] = [];
  const dropEnd = drop.byteStart + drop.byteLength;
  for (const c of chunks) {
    const end = c.byteStart + c.byteLength;
    if (end <= drop.byteStart) out.push(c);
    else if (c.byteStart >= dropEnd) out.push({ ...c, byteStart: c.byteStart - drop.byteLength });
    else {
      if (drop.byteStart > c.byteStart) {
        out.push({ ...c, count: drop.baseOffset - c.baseOffset, byteLength: drop.byteStart - c.byteStart });
      }
      if (end > dropEnd) {
        const after = drop.baseOffset + drop.count;
        out.push({ ...c, baseOffset: after, count: c.baseOffset + c.count - after, byteStart: drop.byteStart, byteLength: end - dropEnd });
      }
    }
  }
  return out;
}
