import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../log/ports.ts';
import { guarded } from './aws-errors.ts';

/** Objects of record batches in one bucket. Bodies are Buffers, never streams (see clients.ts). */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Buffer): Promise<void> {
    await guarded('S3 PutObject', () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: 'application/octet-stream',
        }),
      ),
    );
  }

  async getRange(key: string, start: number, length: number): Promise<Buffer> {
    return guarded('S3 GetObject', async () => {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${start + length - 1}` }),
      );
      const bytes = await out.Body!.transformToByteArray();
      if (bytes.length !== length) {
        throw new Error(`ranged GET of ${key} returned ${bytes.length} bytes, expected ${length}`);
      }
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    });
  }
}
