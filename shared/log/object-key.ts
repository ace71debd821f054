import { randomUUID } from 'node:crypto';

/**
 * Key of a new produce object: `objects/{yyyy-mm-dd}/{uuid}`. The date lets garbage collection
 * list old objects by prefix; the uuid spreads keys across S3 partitions.
 */
export function newObjectKey(now: number = Date.now(), id: string = randomUUID()): string {
  return `objects/${new Date(now).toISOString().slice(0, 10)}/${id}`;
}
