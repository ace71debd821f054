/**
 * Writes Kafka's primitive types, big-endian, into a list of chunks: small values go into a
 * scratch buffer, large byte runs (record batches of a Fetch response) are kept by reference, so
 * a response of many megabytes is copied once, when the frame is assembled.
 *
 * Lengths mirror reader.ts: classic int16/int32 with -1 for null; compact unsigned varint of
 * length + 1 with 0 for null.
 */
import { ProtocolError } from './errors.ts';
import { uuidToBytes } from './uuid.ts';

/** Byte runs at least this long are referenced, not copied. */
const REFERENCE_AT = 1024;
const SCRATCH = 8192;

export class Writer {
  private readonly chunks: Buffer[] = [];
  private cur: Buffer = Buffer.allocUnsafe(256);
  private pos = 0;
  private flushed = 0;

  get length(): number {
    return this.flushed + this.pos;
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.chunks.push(this.cur.subarray(0, this.pos));
    this.flushed += this.pos;
    this.cur = this.cur.subarray(this.pos);
    this.pos = 0;
  }

  private room(n: number): number {
    if (this.cur.length - this.pos < n) {
      this.flush();
      this.cur = Buffer.allocUnsafe(Math.max(n, SCRATCH));
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  /** One raw byte. (Every write takes its offset from room() before naming `cur`, which room() may replace.) */
  private byte(v: number): void {
    const at = this.room(1);
    this.cur[at] = v;
  }

  int8(v: number): this {
    const at = this.room(1);
    this.cur.writeInt8(v, at);
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    const at = this.room(2);
    this.cur.writeInt16BE(v, at);
    return this;
  }

  uint16(v: number): this {
    const at = this.room(2);
    this.cur.writeUInt16BE(v, at);
    return this;
  }

  int32(v: number): this {
    const at = this.room(4);
    this.cur.writeInt32BE(v, at);
    return this;
  }

  uint32(v: number): this {
    const at = this.room(4);
    this.cur.writeUInt32BE(v, at);
    return this;
  }

  int64(v: bigint): this {
    const at = this.room(8);
    this.cur.writeBigInt64BE(v, at);
    return this;
  }

  float64(v: number): this {
    const at = this.room(8);
    this.cur.writeDoubleBE(v, at);
    return this;
  }

  unsignedVarint(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new RangeError(`unsigned varint out of range: ${v}`);
    let rest = v;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
    return this;
  }

  /** Zigzag signed 32-bit varint. */
  varint(v: number): this {
    if (!Number.isInteger(v) || v < -0x8000_0000 || v > 0x7fff_ffff) throw new RangeError(`varint out of range: ${v}`);
    return this.unsignedVarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  unsignedVarlong(v: bigint): this {
    if (v < 0n || v > 0xffff_ffff_ffff_ffffn) throw new RangeError(`unsigned varlong out of range: ${v}`);
    let rest = v;
    while (rest >= 0x80n) {
      this.byte(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.byte(Number(rest));
    return this;
  }

  /** Zigzag signed 64-bit varint. */
  varlong(v: bigint): this {
    if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new RangeError(`varlong out of range: ${v}`);
    return this.unsignedVarlong(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }

  uuid(v: string): this {
    return this.raw(uuidToBytes(v));
  }

  /** Appends bytes; a large run is referenced, so the caller must not change it afterwards. */
  raw(b: Buffer): this {
    if (b.length >= REFERENCE_AT) {
      this.flush();
      this.chunks.push(b);
      this.flushed += b.length;
    } else if (b.length > 0) {
      // room() may replace the scratch buffer: take the offset before naming the buffer.
      const at = this.room(b.length);
      b.copy(this.cur, at);
    }
    return this;
  }

  /** A length prefix: compact (varint of n + 1) or classic int16/int32; -1 for null. */
  lengthPrefix(n: number, compact: boolean, wide: boolean): this {
    if (compact) return this.unsignedVarint(n + 1);
    if (wide) return this.int32(n);
    if (n > 0x7fff) throw new ProtocolError(`string of ${n} bytes is too long for an int16 length`);
    return this.int16(n);
  }

  nullableString(v: string | null, compact: boolean): this {
    if (v === null) return this.lengthPrefix(-1, compact, false);
    const b = Buffer.from(v, 'utf8');
    return this.lengthPrefix(b.length, compact, false).raw(b);
  }

  nullableBytes(v: Buffer | null, compact: boolean): this {
    if (v === null) return this.lengthPrefix(-1, compact, true);
    return this.lengthPrefix(v.length, compact, true).raw(v);
  }

  /** Appends everything another writer holds (a tagged field's value, sized first). */
  append(other: Writer): this {
    other.flush();
    this.flush();
    for (const c of other.chunks) this.chunks.push(c);
    this.flushed += other.flushed;
    return this;
  }

  /** The bytes written, as one buffer. */
  finish(): Buffer {
    this.flush();
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.flushed);
  }
}
