/**
 * The `sluice` command line: commander parses, a command function runs against an injected client
 * and streams, and this file turns the outcome into an exit code.
 *
 * Exit codes: 0 ok; 1 the service said no or could not be reached (`error: CODE: message`);
 * 2 the command line is wrong; 130 interrupted (Ctrl-C) outside --follow.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ResetTo, SluiceClient } from '../sdk/index.ts';
import { EXIT, UsageError, type Io } from './io.ts';
import { cliVersion } from './version.ts';

// The SDK and the commands load when a command runs, not for `--help` or a usage error: the
// packaged command starts in the time Node itself takes (docs/packages.md).
const commands = {
  topics: () => import('./commands/topics.ts'),
  produce: () => import('./commands/produce.ts'),
  consume: () => import('./commands/consume.ts'),
  groupConsume: () => import('./commands/group-consume.ts'),
  groups: () => import('./commands/groups.ts'),
};

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

interface ResetFlags {
  topic: string;
  toEarliest?: boolean;
  toLatest?: boolean;
  toDatetime?: number;
  shiftBy?: number;
  toOffset?: number;
  partitions?: number[];
  dryRun?: boolean;
  json?: boolean;
}

function parseDatetime(v: string): number {
  const t = Date.parse(v);
  if (Number.isNaN(t) || t < 0) throw new InvalidArgumentError('must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z');
  return t;
}

function parseInteger(v: string): number {
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError('must be an integer');
  return Number(v);
}

function parsePartitions(v: string): number[] {
  if (!/^\d+(,\d+)*$/.test(v)) throw new InvalidArgumentError('must be partition numbers separated by commas');
  return v.split(',').map(Number);
}

/** Exactly one of the --to-* / --shift-by flags, as the reset target. */
function resetTarget(o: ResetFlags): ResetTo {
  const given: ResetTo[] = [];
  if (o.toEarliest) given.push({ to: 'earliest' });
  if (o.toLatest) given.push({ to: 'latest' });
  if (o.toDatetime !== undefined) given.push({ to: 'timestamp', timestamp: o.toDatetime });
  if (o.shiftBy !== undefined) given.push({ to: 'shift', by: o.shiftBy });
  if (o.toOffset !== undefined) {
    const offset = o.toOffset;
    if (!o.partitions) throw new UsageError('--to-offset needs --partitions');
    given.push({ to: 'offsets', offsets: o.partitions.map((partition) => ({ partition, offset })) });
  }
  if (given.length !== 1) throw new UsageError('give exactly one of --to-earliest, --to-latest, --to-datetime, --shift-by, --to-offset');
  return given[0]!;
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
    .version(cliVersion(), '-V, --version', 'print the version')
    .option('--endpoint <url>', 'service URL (default: $SLUICE_ENDPOINT)')
    .addOption(new Option('--region <region>', 'signing region (default AWS_REGION, else us-east-1)'))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  const client = async (): Promise<SluiceClient> => {
    const { endpoint, region } = program.opts<{ endpoint?: string; region?: string }>();
    const resolved = endpoint ?? deps.env.SLUICE_ENDPOINT;
    if (!resolved) throw new UsageError('no endpoint: pass --endpoint URL or set SLUICE_ENDPOINT');
    if (deps.makeClient) return deps.makeClient({ endpoint: resolved, region });
    const { createClient } = await import('../sdk/client.ts');
    return createClient({ endpoint: resolved, region: region ?? deps.env.AWS_REGION });
  };
  const act = (fn: (...a: any[]) => Promise<number>) => async (...a: any[]) => {
    code = await fn(...a);
  };

  const topics = program.command('topics').description('create, list, describe and delete topics');
  topics.command('create <name>').description('create a topic')
    .option('-p, --partitions <n>', 'number of partitions', positiveInt('--partitions'), 1)
    .option('-c, --config <key=value>', 'topic config (repeatable)', collectConfig, {})
    .action(act(async (name: string, o: { partitions: number; config: Record<string, string> }) =>
      (await commands.topics()).topicsCreate({ name, partitions: o.partitions, configs: o.config }, io, await client())));
  topics.command('list').description('list topic names')
    .option('--json', 'print JSON')
    .action(act(async (o: { json?: boolean }) => (await commands.topics()).topicsList(o, io, await client())));
  topics.command('describe <name>').description('partitions with log start and high watermark, and configs')
    .option('--json', 'print JSON')
    .action(act(async (name: string, o: { json?: boolean }) => (await commands.topics()).topicsDescribe({ name, json: o.json }, io, await client())));
  topics.command('delete <name>').description('delete a topic')
    .action(act(async (name: string) => (await commands.topics()).topicsDelete({ name }, io, await client())));

  program.command('produce <topic>').description('send one record per stdin line')
    .option('-K, --key-separator <sep>', 'split each line into key SEP value at the first SEP')
    .option('-p, --partition <p>', 'send every record to this partition', nonNegativeInt('--partition'))
    .addOption(new Option('-z, --compression <codec>', 'batch compression').choices(COMPRESSIONS).default('none'))
    .option('--json', 'use the JSON wire format instead of binary record batches')
    .action(act(async (topic: string, o: { keySeparator?: string; partition?: number; compression: never; json?: boolean }) =>
      (await commands.produce()).produce({ topic, ...o }, io, await client())));

  program.command('consume <topic>').description('print records, one value per line')
    .option('-p, --partition <p>', 'only this partition (default: all)', nonNegativeInt('--partition'))
    .option('-o, --from <where>', 'beginning, end, or an offset (with --group: where partitions without a committed offset start)', parseFrom, 'beginning' as const)
    .option('-c, --count <n>', 'stop after n records', positiveInt('--count'))
    .option('-f, --follow', 'keep waiting for new records (Ctrl-C to stop)')
    .option('-K, --key-separator <sep>', 'print key SEP value')
    .option('-g, --group <id>', 'consume as a member of this consumer group, committing what is printed')
    .option('--timeout-ms <ms>', 'with --group and without --follow: stop after this long without a record', positiveInt('--timeout-ms'), 3_000)
    .action(act(async (topic: string, o: { partition?: number; from: 'beginning' | 'end' | number; count?: number; follow?: boolean; keySeparator?: string; group?: string; timeoutMs: number }) => {
      const { group, timeoutMs, ...rest } = o;
      if (group === undefined) return (await commands.consume()).consume({ topic, ...rest, signal: deps.signal }, io, await client());
      if (o.partition !== undefined) throw new UsageError('--partition and --group do not go together: the group assigns partitions');
      if (typeof o.from === 'number') throw new UsageError('with --group, --from is beginning or end; use `sluice groups reset-offsets` to move the group');
      return (await commands.groupConsume()).groupConsume({
        topic, group, from: o.from, timeoutMs, signal: deps.signal,
        ...(o.count !== undefined ? { count: o.count } : {}), ...(o.follow ? { follow: true } : {}), ...(o.keySeparator !== undefined ? { keySeparator: o.keySeparator } : {}),
      }, io, await client());
    }));

  const groups = program.command('groups').description('list, describe, reset and delete consumer groups');
  groups.command('list').description('list group ids')
    .option('--json', 'print JSON')
    .action(act(async (o: { json?: boolean }) => (await commands.groups()).groupsList(o, io, await client())));
  groups.command('describe <group>').description('members, assignment, committed offsets and lag per partition and in total')
    .option('--json', 'print JSON')
    .action(act(async (group: string, o: { json?: boolean }) => (await commands.groups()).groupsDescribe({ group, json: o.json }, io, await client())));
  groups.command('delete <group>').description('delete an empty group and its committed offsets')
    .action(act(async (group: string) => (await commands.groups()).groupsDelete({ group }, io, await client())));
  groups.command('reset-offsets <group>').description("move an empty group's committed offsets on one topic")
    .requiredOption('-t, --topic <topic>', 'the topic')
    .option('--to-earliest', 'to the log start')
    .option('--to-latest', 'to the high watermark')
    .option('--to-datetime <iso>', 'to the first record at or after this time (ISO 8601)', parseDatetime)
    .option('--shift-by <n>', 'by n from the committed offset (negative: back)', parseInteger)
    .option('--to-offset <n>', 'to this offset', nonNegativeInt('--to-offset'))
    .option('--partitions <list>', 'only these partitions, e.g. 0,2,5', parsePartitions)
    .option('--dry-run', 'print the new offsets without writing them')
    .option('--json', 'print JSON')
    .action(act(async (group: string, o: ResetFlags) => (await commands.groups()).groupsResetOffsets({
      group, topic: o.topic, to: resetTarget(o), ...(o.partitions ? { partitions: o.partitions } : {}), dryRun: o.dryRun, json: o.json,
    }, io, await client())));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (deps.signal?.aborted) return EXIT.interrupted;
    return await report(e, io);
  }
}

async function report(e: unknown, io: Io): Promise<number> {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander printed it
  if (e instanceof UsageError) {
    io.stderr.write(`error: ${e.message}\n`);
    return EXIT.usage;
  }
  const { SluiceApiError } = await import('../sdk/errors.ts');
  if (e instanceof SluiceApiError) {
    io.stderr.write(`error: ${e.code}: ${e.message}\n`);
    return EXIT.serviceError;
  }
  io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT.serviceError;
}
