/**
 * The zstd frame layout (RFC 8878 section 3.1), enough to check headers and to write stored frames:
 *
 *   frame    magic 28 B5 2F FD | FHD | [window descriptor] | [dict id 0/1/2/4] | [content size 0/1/2/4/8]
 *            block+ | [checksum u32]
 *   FHD      bits 7-6 content-size flag, 5 single segment, 4 unused, 3 reserved (0), 2 checksum,
 *            1-0 dict id flag
 *   window   exponent (bits 7-3) and mantissa (2-0): base 2^(10+exp), + base/8 * mantissa
 *   block    u24 LE header: bit 0 last, bits 2-1 type (0 raw, 1 RLE, 2 compressed, 3 reserved),
 *            bits 23-3 size (for RLE: the regenerated size; its content is 1 byte)
 *   skippable frame  magic 50-5F 2A 4D 18 | u32 LE size | size bytes
 */
import { tooLarge } from './limit.ts';

const MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
/** libzstd's default ZSTD_d_windowLogMax: larger windows need an explicit opt-in there too. */
const MAX_WINDOW = 2 ** 27;
/** A block holds at most 128 KiB (and no more than the window). */
const MAX_BLOCK = 128 * 1024;

function fail(message: string): never {
  throw new Error(message);
}

/**
 * Walks every frame's header and block headers without decoding. Refuses windows past 2^27 and
 * declared content sizes past maxBytes, so a decoder that allocates the window or the content
 * size up front cannot be made to allocate more than that.
 */
export function checkZstdFrames(src: Uint8Array, maxBytes: number): void {
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  let pos = 0;
  let declared = 0;
  if (src.length === 0) fail('no zstd frame');
  while (pos < src.length) {
    if (src.length - pos < 4) fail(`truncated frame magic at byte ${pos}`);
    const magic = view.getUint32(pos, true);
    if (((magic & SKIPPABLE_MASK) >>> 0) === SKIPPABLE_MAGIC) {
      if (src.length - pos < 8) fail('truncated skippable frame');
      pos += 8 + view.getUint32(pos + 4, true);
      continue;
    }
    if (magic !== MAGIC) fail(`bad frame magic 0x${magic.toString(16)} at byte ${pos}`);
    if (src.length - pos < 6) fail('truncated frame header');
    const fhd = src[pos + 4]!;
    if (fhd & 0x08) fail('reserved bit set in the frame header');
    const fcsFlag = fhd >> 6;
    const single = (fhd & 0x20) !== 0;
    const dictSize = [0, 1, 2, 4][fhd & 3]!;
    const fcsSize = fcsFlag === 0 ? (single ? 1 : 0) : [0, 2, 4, 8][fcsFlag]!;
    let p = pos + 5;
    let window = 0;
    if (!single) {
      const wd = src[p++]!;
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    }
    p += dictSize;
    if (p + fcsSize > src.length) fail('truncated frame header');
    if (fcsSize > 0) {
      let fcs = 0;
      for (let i = fcsSize - 1; i >= 0; i--) fcs = fcs * 256 + src[p + i]!;
      if (fcsSize === 2) fcs += 256;
      declared += fcs;
      if (declared > maxBytes) throw tooLarge('zstd', maxBytes);
      if (single) window = fcs;
    }
    if (window > MAX_WINDOW) fail(`window of ${window} bytes is over the ${MAX_WINDOW}-byte limit`);
    p += fcsSize;
    for (;;) {
      if (src.length - p < 3) fail('truncated block header');
      const header = src[p]! | (src[p + 1]! << 8) | (src[p + 2]! << 16);
      p += 3;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) fail('reserved block type');
      if (size > MAX_BLOCK) fail(`block of ${size} bytes is over 128 KiB`);
      p += type === 1 ? 1 : size;
      if (p > src.length) fail('truncated block');
      if (header & 1) break;
    }
    if (fhd & 0x04) p += 4;
    if (p > src.length) fail('truncated frame checksum');
    pos = p;
  }
}

/**
 * One zstd frame holding `data` in stored (raw) blocks: single segment, with its content size,
 * no checksum. Valid input for every zstd decoder (zstd-jni, librdkafka, libzstd).
 */
export function rawZstdFrame(data: Buffer): Buffer {
  const n = data.length;
  let fcsFlag: number;
  let fcsSize: number;
  if (n < 256) [fcsFlag, fcsSize] = [0, 1];
  else if (n < 65536 + 256) [fcsFlag, fcsSize] = [1, 2];
  else if (n < 2 ** 32) [fcsFlag, fcsSize] = [2, 4];
  else [fcsFlag, fcsSize] = [3, 8];
  const blocks = Math.max(1, Math.ceil(n / MAX_BLOCK));
  const out = Buffer.allocUnsafe(4 + 1 + fcsSize + blocks * 3 + n);
  out.writeUInt32LE(MAGIC, 0);
  out[4] = (fcsFlag << 6) | 0x20;
  let pos = 5;
  const fcs = fcsSize === 2 ? n - 256 : n;
  for (let i = 0, v = fcs; i < fcsSize; i++, v = Math.floor(v / 256)) out[pos++] = v & 0xff;
  for (let b = 0; b < blocks; b++) {
    const start = b * MAX_BLOCK;
    const size = Math.min(MAX_BLOCK, n - start);
    const last = b === blocks - 1 ? 1 : 0;
    out.writeUIntLE((size << 3) | last, pos, 3); // type 0: raw
    data.copy(out, pos + 3, start, start + size);
    pos += 3 + size;
  }
  return out;
}
