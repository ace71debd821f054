/**
 * Splits a connection's byte stream into request frames: a 4-byte big-endian size, then that many
 * bytes. A size that is negative, zero, or above the maximum ends the connection (Kafka's
 * socket.request.max.bytes): the stream cannot be trusted past it.
 */
import { ProtocolError } from '../protocol/errors.ts';

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Changeable: a connection that has not authenticated yet gets a smaller one. */
  constructor(public maxFrameBytes: number) {}

  get bufferedBytes(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The size of the next frame once its prefix has arrived; undefined before. */
  nextSize(): number | undefined {
    if (this.buffered < 4) return undefined;
    const size = this.head(4).readInt32BE(0);
    if (size <= 0 || size > this.maxFrameBytes) throw new ProtocolError(`frame size ${size} outside 1..${this.maxFrameBytes}`);
    return size;
  }

  /** The next frame's payload (without its size), or undefined until all of it has arrived. */
  take(): Buffer | undefined {
    const size = this.nextSize();
    if (size === undefined || this.buffered < 4 + size) return undefined;
    const all = this.head(4 + size);
    this.drop(4 + size);
    return all.subarray(4);
  }

  /** The first `n` bytes as one buffer, joining chunks only when a frame spans them. */
  private head(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.subarray(0, n);
  }

  private drop(n: number): void {
    let rest = n;
    while (rest > 0) {
      const first = this.chunks[0]!;
      if (first.length <= rest) {
        this.chunks.shift();
        rest -= first.length;
      } else {
        this.chunks[0] = first.subarray(rest);
        rest = 0;
      }
    }
    this.buffered -= n;
  }
}
