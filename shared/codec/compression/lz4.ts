/**
 * lz4 (codec 3): the LZ4 *frame* format, as Kafka's KafkaLZ4BlockOutputStream writes it
 * (magic 04 22 4D 18, FLG with version 01 and independent blocks, BD 64 KiB, header checksum,
 * blocks, end mark 0). Encoding uses lz4-napi's compressFrameSync, whose default frame is that
 * shape (FLG 0x60, BD 0x40, no content size, no checksums).
 *
 * Decoding is our own (lz4-frame-decode.ts): lz4-napi cannot be told to stop at a size, and an
 * LZ4 block can expand about 255 times, so a 4 MiB request could allocate a gigabyte.
 */
import { compressFrameSync } from 'lz4-napi';
import { decodeLz4Frames } from './lz4-frame-decode.ts';
import { malformed } from './limit.ts';

export function lz4Compress(data: Buffer): Buffer {
  return compressFrameSync(data);
}

export function lz4Decompress(data: Buffer, maxBytes: number): Buffer {
  try {
    return decodeLz4Frames(data, maxBytes);
  } catch (e) {
    throw malformed('lz4', e);
  }
}
