import { SluiceError } from './errors.ts';

/**
 * Binary produce body (`application/vnd.sluice.batches`): one frame per partition,
 *
 *   [int32 partition][int32 length][length bytes: one or more Kafka RecordBatch v2]
 *
 * big-endian, repeated to the end of the body.
 */
export const BATCHES_CONTENT_TYPE = 'application/vnd.sluice.batches';

export interface PartitionFrame {
  partition: number;
  batches: Buffer;
}

export function encodeFrames(frames: PartitionFrame[]): Buffer {
  const size = frames.reduce((n, f) => n + 8 + f.batches.length, 0);
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const f of frames) {
    out.writeInt32BE(f.partition, pos);
    out.writeInt32BE(f.batches.length, pos + 4);
    f.batches.copy(out, pos + 8);
    pos += 8 + f.batches.length;
  }
  return out;
}

export function decodeFrames(body: Buffer): PartitionFrame[] {
  const frames: PartitionFrame[] = [];
  let pos = 0;
  if (body.length === 0) throw new SluiceError('CORRUPT_BATCH', 'the body holds no partition frame');
  while (pos < body.length) {
    if (body.length - pos < 8) {
      throw new SluiceError('CORRUPT_BATCH', `frame header at byte ${pos} is truncated (${body.length - pos} bytes left, 8 needed)`);
    }
    const partition = body.readInt32BE(pos);
    const length = body.readInt32BE(pos + 4);
    if (length <= 0 || pos + 8 + length > body.length) {
      throw new SluiceError('CORRUPT_BATCH', `frame at byte ${pos} declares ${length} bytes but ${body.length - pos - 8} remain`);
    }
    frames.push({ partition, batches: body.subarray(pos + 8, pos + 8 + length) });
    pos += 8 + length;
  }
  return frames;
}
