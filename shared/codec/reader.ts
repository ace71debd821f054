/**
 * A bounds-checked cursor over hostile bytes. Every read either returns a value inside
 * [pos, end) or throws SluiceError('CORRUPT_BATCH') naming the byte, never a RangeError.
 *
 * `origin` is added to positions in messages so they point into the caller's buffer (or say
 * "decompressed byte" for records that came out of a codec).
 */
import { SluiceError } from '../api/errors.ts';

export class Reader {
  buf: Buffer;
  pos: number;
  end: number;
  /** How positions read in messages: `byte N` of the input, or `decompressed byte N of ...`. */
  private readonly where: (pos: number) => string;

  constructor(buf: Buffer, pos: number, end: number, where: (pos: number) => string) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.where = where;
  }

  fail(what: string, at = this.pos): never {
    throw new SluiceError('CORRUPT_BATCH', `${what} at ${this.where(at)}`);
  }

  remaining(): number {
    return this.end - this.pos;
  }

  int8(): number {
    if (this.pos >= this.end) this.fail('truncated record');
    return (this.buf[this.pos++]! << 24) >> 24;
  }

  /** A zig-zag varint of at most 5 bytes (Kafka's ByteUtils.readVarint). */
  varint(): number {
    const buf = this.buf;
    const start = this.pos;
    const end = this.end;
    let pos = start;
    let raw = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) this.fail('truncated varint', start);
      const b = buf[pos++]!;
      raw |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
      if (shift > 28) this.fail('malformed varint (more than 5 bytes)', start);
    }
    this.pos = pos;
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** A zig-zag varlong of at most 10 bytes, as a safe integer. */
  varlong(): number {
    const buf = this.buf;
    const start = this.pos;
    const end = this.end;
    let pos = start;
    // Most varlongs (timestamp deltas) fit in 4 bytes: take them with 32-bit ops.
    let raw = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) this.fail('truncated varlong', start);
      const b = buf[pos++]!;
      if (shift === 28) {
        // 5th byte onward: continue in floating point.
        return this.varlongSlow(start, pos - 1, raw >>> 0);
      }
      raw |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    this.pos = pos;
    return (raw >>> 1) ^ -(raw & 1);
  }

  private varlongSlow(start: number, pos: number, low28: number): number {
    // raw = hi * 2^28 + low28; value = zigzag(raw), computed as raw / 2 to stay exact to 2^53.
    const buf = this.buf;
    let hi = 0;
    let mul = 1;
    for (let i = 4; ; i++) {
      if (pos >= this.end) this.fail('truncated varlong', start);
      if (i >= 10) this.fail('malformed varlong (more than 10 bytes)', start);
      const b = buf[pos++]!;
      hi += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 0x80;
    }
    const half = hi * 2 ** 27 + (low28 >>> 1);
    const value = low28 & 1 ? -half - 1 : half;
    if (!Number.isSafeInteger(value)) this.fail('varlong out of the safe integer range', start);
    this.pos = pos;
    return value;
  }

  /** Varint-length-prefixed bytes; length -1 is null. A view into `buf`, not a copy. */
  bytes(): Buffer | null {
    const at = this.pos;
    const len = this.varint();
    if (len < 0) {
      if (len === -1) return null;
      this.fail(`negative length ${len}`, at);
    }
    const start = this.pos;
    const stop = start + len;
    if (stop > this.end) this.fail(`length ${len} runs past the end of the record`, at);
    this.pos = stop;
    return this.buf.subarray(start, stop);
  }

  /** Varint-length-prefixed UTF-8 string that may not be null (a header key). */
  string(): string {
    const at = this.pos;
    const len = this.varint();
    if (len < 0) this.fail(`header key length ${len} (header keys may not be null)`, at);
    const start = this.pos;
    const stop = start + len;
    if (stop > this.end) this.fail(`length ${len} runs past the end of the record`, at);
    this.pos = stop;
    return this.buf.toString('utf8', start, stop);
  }
}
