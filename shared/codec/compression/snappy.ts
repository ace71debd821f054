/**
 * snappy (codec 2). Kafka's Java client writes it through snappy-java's SnappyOutputStream, the
 * "xerial" framing:
 *
 *   header  8 bytes magic 82 'S' 'N' 'A' 'P' 'P' 'Y' 00, int32 version (1), int32 compatible version (1)
 *   blocks  [int32 BE compressed length][raw snappy block]*, each block holding <= 32 KiB of input
 *
 * We write that framing; we read it (also concatenated streams, where the header repeats) and
 * plain raw snappy, which librdkafka and older clients send. A raw snappy block starts with its
 * uncompressed length as a varint: it is checked against maxBytes before anything is allocated.
 */
import { compressSync, uncompressSync } from 'snappy';
import { malformed, tooLarge } from './limit.ts';

const MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const HEADER_SIZE = 16;
const VERSION = 1;
const BLOCK_SIZE = 32 * 1024;

function corrupt(message: string): never {
  throw malformed('snappy', new Error(message));
}

function isXerial(data: Buffer, pos: number): boolean {
  return data.length - pos >= MAGIC.length && data.compare(MAGIC, 0, MAGIC.length, pos, pos + MAGIC.length) === 0;
}

export function snappyCompress(data: Buffer): Buffer {
  const blocks: Buffer[] = [];
  let total = HEADER_SIZE;
  for (let pos = 0; pos < data.length; pos += BLOCK_SIZE) {
    const block = compressSync(data.subarray(pos, Math.min(pos + BLOCK_SIZE, data.length)));
    blocks.push(block);
    total += 4 + block.length;
  }
  const out = Buffer.allocUnsafe(total);
  MAGIC.copy(out, 0);
  out.writeInt32BE(VERSION, 8);
  out.writeInt32BE(VERSION, 12);
  let pos = HEADER_SIZE;
  for (const block of blocks) {
    out.writeInt32BE(block.length, pos);
    block.copy(out, pos + 4);
    pos += 4 + block.length;
  }
  return out;
}

/** The uncompressed length a raw snappy block declares (its leading varint, up to 32 bits). */
function rawLength(block: Buffer): number {
  let n = 0;
  for (let i = 0; i < 5; i++) {
    if (i >= block.length) corrupt('truncated block length');
    const b = block[i]!;
    n += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) return n;
  }
  return corrupt('malformed block length');
}

function uncompressBlock(block: Buffer): Buffer {
  try {
    return uncompressSync(block, { asBuffer: true }) as Buffer;
  } catch (e) {
    throw malformed('snappy', e);
  }
}

export function snappyDecompress(data: Buffer, maxBytes: number): Buffer {
  if (!isXerial(data, 0)) {
    if (rawLength(data) > maxBytes) throw tooLarge('snappy', maxBytes);
    return uncompressBlock(data);
  }
  const blocks: Buffer[] = [];
  let total = 0;
  let pos = 0;
  while (pos < data.length) {
    if (isXerial(data, pos)) {
      if (data.length - pos < HEADER_SIZE) corrupt(`truncated xerial header at byte ${pos}`);
      pos += HEADER_SIZE;
      continue;
    }
    if (data.length - pos < 4) corrupt(`truncated xerial block length at byte ${pos}`);
    const len = data.readInt32BE(pos);
    if (len < 0 || len > data.length - pos - 4) corrupt(`xerial block at byte ${pos} declares ${len} bytes, ${data.length - pos - 4} are left`);
    const block = data.subarray(pos + 4, pos + 4 + len);
    total += rawLength(block);
    if (total > maxBytes) throw tooLarge('snappy', maxBytes);
    blocks.push(uncompressBlock(block));
    pos += 4 + len;
  }
  return blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks, total);
}
