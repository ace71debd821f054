/**
 * What the clients' own partitioners choose for a key, to check that a keyed record lands on the
 * partition the client picked (and that Sluice's SDK would pick the same for murmur2 clients).
 */
import { crc32 } from 'node:zlib';
import { partitionForKey } from '../../../shared/codec/index.ts';

/** librdkafka's default `consistent_random` (kcat, confluent-kafka): CRC-32 of the key mod N. */
export function librdkafkaConsistent(key: string, partitions: number): number {
  return crc32(Buffer.from(key, 'utf8')) % partitions;
}

/** Kafka's Java client (and kafka-python's default, librdkafka's `murmur2_random`): murmur2 mod N. */
export function javaMurmur2(key: string, partitions: number): number {
  return partitionForKey(Buffer.from(key, 'utf8'), partitions);
}
