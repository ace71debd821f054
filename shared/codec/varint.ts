/**
 * Zig-zag varints, as Kafka writes them inside records (protobuf's sint32/sint64 encoding):
 *
 *   zigzag(n) = (n << 1) ^ (n >> 63)       0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, ...
 *   then 7 bits per byte, least significant group first, high bit set on every byte but the last.
 *
 * A varint (int32) takes 1-5 bytes, a varlong (int64) 1-10. Values here are JS numbers: a varlong
 * is exact up to 2^53, which covers timestamps and their deltas.
 *
 * Writers take (buf, pos, value) and return the position after the value; the caller has sized
 * `buf` with sizeOfVarint/sizeOfVarlong beforehand, so writers do no bounds checks. Readers live in
 * reader.ts, where every read is bounds-checked because its input is hostile.
 */

/** Bytes taken by `n` (an int32) as a zig-zag varint. */
export function sizeOfVarint(n: number): number {
  const z = ((n << 1) ^ (n >> 31)) >>> 0;
  if (z < 0x80) return 1;
  if (z < 0x4000) return 2;
  if (z < 0x200000) return 3;
  if (z < 0x10000000) return 4;
  return 5;
}

/** Bytes taken by `n` (a safe integer) as a zig-zag varlong. */
export function sizeOfVarlong(n: number): number {
  if (n >= -0x40000000 && n < 0x40000000) return sizeOfVarint(n);
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  let size = 1;
  while (z >= 0x80) {
    z = Math.floor(z / 0x80);
    size++;
  }
  return size;
}

/** Writes `n` (an int32) as a zig-zag varint at `pos`; returns the position after it. */
export function writeVarint(buf: Uint8Array, pos: number, n: number): number {
  let z = ((n << 1) ^ (n >> 31)) >>> 0;
  while (z >= 0x80) {
    buf[pos++] = (z & 0x7f) | 0x80;
    z >>>= 7;
  }
  buf[pos++] = z;
  return pos;
}

/** Writes `n` (a safe integer) as a zig-zag varlong at `pos`; returns the position after it. */
export function writeVarlong(buf: Uint8Array, pos: number, n: number): number {
  if (n >= -0x40000000 && n < 0x40000000) return writeVarint(buf, pos, n);
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  while (z >= 0x80) {
    buf[pos++] = (z % 0x80) | 0x80;
    z = Math.floor(z / 0x80);
  }
  buf[pos++] = z;
  return pos;
}

/** Writes a big-endian int64 from a safe integer (two int32 halves; no BigInt on the hot path). */
export function writeInt64(buf: Buffer, pos: number, n: number): void {
  const hi = Math.floor(n / 2 ** 32);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(n - hi * 2 ** 32, pos + 4);
}

/** Reads a big-endian int64 as a number (exact up to 2^53, like Number(readBigInt64BE)). */
export function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 2 ** 32 + buf.readUInt32BE(pos + 4);
}
