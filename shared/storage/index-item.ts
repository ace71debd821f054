import type { IndexEntry } from '../log/ports.ts';
import { N, S, readN, readS, type Item } from './attributes.ts';
import { decodeChunks, encodeChunks } from './segment-chunks.ts';

/**
 * Batch index item in the log table: where offsets [sk, sk + n) of one partition live.
 *
 *   pk = "{topicId}#{partition}", sk = base offset (N),
 *   n = record count, k = object key, b = byte start, l = byte length,
 *   t = max timestamp, a = log-append time,
 *   x = a segment's sparse index (binary, segment-chunks.ts), c = cumulative bytes of the log up to
 *   the segment's end, ca = when compaction first rewrote it, tb = tombstones it holds; present
 *   on segment entries only
 *
 * Short attribute names keep the item well under 1 KB, so a commit costs one WRU.
 */
export function partitionKey(topicId: string, partition: number): string {
  return `${topicId}#${partition}`;
}

export function indexKey(topicId: string, partition: number, baseOffset: number): Item {
  return { pk: S(partitionKey(topicId, partition)), sk: N(baseOffset) };
}

export function encodeIndexEntry(e: IndexEntry): Item {
  return {
    ...indexKey(e.topicId, e.partition, e.baseOffset),
    n: N(e.count),
    k: S(e.objectKey),
    b: N(e.byteStart),
    l: N(e.byteLength),
    t: N(e.maxTimestamp),
    a: N(e.appendTime),
    ...(e.chunks && e.chunks.length > 0 ? { x: { B: encodeChunks(e.chunks) } } : {}),
    ...(e.cumulativeBytes !== undefined ? { c: N(e.cumulativeBytes) } : {}),
    ...(e.cleanedAt !== undefined ? { ca: N(e.cleanedAt) } : {}),
    ...(e.tombstones !== undefined ? { tb: N(e.tombstones) } : {}),
  };
}

export function decodeIndexEntry(item: Item): IndexEntry {
  const pk = readS(item, 'pk');
  const hash = pk.lastIndexOf('#');
  const baseOffset = readN(item, 'sk');
  const x = item.x?.B;
  return {
    topicId: pk.slice(0, hash),
    partition: Number(pk.slice(hash + 1)),
    baseOffset,
    count: readN(item, 'n'),
    objectKey: readS(item, 'k'),
    byteStart: readN(item, 'b'),
    byteLength: readN(item, 'l'),
    maxTimestamp: readN(item, 't'),
    appendTime: readN(item, 'a'),
    ...(x ? { chunks: decodeChunks(x, baseOffset) } : {}),
    ...(item.c?.N !== undefined ? { cumulativeBytes: Number(item.c.N) } : {}),
    ...(item.ca?.N !== undefined ? { cleanedAt: Number(item.ca.N) } : {}),
    ...(item.tb?.N !== undefined ? { tombstones: Number(item.tb.N) } : {}),
  };
}
