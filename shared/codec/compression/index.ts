/**
 * compress/decompress by codec name: the one place that maps a Compression to its module.
 * Every decompressor stops past `maxBytes` and reports any failure as CORRUPT_BATCH.
 */
import { SluiceError } from '../../api/errors.ts';
import type { Compression } from '../types.ts';
import { gzipCompress, gzipDecompress } from './gzip.ts';
import { tooLarge } from './limit.ts';
import { lz4Compress, lz4Decompress } from './lz4.ts';
import { snappyCompress, snappyDecompress } from './snappy.ts';
import { zstdCompress, zstdDecompress } from './zstd.ts';

function unsupported(codec: unknown): never {
  throw new SluiceError('UNSUPPORTED_COMPRESSION', `unknown compression ${JSON.stringify(codec)}; use none, gzip, snappy, lz4 or zstd`);
}

export function compress(codec: Compression, data: Buffer): Buffer {
  switch (codec) {
    case 'none':
      return data;
    case 'gzip':
      return gzipCompress(data);
    case 'snappy':
      return snappyCompress(data);
    case 'lz4':
      return lz4Compress(data);
    case 'zstd':
      return zstdCompress(data);
    default:
      return unsupported(codec);
  }
}

export function decompress(codec: Compression, data: Buffer, maxBytes: number): Buffer {
  switch (codec) {
    case 'none':
      if (data.length > maxBytes) throw tooLarge('uncompressed', maxBytes);
      return data;
    case 'gzip':
      return gzipDecompress(data, maxBytes);
    case 'snappy':
      return snappyDecompress(data, maxBytes);
    case 'lz4':
      return lz4Decompress(data, maxBytes);
    case 'zstd':
      return zstdDecompress(data, maxBytes);
    default:
      return unsupported(codec);
  }
}
