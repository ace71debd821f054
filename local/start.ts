// `npm start`: the local stack on fixed ports, with data kept under .sluice/ across restarts.
//
//   SLUICE_PORT (4510)           HTTP server: every function on one URL, SigV4 verified
//   SLUICE_DYNAMODB_PORT (4511)  DynamoDB Local, data in $SLUICE_DATA_DIR/dynamodb
//   SLUICE_S3_PORT (4512)        s3rver, data in $SLUICE_DATA_DIR/s3
//   SLUICE_KAFKA_PORT (9092)     the Kafka gateway (0 picks a free port), on SLUICE_KAFKA_HOST
//                                (127.0.0.1); SLUICE_KAFKA_AUTO_CREATE_TOPICS=1 as Kafka's setting
//   SLUICE_DATA_DIR (.sluice)    SLUICE_HOST (127.0.0.1)
//   SLUICE_MAINTENANCE_INTERVAL_MS (60000)  a maintenance pass this long after the previous one
//                                ended, with GC every 10th pass; 0 turns the timer off
//   SLUICE_FETCH_INVOKE_MODE (RESPONSE_STREAM)  BUFFERED serves fetch as a buffered Function URL
//   SLUICE_AWS_ENDPOINT          use LocalStack (or any endpoint serving both S3 and DynamoDB)
//                                instead of starting emulators; credentials test/test unless
//                                SLUICE_STORAGE_ACCESS_KEY_ID / SLUICE_STORAGE_SECRET_ACCESS_KEY
// docs/local.md has the details.
import { resolve } from 'node:path';
import { localCredentialsFromEnv } from './credentials.ts';
import { startMaintenanceTimer, type MaintenanceTimer } from './maintenance-timer.ts';
import { DEFAULT_FETCH_INVOKE_MODE, type InvokeMode } from './server.ts';
import { startLocalStackServices, type LocalStackOptions, type RunningStack } from './stack.ts';
import type { RunningGateway } from '../gateway/start.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name} must be a port number, got '${raw}'`);
  return value;
}

function milliseconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new Error(`${name} must be a number of milliseconds, got '${raw}'`);
  return Number(raw);
}

/** The fetch Function URL's invoke mode, as the construct's `fetchInvokeMode`. */
function invokeMode(name: string): InvokeMode {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return DEFAULT_FETCH_INVOKE_MODE;
  if (raw !== 'BUFFERED' && raw !== 'RESPONSE_STREAM') throw new Error(`${name} must be BUFFERED or RESPONSE_STREAM, got '${raw}'`);
  return raw;
}

/** The deployment's schedules, locally: the maintenance function's own service, on a timer. */
async function maintenanceTimer(intervalMs: number): Promise<MaintenanceTimer | undefined> {
  if (intervalMs === 0) return undefined;
  // Imported after the stack set process.env, as the server imports the handlers.
  const { currentMaintenance } = await import('../functions/maintenance/index.ts');
  return startMaintenanceTimer({ intervalMs, runPass: (o) => currentMaintenance().runAll(o), log: (line) => console.log(line) });
}

/**
 * The Kafka gateway beside the HTTP server, over the same engine as the functions of this process.
 * A port already taken fails the start, loudly: a client would otherwise reach whatever holds it.
 */
async function kafkaGateway(stack: RunningStack): Promise<RunningGateway> {
  // Imported after the stack set process.env, as the server imports the handlers.
  const [{ startGateway }, { currentEngine }] = await Promise.all([import('../gateway/start.ts'), import('../functions/engine.ts')]);
  const host = process.env.SLUICE_KAFKA_HOST ?? '127.0.0.1';
  const kafkaPort = port('SLUICE_KAFKA_PORT', 9092);
  try {
    return await startGateway({
      host,
      port: kafkaPort,
      storage: stack.storage,
      engine: currentEngine(),
      autoCreateTopics: process.env.SLUICE_KAFKA_AUTO_CREATE_TOPICS === '1',
      log: (line) => console.error(`kafka gateway: ${line}`),
    });
  } catch (err) {
    const busy = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new Error(busy ? `the Kafka port ${host}:${kafkaPort} is taken; set SLUICE_KAFKA_PORT to another port (0 picks a free one)` : `Kafka gateway: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function externalStorage(): LocalStackOptions['external'] {
  const shared = process.env.SLUICE_AWS_ENDPOINT;
  const s3Endpoint = process.env.SLUICE_S3_ENDPOINT ?? shared;
  const dynamodbEndpoint = process.env.SLUICE_DYNAMODB_ENDPOINT ?? shared;
  if (!s3Endpoint || !dynamodbEndpoint) return undefined;
  const accessKeyId = process.env.SLUICE_STORAGE_ACCESS_KEY_ID;
  const secretAccessKey = process.env.SLUICE_STORAGE_SECRET_ACCESS_KEY;
  return { s3Endpoint, dynamodbEndpoint, ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}) };
}

function banner(stack: RunningStack, kafka: RunningGateway, dataDir: string | undefined): string {
  const { storage, credentials, url } = stack;
  const where = dataDir
    ? `DynamoDB Local ${storage.dynamodbEndpoint}, s3rver ${storage.s3Endpoint}; data in ${dataDir}`
    : `external: S3 ${storage.s3Endpoint}, DynamoDB ${storage.dynamodbEndpoint}`;
  return [
    '',
    'Sluice local stack is up.',
    '',
    `  URL         ${url}`,
    `  Kafka       ${kafka.host}:${kafka.port} (plaintext, no authentication; topics ${process.env.SLUICE_KAFKA_AUTO_CREATE_TOPICS === '1' ? 'auto-created' : 'not auto-created'})`,
    `  Access key  ${credentials.accessKeyId}`,
    `  Secret key  ${credentials.secretAccessKey}`,
    `  Region      ${storage.region} (requests signed for any region verify; service 'lambda')`,
    `  Storage     ${where}`,
    `  Resources   tables ${storage.metadataTable}, ${storage.logTable}; bucket ${storage.bucket}`,
    '',
    'For the SDK and the CLI, in another shell:',
    '',
    `  export SLUICE_ENDPOINT=${url} AWS_ACCESS_KEY_ID=${credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey} AWS_REGION=${storage.region}`,
    '',
    `Kafka clients: bootstrap servers ${kafka.host}:${kafka.port} (e.g. kcat -b ${kafka.host}:${kafka.port} -L).`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const maintenanceIntervalMs = milliseconds('SLUICE_MAINTENANCE_INTERVAL_MS', 60_000);
  const external = externalStorage();
  const dataDir = external ? undefined : resolve(process.env.SLUICE_DATA_DIR ?? '.sluice');
  const started = Date.now();
  console.log(external ? 'Starting the local server on external storage...' : `Starting DynamoDB Local and s3rver (data in ${dataDir})...`);
  const stack = await startLocalStackServices({
    names: {
      bucket: process.env.SLUICE_BUCKET ?? 'sluice-local',
      metadataTable: process.env.SLUICE_METADATA_TABLE ?? 'sluice-local-metadata',
      logTable: process.env.SLUICE_LOG_TABLE ?? 'sluice-local-log',
    },
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: localCredentialsFromEnv(),
    host: process.env.SLUICE_HOST ?? '127.0.0.1',
    port: port('SLUICE_PORT', 4510),
    dynamodbPort: port('SLUICE_DYNAMODB_PORT', 4511),
    s3Port: port('SLUICE_S3_PORT', 4512),
    ...(dataDir ? { dataDir } : {}),
    ...(external ? { external } : {}),
    fetchInvokeMode: invokeMode('SLUICE_FETCH_INVOKE_MODE'),
    ...(process.env.SLUICE_QUIET ? {} : { accessLog: (line: string) => console.log(line) }),
  });
  const kafka = await kafkaGateway(stack).catch(async (err: unknown) => {
    await stack.stop();
    throw err;
  });
  const timer = await maintenanceTimer(maintenanceIntervalMs);
  console.log(banner(stack, kafka, dataDir));
  console.log(`Ready in ${Date.now() - started} ms.`);

  let stoppingSince = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stoppingSince) {
      // Under `npm start` one Ctrl-C arrives several times (the terminal, npm and tsx each send
      // it); a later one means "now": leave, and the emulators' watchdogs stop them.
      if (Date.now() - stoppingSince > 1_500) process.exit(130);
      return;
    }
    stoppingSince = Date.now();
    console.log(`\n${signal}: stopping...`);
    Promise.resolve(timer?.stop())
      .then(() => kafka.close())
      .then(() => stack.stop())
      .then(
        () => {
          console.log('Stopped.');
          process.exit(0);
        },
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);
}

main().catch((err: unknown) => {
  console.error(`sluice: the local stack did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
