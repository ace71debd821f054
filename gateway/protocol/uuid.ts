/**
 * Kafka's UUID type: 16 bytes on the wire, the canonical lowercase 8-4-4-4-12 hex string in a
 * decoded message, so handlers compare and log topic ids as plain strings.
 */
import { ProtocolError } from './errors.ts';

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

const CANONICAL = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function uuidFromBytes(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function uuidToBytes(uuid: string): Buffer {
  if (!CANONICAL.test(uuid)) throw new ProtocolError(`not a canonical UUID: ${JSON.stringify(uuid)}`);
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}
