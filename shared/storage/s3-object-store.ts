import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore, StoredObject } from '../log/ports.ts';
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

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string })?.name === 'NoSuchKey') return undefined;
      return guarded('S3 GetObject', () => Promise.reject(e));
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject[]> {
    let token: string | undefined;
    do {
      const out = await guarded('S3 ListObjectsV2', () =>
        this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      yield (out.Contents ?? []).map((o) => ({ key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified?.getTime() ?? 0 }));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }

  async deleteMany(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const slice = keys.slice(i, i + 1000);
      const out = await guarded('S3 DeleteObjects', () =>
        this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: slice.map((Key) => ({ Key })), Quiet: true } })),
      );
      const failed = (out.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (failed.length > 0) {
        await guarded('S3 DeleteObjects', () =>
          Promise.reject(new Error(`${failed.length} objects not deleted, first ${failed[0]!.Key}: ${failed[0]!.Code}`)),
        );
      }
    }
  }
}
