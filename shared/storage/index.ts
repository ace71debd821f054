import type { Storage } from '../log/ports.ts';
import { DynamoBatchIndex } from './batch-index.ts';
import { createClients, type AwsClients } from './clients.ts';
import type { StorageConfig } from './config.ts';
import { DynamoGroupStore } from './group-store.ts';
import { DynamoMaintenanceStore } from './maintenance-store.ts';
import { DynamoPartitionStateStore } from './partition-state-store.ts';
import { DynamoProducerRegistry } from './producer-registry.ts';
import { S3ObjectStore } from './s3-object-store.ts';
import { DynamoTopicStore } from './topic-store.ts';

export { storageConfigFromEnv, type StorageConfig } from './config.ts';
export { createClients, type AwsClients } from './clients.ts';

/** The production storage: S3 for batches, DynamoDB for everything that decides. */
export function createStorage(config: StorageConfig, clients: AwsClients = createClients(config)): Storage {
  return {
    objects: new S3ObjectStore(clients.s3, config.bucket),
    topics: new DynamoTopicStore(clients.ddb, config.metadataTable),
    index: new DynamoBatchIndex(clients.ddb, config.logTable, config.metadataTable),
    producers: new DynamoProducerRegistry(clients.ddb, config.metadataTable),
    partitions: new DynamoPartitionStateStore(clients.ddb, config.metadataTable),
    groups: new DynamoGroupStore(clients.ddb, config.metadataTable),
    maintenance: new DynamoMaintenanceStore(clients.ddb, config.metadataTable, config.logTable),
  };
}
