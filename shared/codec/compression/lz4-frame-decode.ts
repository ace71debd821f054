/**
 * A bounded decoder of the LZ4 frame format (lz4.org, "LZ4 Frame Format Description" 1.6.x):
 *
 *   frame   magic 04 22 4D 18 | FLG | BD | [content size u64 LE] | [dict id u32] | HC
 *           block* | end mark u32 0 | [content checksum u32]
 *   FLG     bits 7-6 version (01), 5 block independence, 4 block checksum, 3 content size,
 *           2 content checksum, 1 reserved (0), 0 dict id
 *   BD      bits 6-4 max block size (4: 64 KiB, 5: 256 KiB, 6: 1 MiB, 7: 4 MiB), others reserved
 *   block   u32 LE size (high bit: stored uncompressed) | data | [u32 checksum]
 *   skippable frame  magic 50-5F 2A 4D 18 | u32 LE size | size bytes
 *
 *   LZ4 block = sequences of: token (hi nibble literal length, lo nibble match length - 4),
 *   [literal length extra bytes, 255 = continue], literals, u16 LE match offset,
 *   [match length extra bytes]; the last sequence ends after its literals.
 *
 * The xxHash32 checksums (header, block, content) are skipped, as Kafka's own reader skips the
 * content checksum: the batch CRC-32C already covers every compressed byte. Output never grows
 * past `maxBytes`; anything malformed throws an Error that the caller wraps as CORRUPT_BATCH.
 */
import { tooLarge } from './limit.ts';

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX = [0, 0, 0, 0, 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024];

class Output {
  buf: Buffer;
  len = 0;
  constructor(capacity: number, readonly maxBytes: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }
  /** Makes room for `n` more bytes, or throws once the total would pass maxBytes. */
  reserve(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    if (need > this.maxBytes) throw tooLarge('lz4', this.maxBytes);
    const grown = Buffer.allocUnsafe(Math.min(this.maxBytes, Math.max(need, this.buf.length * 2)));
    this.buf.copy(grown, 0, 0, this.len);
    this.buf = grown;
  }
}

function fail(message: string): never {
  throw new Error(message);
}

export function decodeLz4Frames(src: Buffer, maxBytes: number): Buffer {
  const out = new Output(Math.min(maxBytes, Math.max(64 * 1024, src.length * 4)), maxBytes);
  let pos = 0;
  let frames = 0;
  while (pos < src.length) {
    if (src.length - pos < 4) fail(`truncated frame magic at byte ${pos}`);
    const magic = src.readUInt32LE(pos);
    if (((magic & SKIPPABLE_MASK) >>> 0) === SKIPPABLE_MAGIC) {
      if (src.length - pos < 8) fail(`truncated skippable frame at byte ${pos}`);
      pos += 8 + src.readUInt32LE(pos + 4);
      if (pos > src.length) fail('truncated skippable frame');
      continue;
    }
    if (magic !== FRAME_MAGIC) fail(`bad frame magic 0x${magic.toString(16)} at byte ${pos}`);
    pos = decodeFrame(src, pos + 4, out);
    frames++;
  }
  if (frames === 0) fail('no LZ4 frame');
  return out.buf.subarray(0, out.len);
}

/** Decodes one frame whose descriptor starts at `pos`; returns the position after the frame. */
function decodeFrame(src: Buffer, pos: number, out: Output): number {
  if (src.length - pos < 3) fail('truncated frame descriptor');
  const flg = src[pos]!;
  const bd = src[pos + 1]!;
  if (flg >> 6 !== 1) fail(`unsupported frame version ${flg >> 6}`);
  if (flg & 0x02 || bd & 0x8f) fail('reserved bits set in the frame descriptor');
  if (flg & 0x01) fail('dictionary frames are not supported');
  const independent = (flg & 0x20) !== 0;
  const blockChecksum = (flg & 0x10) !== 0;
  const hasContentSize = (flg & 0x08) !== 0;
  const contentChecksum = (flg & 0x04) !== 0;
  const blockMax = BLOCK_MAX[(bd >> 4) & 7]!;
  if (blockMax === 0) fail(`unsupported block size id ${(bd >> 4) & 7}`);
  pos += 2;
  if (hasContentSize) {
    if (src.length - pos < 9) fail('truncated content size');
    const size = src.readUInt32LE(pos) + src.readUInt32LE(pos + 4) * 2 ** 32;
    out.reserve(size);
    pos += 8;
  }
  pos += 1; // header checksum
  const frameStart = out.len;
  for (;;) {
    if (src.length - pos < 4) fail('truncated block size');
    const word = src.readUInt32LE(pos);
    pos += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    if (size > blockMax) fail(`block of ${size} bytes exceeds the frame's ${blockMax}-byte maximum`);
    if (size > src.length - pos) fail('truncated block');
    if (word & 0x80000000) {
      out.reserve(size);
      src.copy(out.buf, out.len, pos, pos + size);
      out.len += size;
    } else {
      decodeBlock(src, pos, pos + size, out, independent ? out.len : frameStart, blockMax);
    }
    pos += size + (blockChecksum ? 4 : 0);
  }
  if (contentChecksum) pos += 4;
  if (pos > src.length) fail('truncated frame checksum');
  return pos;
}

/** Decodes one LZ4 block of src[ip, end) onto `out`; matches may reach back to `windowStart`. */
function decodeBlock(src: Buffer, ip: number, end: number, out: Output, windowStart: number, blockMax: number): void {
  // A block decodes to at most blockMax bytes (and we allow no more than maxBytes in all):
  // reserve once, then write with one limit check per sequence.
  const room = Math.min(blockMax, out.maxBytes - out.len);
  out.reserve(room);
  const dst = out.buf;
  let op = out.len;
  const opLimit = op + room;
  const overflow = (): never => {
    if (room < blockMax) throw tooLarge('lz4', out.maxBytes);
    return fail('block decodes past its maximum size');
  };
  for (;;) {
    if (ip >= end) fail('truncated sequence');
    const token = src[ip++]!;
    let litLen = token >>> 4;
    if (litLen === 15) {
      let b: number;
      do {
        if (ip >= end) fail('truncated literal length');
        b = src[ip++]!;
        litLen += b;
      } while (b === 255);
    }
    if (litLen > end - ip) fail('literals run past the block');
    if (litLen > opLimit - op) overflow();
    if (litLen < 16) {
      for (let i = 0; i < litLen; i++) dst[op + i] = src[ip + i]!;
    } else {
      src.copy(dst, op, ip, ip + litLen);
    }
    ip += litLen;
    op += litLen;
    if (ip === end) break; // the last sequence has literals only
    if (end - ip < 2) fail('truncated match offset');
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op - windowStart) fail(`match offset ${offset} reaches before the window`);
    let matchLen = token & 15;
    if (matchLen === 15) {
      let b: number;
      do {
        if (ip >= end) fail('truncated match length');
        b = src[ip++]!;
        matchLen += b;
      } while (b === 255);
    }
    matchLen += 4;
    if (matchLen > opLimit - op) overflow();
    let from = op - offset;
    if (offset >= matchLen && matchLen >= 32) {
      dst.copyWithin(op, from, from + matchLen);
      op += matchLen;
    } else {
      // Overlapping copy (offset < length repeats the last `offset` bytes): byte by byte.
      const stop = op + matchLen;
      while (op < stop) dst[op++] = dst[from++]!;
    }
  }
  out.len = op;
}
