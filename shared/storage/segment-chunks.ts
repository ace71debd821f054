import { Reader } from '../codec/reader.ts';
import { sizeOfVarlong, writeVarlong } from '../codec/varint.ts';
import type { SegmentChunk } from '../log/ports.ts';

/**
 * A segment's sparse index, as the binary attribute `x` of its index item: per chunk, in offset
 * order, three zig-zag varlongs: record count, byte length, and max timestamp as a delta from the
 * previous chunk's (the first from 0). Base offsets and byte positions are cumulative from the
 * segment's base offset and from byte 0, so they are not stored. About 8 bytes a chunk: a 64 MiB
 * segment of 256 KiB chunks keeps its index in about 2 KB, inside one 4 KB read unit.
 */
export function encodeChunks(chunks: readonly SegmentChunk[]): Buffer {
  let size = 0;
  let ts = 0;
  for (const c of chunks) {
    size += sizeOfVarlong(c.count) + sizeOfVarlong(c.byteLength) + sizeOfVarlong(c.maxTimestamp - ts);
    ts = c.maxTimestamp;
  }
  const buf = Buffer.allocUnsafe(size);
  let pos = 0;
  ts = 0;
  for (const c of chunks) {
    pos = writeVarlong(buf, pos, c.count);
    pos = writeVarlong(buf, pos, c.byteLength);
    pos = writeVarlong(buf, pos, c.maxTimestamp - ts);
    ts = c.maxTimestamp;
  }
  return buf;
}

/** The chunks of a segment whose first offset is `baseOffset`; throws on malformed bytes. */
export function decodeChunks(bytes: Uint8Array, baseOffset: number): SegmentChunk[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(buf, 0, buf.length, (p) => `byte ${p} of a segment index`);
  const out: SegmentChunk[] = [];
  let offset = baseOffset;
  let byte = 0;
  let ts = 0;
  while (r.remaining() > 0) {
    const count = r.varlong();
    const byteLength = r.varlong();
    ts += r.varlong();
    out.push({ baseOffset: offset, count, byteStart: byte, byteLength, maxTimestamp: ts });
    offset += count;
    byte += byteLength;
  }
  return out;
}
