import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Emulator } from './emulator.ts';
import { freePort } from './free-port.ts';
import { CommandNotFoundError, spawnSupervised, type SupervisedProcess } from './supervised.ts';
import { waitUntilAnswers } from './wait.ts';

export interface DynamoDbLocalOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Keep tables in this directory across restarts; without it the data is in memory only. */
  dbPath?: string;
  /** The Java executable. Default: `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java`. */
  java?: string;
  /** JVM options, before `-jar`. Default: DEFAULT_JVM_ARGS. */
  jvmArgs?: readonly string[];
  /** How long to wait for the first answer. Default 60 s (a cold JVM on a busy machine is slow). */
  startTimeoutMs?: number;
}

const HOST = '127.0.0.1';

/**
 * The JVM's defaults suit a long-lived server on a big machine: the C2 compiler and G1's
 * concurrent threads. Beside the service on a laptop or a 2-core CI runner they compete with it
 * for the same cores. C1 only and the serial collector roughly halve DynamoDB Local's CPU per
 * request here, and steady it (docs/local.md, "DynamoDB Local's JVM").
 */
export const DEFAULT_JVM_ARGS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

const BIND_ATTEMPTS = 3;

/** The directory of the DynamoDB Local jar that the npm package `amplify-dynamodb-simulator` ships. */
export function dynamoDbLocalDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

function defaultJava(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/**
 * Starts DynamoDB Local (the official jar, run directly: the package's JS wrapper fails) and
 * resolves once it answers HTTP. Always `-sharedDb`: without it each access key and region pair
 * sees its own tables, and the handlers and tests would not see each other's.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<Emulator> {
  const pickPort = !options.port;
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort(HOST));
    try {
      return await startOnce(port, options);
    } catch (err) {
      // The port we picked may have been taken in between; a fixed port is the user's choice.
      if (err instanceof CommandNotFoundError || !pickPort || attempt >= BIND_ATTEMPTS) throw err;
    }
  }
}

async function startOnce(port: number, options: DynamoDbLocalOptions): Promise<Emulator> {
  const dir = dynamoDbLocalDir();
  const storage = options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory'];
  // The jar writes dynamodb-local-metadata.json into its working directory, whatever the flags.
  const cwd = options.dbPath ? resolve(options.dbPath) : await mkdtemp(join(tmpdir(), 'sluice-dynamodb-'));
  await mkdir(cwd, { recursive: true });
  const cleanup = async (): Promise<void> => {
    if (!options.dbPath) await rm(cwd, { recursive: true, force: true });
  };
  const java = options.java ?? defaultJava();
  const args = [
    ...(options.jvmArgs ?? DEFAULT_JVM_ARGS),
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar', join(dir, 'DynamoDBLocal.jar'),
    '-port', String(port),
    '-disableTelemetry',
    ...storage,
    '-sharedDb',
  ];
  let child: SupervisedProcess;
  try {
    child = await spawnSupervised(java, args, cwd);
  } catch (err) {
    await cleanup();
    if (err instanceof CommandNotFoundError) {
      throw new CommandNotFoundError(
        java,
        err.code,
        `DynamoDB Local needs a Java runtime (17 or later), and '${java}' could not be started (${err.code ?? err.message}). ` +
          'Install one (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless), set JAVA_HOME, ' +
          'or set SLUICE_AWS_ENDPOINT to use LocalStack instead.',
      );
    }
    throw err;
  }
  const endpoint = `http://${HOST}:${port}`;
  try {
    await waitUntilAnswers(endpoint, child, options.startTimeoutMs ?? 60_000, 'DynamoDB Local');
  } catch (err) {
    await child.stop();
    await cleanup();
    throw err;
  }
  return { endpoint, stop: () => child.stop().then(cleanup) };
}
