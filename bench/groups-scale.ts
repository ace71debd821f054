// `npx tsx bench/groups-scale.ts [members] [partitions]`: one consumer group of 100 members
// (default) joining at once on a 1,000-partition topic, driven in-process against the group
// coordinator on a DynamoDB Local of its own (in memory). Prints heartbeats, rounds, DynamoDB
// requests and seconds until the assignment is balanced and every lease is held by its target.
// The suite runs a smaller version (test/integration/groups/scale.test.ts) with the same driver.
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../local/emulators/dynamodb.ts';
import { createGroupCoordinator } from '../shared/groups/coordinator.ts';
import { createEngine } from '../shared/log/engine.ts';
import { createClients, createStorage, type StorageConfig } from '../shared/storage/index.ts';
import { attachMeter } from '../shared/storage/metering.ts';
import { logTableInput, metadataTableInput } from '../shared/storage/tables.ts';
import { runScale } from '../test/integration/groups/scale.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const members = Number(process.argv[2] ?? 100);
const partitions = Number(process.argv[3] ?? 1_000);

const ddb = await startDynamoDbLocal();
try {
  const config: StorageConfig = {
    bucket: 'unused',
    metadataTable: 'scale-metadata',
    logTable: 'scale-log',
    region: 'us-east-1',
    dynamodbEndpoint: ddb.endpoint,
    s3Endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const clients = createClients(config);
  await clients.ddb.send(new CreateTableCommand(metadataTableInput(config.metadataTable)));
  await clients.ddb.send(new CreateTableCommand(logTableInput(config.logTable)));
  const meter = attachMeter(clients);
  const engine = createEngine(createStorage(config, clients));
  await engine.topics.create({ name: 'scale', partitions });
  const verbose = process.argv.includes('--verbose');
  const result = await runScale({
    groups: createGroupCoordinator(engine), meter, groupId: 'scale', topic: 'scale', members, partitions,
    onRound: (round, sims) => {
      if (!verbose) return;
      const epochs = new Set(sims.map((m) => m.epoch));
      const owned = sims.reduce((n, m) => n + m.count(), 0);
      const pending = sims.reduce((n, m) => n + (m.last?.pending.reduce((k, t) => k + t.partitions.length, 0) ?? 0), 0);
      const counts = sims.map((m) => m.count());
      console.log(`round ${round}: epochs ${[...epochs].join(',')} owned ${owned} pending ${pending} loads ${Math.min(...counts)}..${Math.max(...counts)} requests ${meter.snapshot().dynamodb.calls}`);
    },
  });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await ddb.stop();
}
