/**
 * The bytes of a record besides its value, made from the value so that a reader can tell whether
 * what it read is what was sent: the key and one header are derived from the value, and the
 * timestamp is the send's (in the history). A poll records a fingerprint of what it read; the
 * checker computes the one expected from the send (`corrupt-read` when they differ). Pure.
 */
import type { RecordHeader, RecordInput } from '../shared/codec/types.ts';

/** The key a value is sent with. */
export const keyOf = (value: string): string => `k:${value}`;

/** The headers a value is sent with: one derived from the value, one with a null value. */
export function headersOf(value: string): RecordHeader[] {
  return [{ key: 'chaos', value: Buffer.from(`h:${value}`) }, { key: 'empty', value: null }];
}

/** The record a producer sends for a value, at a timestamp. */
export function recordFor(value: string, timestamp: number): RecordInput {
  return { key: Buffer.from(keyOf(value)), value: Buffer.from(value), headers: headersOf(value), timestamp };
}

/** FNV-1a (32 bits), hex: short and stable. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** A record's timestamp, key and headers, as one short string: `{timestamp}/{hash}`. */
export function fingerprint(timestamp: number, key: Buffer | string | null, headers: readonly RecordHeader[]): string {
  const k = key === null ? '\u0000null' : key.toString();
  const h = headers.map((x) => `${x.key}=${x.value === null ? '\u0000null' : x.value.toString('base64')}`).join('&');
  return `${timestamp}/${fnv(`${k}\u0001${h}`)}`;
}

/** The fingerprint a value's record must have when sent at `timestamp`. */
export function expectedFingerprint(value: string, timestamp: number): string {
  return fingerprint(timestamp, keyOf(value), headersOf(value));
}
