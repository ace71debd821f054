/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2. It covers the batch from `attributes` to
 * the end, and not baseOffset, batchLength, partitionLeaderEpoch or magic: so a stored batch can be
 * given its real base offset later without recomputing it.
 *
 * The native @node-rs/crc32 implementation uses the CPU's CRC32 instructions (SSE4.2 / ARMv8).
 */
import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/** CRC-32C of `buf`, continuing from `initial` (default 0). Returns an unsigned 32-bit number. */
export function crc32c(buf: Uint8Array, initial = 0): number {
  return nativeCrc32c(buf, initial) >>> 0;
}
