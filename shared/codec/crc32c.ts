/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2. It covers the batch from `attributes` to
 * the end, and not baseOffset, batchLength, partitionLeaderEpoch or magic: so a stored batch can be
 * given its real base offset later without recomputing it.
 *
 * Two native implementations, both checked against the standard vectors:
 * - @node-rs/crc32 (always there): the CPU's CRC32 instruction (SSE4.2 / ARMv8), about 5.5 GB/s
 *   on an x86 server core. It loads in ~8 ms.
 * - aws-crt's checksums (the AWS Common Runtime; an optional dependency): carry-less-multiply
 *   folding (PCLMULQDQ / AVX-512 VPCLMULQDQ / ARM PMULL), about 25 GB/s on the same core, so a
 *   1 MiB batch is checked in ~40 µs instead of ~190 µs. Its binary takes ~45 ms to load, so it is
 *   loaded on the first input of at least {@link WIDE_MIN_BYTES}, and never where it is not
 *   installed: the Lambda bundles leave it out (7 MB, and the CRC is ~6% of the produce handler's
 *   CPU), the SDK, the CLI and the benchmarks use it when npm installed it.
 * See docs/codec.md.
 */
import { createRequire } from 'node:module';
import { crc32c as rsCrc32c } from '@node-rs/crc32';

type Crc32c = (buf: Uint8Array, initial: number) => number;

/** Inputs this large justify loading the folding implementation; smaller ones never load it. */
export const WIDE_MIN_BYTES = 16 * 1024;

/** The standard check: CRC-32C("123456789"). */
const CHECK_INPUT = Buffer.from('123456789');
const CHECK_VALUE = 0xe3069283;

/**
 * Loads aws-crt's CRC-32C through `load` (a CommonJS require), or returns null when it is not
 * installed, fails to load, or gives a wrong check value (a broken binary must not decide whether
 * a batch is corrupt).
 */
export function loadAwsCrtCrc32c(load: (id: string) => unknown = createRequire(import.meta.url)): Crc32c | null {
  try {
    const mod = load('aws-crt/dist/native/checksums.js') as { crc32c?: (data: Uint8Array, previous?: number) => number };
    const fn = mod.crc32c;
    if (typeof fn !== 'function' || fn(CHECK_INPUT, 0) >>> 0 !== CHECK_VALUE) return null;
    return (buf, initial) => fn(buf, initial);
  } catch {
    return null;
  }
}

/** Undefined until the first wide input asks for it; null when it could not be had. */
let wide: Crc32c | null | undefined;

/** CRC-32C of `buf`, continuing from `initial` (default 0). Returns an unsigned 32-bit number. */
export function crc32c(buf: Uint8Array, initial = 0): number {
  if (buf.length >= WIDE_MIN_BYTES) {
    if (wide === undefined) wide = loadAwsCrtCrc32c();
    if (wide !== null) return wide(buf, initial) >>> 0;
  }
  return rsCrc32c(buf, initial) >>> 0;
}

/** CRC-32C by @node-rs/crc32 alone, whatever the size: for tests and the benchmark's comparison. */
export function crc32cInstruction(buf: Uint8Array, initial = 0): number {
  return rsCrc32c(buf, initial) >>> 0;
}

/** Which implementation checks wide inputs in this process: for the benchmark and the docs, not for logic. */
export function crc32cBackend(): 'aws-crt (folding)' | '@node-rs/crc32 (CRC32 instruction)' {
  if (wide === undefined) wide = loadAwsCrtCrc32c();
  return wide ? 'aws-crt (folding)' : '@node-rs/crc32 (CRC32 instruction)';
}

/**
 * Turns the folding implementation off (false) or lets the next wide input load it (true): the
 * handler CPU benchmark measures the CRC the Lambda bundles run, which leave aws-crt out.
 */
export function setWideCrc32c(enabled: boolean): void {
  wide = enabled ? undefined : null;
}
