/**
 * Kafka's default partitioner hash: `Utils.murmur2` of the Java client (MurmurHash2, seed
 * 0x9747b28c), and `Utils.toPositive(murmur2(key)) % numPartitions`. A key goes to the same
 * partition here as it would with a Java producer on a topic of the same partition count.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's `Utils.murmur2`: a signed 32-bit result. */
export function murmur2(key: Uint8Array): number {
  const length = key.length;
  let h = SEED ^ length;
  const length4 = length & ~3;
  for (let i = 0; i < length4; i += 4) {
    let k = key[i]! | (key[i + 1]! << 8) | (key[i + 2]! << 16) | (key[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // Java's switch with fall-through over the 1 to 3 trailing bytes.
  const rest = length & 3;
  if (rest === 3) h ^= key[length4 + 2]! << 16;
  if (rest >= 2) h ^= key[length4 + 1]! << 8;
  if (rest >= 1) {
    h ^= key[length4]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Kafka's Java client picks for a non-null key. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  }
  return (murmur2(key) & 0x7fffffff) % numPartitions;
}
