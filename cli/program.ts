/**
 * The `sluice` command line: commander parses, a command function runs against an injected client
 * and streams, and this file turns the outcome into an exit code.
 *
 * Exit codes: 0 ok; 1 the service said no or could not be reached (`error: CODE: message`);
 * 2 the command line is wrong; 130 interrupted (Ctrl-C) outside --follow.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createClient, SluiceApiError, type SluiceClient } from '../sdk/index.ts';
import { consume } from './commands/consume.ts';
import { produce } from './commands/produce.ts';
import { topicsCreate, topicsDelete, topicsDescribe, topicsList } from './commands/topics.ts';
import { EXIT, UsageError, type Io } from './io.ts';

export interface CliDeps {
  env: Record<string, string | undefined>;
  /** Builds the client from the resolved endpoint and region; tests inject one against their server. */
  makeClient?: (options: { endpoint: string; region?: string }) => SluiceClient;
  /** Aborted on Ctrl-C: --follow stops cleanly. */
  signal?: AbortSignal;
}

const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

function nonNegativeInt(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return Number(v);
  };
}

function positiveInt(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) === 0) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return Number(v);
  };
}

function collectConfig(v: string, previous: Record<string, string>): Record<string, string> {
  const at = v.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`config must be key=value, got ${JSON.stringify(v)}`);
  return { ...previous, [v.slice(0, at)]: v.slice(at + 1) };
}

function parseFrom(v: string): 'beginning' | 'end' | number {
  if (v === 'beginning' || v === 'earliest') return 'beginning';
  if (v === 'end' || v === 'latest') return 'end';
  if (/^\d+$/.test(v)) return Number(v);
  throw new InvalidArgumentError('must be beginning, end or an offset');
}

/**
 * Runs one command line (without the `node sluice` prefix) and returns the exit code.
 *
 * @example
 * ```ts
 * const code = await run(['topics', 'list'], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, { env: process.env });
 * ```
 */
export async function run(argv: string[], io: Io, deps: CliDeps): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('sluice')
    .description('Sluice: a serverless log with Kafka semantics')
    .option('--endpoint <url>', 'service URL (default: $SLUICE_ENDPOINT)')
    .addOption(new Option('--region <region>', 'signing region (default AWS_REGION, else us-east-1)'))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  const client = (): SluiceClient => {
    const { endpoint, region } = program.opts<{ endpoint?: string; region?: string }>();
    const resolved = endpoint ?? deps.env.SLUICE_ENDPOINT;
    if (!resolved) throw new UsageError('no endpoint: pass --endpoint URL or set SLUICE_ENDPOINT');
    const make = deps.makeClient ?? ((o) => createClient({ endpoint: o.endpoint, region: o.region ?? deps.env.AWS_REGION }));
    return make({ endpoint: resolved, region });
  };
  const act = (fn: (...a: any[]) => Promise<number>) => async (...a: any[]) => {
    code = await fn(...a);
  };

  const topics = program.command('topics').description('create, list, describe and delete topics');
  topics.command('create <name>').description('create a topic')
    .option('-p, --partitions <n>', 'number of partitions', positiveInt('--partitions'), 1)
    .option('-c, --config <key=value>', 'topic config (repeatable)', collectConfig, {})
    .action(act((name: string, o: { partitions: number; config: Record<string, string> }) =>
      topicsCreate({ name, partitions: o.partitions, configs: o.config }, io, client())));
  topics.command('list').description('list topic names')
    .option('--json', 'print JSON')
    .action(act((o: { json?: boolean }) => topicsList(o, io, client())));
  topics.command('describe <name>').description('partitions with log start and high watermark, and configs')
    .option('--json', 'print JSON')
    .action(act((name: string, o: { json?: boolean }) => topicsDescribe({ name, json: o.json }, io, client())));
  topics.command('delete <name>').description('delete a topic')
    .action(act((name: string) => topicsDelete({ name }, io, client())));

  program.command('produce <topic>').description('send one record per stdin line')
    .option('-K, --key-separator <sep>', 'split each line into key SEP value at the first SEP')
    .option('-p, --partition <p>', 'send every record to this partition', nonNegativeInt('--partition'))
    .addOption(new Option('-z, --compression <codec>', 'batch compression').choices(COMPRESSIONS).default('none'))
    .option('--json', 'use the JSON wire format instead of binary record batches')
    .action(act((topic: string, o: { keySeparator?: string; partition?: number; compression: never; json?: boolean }) =>
      produce({ topic, ...o }, io, client())));

  program.command('consume <topic>').description('print records, one value per line')
    .option('-p, --partition <p>', 'only this partition (default: all)', nonNegativeInt('--partition'))
    .option('-o, --from <where>', 'beginning, end, or an offset', parseFrom, 'beginning' as const)
    .option('-c, --count <n>', 'stop after n records', positiveInt('--count'))
    .option('-f, --follow', 'keep waiting for new records (Ctrl-C to stop)')
    .option('-K, --key-separator <sep>', 'print key SEP value')
    .action(act((topic: string, o: { partition?: number; from: 'beginning' | 'end' | number; count?: number; follow?: boolean; keySeparator?: string }) =>
      consume({ topic, ...o, signal: deps.signal }, io, client())));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (deps.signal?.aborted) return EXIT.interrupted;
    return report(e, io);
  }
}

function report(e: unknown, io: Io): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander printed it
  if (e instanceof UsageError) {
    io.stderr.write(`error: ${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof SluiceApiError) {
    io.stderr.write(`error: ${e.code}: ${e.message}\n`);
    return EXIT.serviceError;
  }
  io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT.serviceError;
}
