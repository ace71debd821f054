/**
 * Binary produce bodies (`[int32 partition][int32 length][RecordBatch v2...]`) broken in every
 * way a client or an attacker could: flipped bytes under the CRC, a wrong CRC, truncations,
 * trailing garbage, lying frame headers, and hostile headers or records under a recomputed,
 * valid CRC (so that only the semantic checks can refuse them). Offsets of the batch header are
 * in shared/codec/header.ts. Bytes the CRC does not cover and the service ignores (baseOffset,
 * partitionLeaderEpoch) are never touched: changing them leaves a valid request.
 */
import fc from 'fast-check';
import { encodeFrames } from '../../../shared/api/frames.ts';
import { crc32c, decodeBatches, encodeBatch } from '../../../shared/codec/index.ts';

const record = (i: number) => ({ key: null, value: Buffer.from(`hostile-${i}`), timestamp: Date.now() });

function batch(count: number, opts: Parameters<typeof encodeBatch>[1] = {}): Buffer {
  return encodeBatch(Array.from({ length: count }, (_, i) => record(i)), opts);
}

/** Rewrites the CRC so that it matches whatever the bytes now are. */
function recrc(b: Buffer): Buffer {
  b.writeUInt32BE(crc32c(b.subarray(21)), 17);
  return b;
}

const frame = (b: Buffer, partition = 0) => encodeFrames([{ partition, batches: b }]);

let bomb: Buffer | undefined;
/** A gzip batch of 70 MiB of zeros: about 70 KiB on the wire, past the 64 MiB decompression limit. */
function gzipBomb(): Buffer {
  bomb ??= encodeBatch([{ key: null, value: Buffer.alloc(70 * 1024 * 1024), timestamp: Date.now() }], { compression: 'gzip' });
  return Buffer.from(bomb);
}

type Corruption = { body: Buffer; how: string };

export function binaryCorruptions(): fc.Arbitrary<Corruption> {
  const count = fc.integer({ min: 1, max: 3 });
  const covered = (b: Buffer) => fc.oneof(fc.integer({ min: 8, max: 11 }), fc.integer({ min: 16, max: b.length - 1 }));
  return fc.oneof(
    count.chain((n) => {
      const b = batch(n);
      return fc.tuple(covered(b), fc.integer({ min: 1, max: 255 })).map(([i, x]): Corruption => {
        b[i]! ^= x;
        return { body: frame(b), how: `byte ${i} of a ${n}-record batch xor ${x}` };
      });
    }),
    count.chain((n) => {
      const body = frame(batch(n));
      return fc.integer({ min: 0, max: body.length - 1 }).map((len): Corruption => ({ body: body.subarray(0, len), how: `truncated to ${len} of ${body.length} bytes` }));
    }),
    fc.uint8Array({ minLength: 1, maxLength: 24 }).map((g): Corruption => ({ body: Buffer.concat([frame(batch(1)), Buffer.from(g)]), how: `${g.length} bytes of garbage after a good frame` })),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((g): Corruption => ({ body: Buffer.from(g), how: `${g.length} random bytes` })),
    fc.constantFrom(-1, 2, 7, 4096, 2 ** 31 - 1, -(2 ** 31)).map((p): Corruption => ({ body: frame(batch(1), p), how: `frame for partition ${p}` })),
    fc.constantFrom(0, -1, 1, 11, 60, 2 ** 31 - 1, -(2 ** 31)).map((len): Corruption => {
      const body = frame(batch(2));
      body.writeInt32BE(len, 4);
      return { body, how: `frame length ${len}` };
    }),
    fc.constantFrom(0, 1, 3, 127, -1).map((m): Corruption => {
      const b = batch(1);
      b.writeInt8(m, 16);
      return { body: frame(b), how: `magic ${m}` };
    }),
    fc
      .oneof(
        fc.constantFrom(5, 6, 7).map((codec) => ({ at: 21, write: (b: Buffer) => b.writeInt16BE(codec, 21), how: `compression codec ${codec}` })),
        fc.constantFrom(0x10, 0x20, 0x30).map((bits) => ({ at: 21, write: (b: Buffer) => b.writeInt16BE(bits, 21), how: `attributes 0x${bits.toString(16)} (transactional/control)` })),
        fc.constantFrom(-1, 1, 2, 5, 2 ** 31 - 1, -(2 ** 31)).map((d) => ({ at: 23, write: (b: Buffer) => b.writeInt32BE(d, 23), how: `lastOffsetDelta ${d} for 1 record` })),
        fc.constantFrom(-1, 0, 2, 1000, 2 ** 31 - 1).map((c) => ({ at: 57, write: (b: Buffer) => b.writeInt32BE(c, 57), how: `recordCount ${c} for 1 record` })),
        fc.tuple(fc.integer({ min: 2 ** 40, max: 2 ** 50 }), fc.integer({ min: 1, max: 2 ** 31 - 1 })).map(([id, seq]) => ({
          at: 43,
          write: (b: Buffer) => {
            b.writeBigInt64BE(BigInt(id), 43);
            b.writeInt16BE(0, 51);
            b.writeInt32BE(seq, 53);
          },
          how: `idempotent batch of an unknown producer ${id} starting at sequence ${seq}`,
        })),
        fc.constantFrom([5, -1, 0], [5, 0, -1], [5, -1, -1], [-7, 0, 0]).map(([id, epoch, seq]) => ({
          at: 43,
          write: (b: Buffer) => {
            b.writeBigInt64BE(BigInt(id!), 43);
            b.writeInt16BE(epoch!, 51);
            b.writeInt32BE(seq!, 53);
          },
          how: `producer id ${id}, epoch ${epoch}, sequence ${seq}`,
        })),
      )
      .map(({ write, how }): Corruption => {
        const b = batch(1);
        write(b);
        return { body: frame(recrc(b)), how: `${how}, CRC recomputed` };
      }),
    fc
      .uint8Array({ minLength: 1, maxLength: 40 })
      .map((g): Corruption => {
        // The records replaced by garbage, the batch length and CRC made to match.
        const b = Buffer.concat([batch(1).subarray(0, 61), Buffer.from(g)]);
        b.writeInt32BE(b.length - 12, 8);
        return { body: frame(recrc(b)), how: `records replaced by ${g.length} garbage bytes, CRC recomputed` };
      })
      // Garbage can spell a valid record by chance; keep only what the codec itself refuses.
      .filter(({ body }) => {
        try {
          decodeBatches(body.subarray(8));
          return false;
        } catch {
          return true;
        }
      }),
    fc.constant(0).map((): Corruption => {
      const b = batch(3, { compression: 'gzip' });
      b[b.length - 3]! ^= 0x5a;
      return { body: frame(recrc(b)), how: 'a gzip batch with a corrupted stream, CRC recomputed' };
    }),
    fc.constant(0).map((): Corruption => ({ body: frame(Buffer.concat([batch(1), batch(1).subarray(0, 30)])), how: 'a good batch followed by half of one' })),
    fc.constant(0).map((): Corruption => ({ body: frame(encodeBatch([{ key: null, value: Buffer.alloc(2000, 1), timestamp: Date.now() }])), how: 'a batch above max.message.bytes' })),
    fc.constant(0).map((): Corruption => ({ body: frame(gzipBomb()), how: 'a gzip bomb (70 MiB of zeros)' })),
    fc.constant(0).map((): Corruption => ({ body: Buffer.alloc(0), how: 'an empty body' })),
  );
}
