import { hash } from 'node:crypto';

/** Bytes per slot: a 16-byte MD5 digest of the key and the offset as a float64. */
export const SLOT_BYTES = 24;
/** Slots filled at most, as Kafka's cleaner does with its dedupe buffer. */
const LOAD_FACTOR = 0.9;

/**
 * The log cleaner's key map, as Kafka's SkimpyOffsetMap: per key, only a digest and the latest
 * offset, in one preallocated buffer with open addressing (linear probing). Its memory is fixed
 * up front (`budgetBytes`), whatever the keys' sizes: 24 bytes a slot, at most 90% of slots used,
 * so about 27 bytes per key. Two keys with the same 128-bit digest would be taken for one, which
 * Kafka accepts too.
 */
export class OffsetMap {
  private readonly digests: Buffer;
  private readonly offsets: Float64Array;
  readonly slots: number;
  readonly capacity: number;
  size = 0;

  constructor(budgetBytes: number) {
    this.slots = Math.max(16, Math.floor(budgetBytes / SLOT_BYTES));
    this.capacity = Math.floor(this.slots * LOAD_FACTOR);
    this.digests = Buffer.alloc(this.slots * 16);
    this.offsets = new Float64Array(this.slots).fill(-1);
  }

  /** Keys that can still be added. */
  get free(): number {
    return this.capacity - this.size;
  }

  /** Records `offset` as the latest of `key`; false when the map is full and the key new. */
  put(key: Uint8Array, offset: number): boolean {
    const digest = md5(key);
    const slot = this.find(digest);
    if (this.offsets[slot]! < 0) {
      if (this.size >= this.capacity) return false;
      digest.copy(this.digests, slot * 16);
      this.size++;
    }
    this.offsets[slot] = offset;
    return true;
  }

  /** The latest offset recorded for `key`, or undefined. */
  get(key: Uint8Array): number | undefined {
    const slot = this.find(md5(key));
    const offset = this.offsets[slot]!;
    return offset < 0 ? undefined : offset;
  }

  /** The slot holding `digest`, or the empty slot where it would go. */
  private find(digest: Buffer): number {
    let slot = digest.readUInt32BE(0) % this.slots;
    for (;;) {
      if (this.offsets[slot]! < 0 || this.digests.compare(digest, 0, 16, slot * 16, slot * 16 + 16) === 0) return slot;
      slot = slot + 1 === this.slots ? 0 : slot + 1;
    }
  }
}

/** MD5 of a key in one call (crypto.hash: about three times faster than a Hash object per key). */
function md5(key: Uint8Array): Buffer {
  return hash('md5', key, 'buffer') as unknown as Buffer;
}
