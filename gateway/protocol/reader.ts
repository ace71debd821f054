/**
 * Reads Kafka's primitive types from one buffer, big-endian, as the protocol guide defines them.
 * Every read checks the bounds first and throws a ProtocolError, so no input, however short or
 * hostile, can read past the frame or make the reader allocate more than the frame holds.
 *
 * Lengths: classic strings use an int16 length, bytes and arrays an int32 one, -1 meaning null.
 * Compact (flexible-version) forms use an unsigned varint holding length + 1, 0 meaning null.
 */
import { ProtocolError } from './errors.ts';
import { uuidFromBytes } from './uuid.ts';

export class Reader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, what: string): number {
    if (n > this.buf.length - this.pos) throw new ProtocolError(`truncated ${what}: need ${n} bytes, ${this.remaining} left`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1, 'int8'));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buf.readInt16BE(this.need(2, 'int16'));
  }

  uint16(): number {
    return this.buf.readUInt16BE(this.need(2, 'uint16'));
  }

  int32(): number {
    return this.buf.readInt32BE(this.need(4, 'int32'));
  }

  uint32(): number {
    return this.buf.readUInt32BE(this.need(4, 'uint32'));
  }

  int64(): bigint {
    return this.buf.readBigInt64BE(this.need(8, 'int64'));
  }

  float64(): number {
    return this.buf.readDoubleBE(this.need(8, 'float64'));
  }

  /** Unsigned LEB128 of at most 32 bits (5 bytes). */
  unsignedVarint(): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.buf.readUInt8(this.need(1, 'varint'));
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (value > 0xffff_ffff) throw new ProtocolError('varint exceeds 32 bits');
        return value;
      }
    }
    throw new ProtocolError('varint longer than 5 bytes');
  }

  /** Zigzag-encoded signed 32-bit varint (record fields). */
  varint(): number {
    const u = this.unsignedVarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Unsigned LEB128 of at most 64 bits (10 bytes). */
  unsignedVarlong(): bigint {
    let value = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.buf.readUInt8(this.need(1, 'varlong'));
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) {
        if (value > 0xffff_ffff_ffff_ffffn) throw new ProtocolError('varlong exceeds 64 bits');
        return value;
      }
    }
    throw new ProtocolError('varlong longer than 10 bytes');
  }

  /** Zigzag-encoded signed 64-bit varint (record fields). */
  varlong(): bigint {
    const u = this.unsignedVarlong();
    return (u >> 1n) ^ -(u & 1n);
  }

  uuid(): string {
    const at = this.need(16, 'uuid');
    return uuidFromBytes(this.buf.subarray(at, at + 16));
  }

  /** Raw bytes, sharing memory with the frame. */
  raw(n: number): Buffer {
    const at = this.need(n, 'bytes');
    return this.buf.subarray(at, at + n);
  }

  /** The length of a classic or compact string/bytes/array; -1 means null. */
  length(compact: boolean, wide: boolean): number {
    const n = compact ? this.unsignedVarint() - 1 : wide ? this.int32() : this.int16();
    if (n < -1) throw new ProtocolError(`negative length ${n}`);
    return n;
  }

  nullableString(compact: boolean): string | null {
    const n = this.length(compact, false);
    return n < 0 ? null : this.raw(n).toString('utf8');
  }

  string(compact: boolean): string {
    const s = this.nullableString(compact);
    if (s === null) throw new ProtocolError('null in a non-nullable string');
    return s;
  }

  /** Bytes are copied, so a message kept by a handler does not pin the whole frame. */
  nullableBytes(compact: boolean): Buffer | null {
    const n = this.length(compact, true);
    return n < 0 ? null : Buffer.from(this.raw(n));
  }

  bytes(compact: boolean): Buffer {
    const b = this.nullableBytes(compact);
    if (b === null) throw new ProtocolError('null in non-nullable bytes');
    return b;
  }

  /**
   * An array's element count, -1 for null. A count larger than the bytes left cannot be honest
   * (every element takes at least one byte), so it fails before anything is allocated.
   */
  arrayLength(compact: boolean): number {
    const n = this.length(compact, true);
    if (n > this.remaining) throw new ProtocolError(`array of ${n} elements in ${this.remaining} bytes`);
    return n;
  }

  /** A tagged-field section: calls `onField` per (tag, bytes); tags must ascend, as Kafka requires. */
  taggedFields(onField: (tag: number, data: Reader) => void): void {
    const count = this.unsignedVarint();
    let last = -1;
    for (let i = 0; i < count; i++) {
      const tag = this.unsignedVarint();
      if (tag <= last) throw new ProtocolError(`tagged field ${tag} out of order`);
      last = tag;
      const size = this.unsignedVarint();
      onField(tag, new Reader(this.raw(size)));
    }
  }
}
