/**
 * Sluice's topic ids are UUIDs (shared/log/topics.ts makes them with randomUUID), which is what
 * Kafka's topic ids are. An id that is not a canonical UUID (a store written by something else)
 * is answered as Kafka's zero UUID, "no id", rather than failing the whole response.
 */
import { ZERO_UUID } from '../../protocol/uuid.ts';

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function kafkaTopicId(id: string): string {
  const lower = id.toLowerCase();
  return CANONICAL.test(lower) ? lower : ZERO_UUID;
}
