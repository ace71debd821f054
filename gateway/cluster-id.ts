/**
 * The cluster id clients see. Every gateway of one deployment must report the same one (clients
 * treat a changed id as a different cluster), and gateways share no state but the storage, so the
 * id is derived from the bucket name: Kafka's form, 16 bytes in unpadded base64url (22 chars).
 */
import { createHash } from 'node:crypto';

export function clusterIdFor(bucket: string): string {
  return createHash('sha256').update(`sluice-cluster:${bucket}`).digest().subarray(0, 16).toString('base64url');
}
