/**
 * Deterministic benchmark records: log-like JSON values (they compress about as real event
 * payloads do, 3-5x), 16-byte keys, millisecond timestamps one apart.
 */
import type { RecordInput } from '../../shared/codec/index.ts';

/** mulberry32: a small seeded PRNG, so every run encodes the same bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['click', 'view', 'purchase', 'signup', 'login', 'search', 'checkout', 'cart', 'home', 'product'];

export function makeRecords(count: number, valueBytes: number, seed = 1): RecordInput[] {
  const rand = prng(seed);
  const records: RecordInput[] = [];
  for (let i = 0; i < count; i++) {
    let json = '';
    for (let f = 0; json.length < valueBytes; f++) {
      const word = WORDS[Math.floor(rand() * WORDS.length)]!;
      json += `${f === 0 ? '{' : ','}"${word}${f}":"${Math.floor(rand() * 1e9).toString(36)}"`;
    }
    const value = Buffer.from(json.slice(0, valueBytes - 1) + '}');
    const key = Buffer.from(`user-${Math.floor(rand() * 1e10).toString().padStart(11, '0')}`);
    records.push({ key, value, timestamp: 1_700_000_000_000 + i });
  }
  return records;
}
