/**
 * The `sluice` command line: commander parses, a command function runs against an injected client
 * and streams, and this file turns the outcome into an exit code.
 *
 * Exit codes: 0 ok; 1 the service said no or could not be reached (`error: CODE: message`);
 * 2 the command line is wrong; 130 interrupted (Ctrl-C) outside --follow.
 */
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ResetTo, SluiceClient } from '../sdk/index.ts';
import type { StartFrom } from './commands/consume.ts';
import { EXIT, UsageError, type Io } from './io.ts';
import { cliVersion } from './version.ts';
import { COMPRESSIONS, collectConfig, nonNegativeInt, parseDatetime, parseFrom, parseHostPort, parseInteger, parsePartitions, parseTime, positiveInt } from './parse.ts';

// The SDK and the commands load when a command runs, not for `--help` or a usage error: the
// packaged command starts in the time Node itself takes (docs/packages.md).
const commands = {
  topics: () => import('./commands/topics.ts'),
  produce: () => import('./commands/produce.ts'),
  consume: () => import('./commands/consume.ts'),
  groupConsume: () => import('./commands/group-consume.ts'),
  groups: () => import('./commands/groups.ts'),
  offsets: () => import('./commands/offsets.ts'),
  completion: () => import('./completion.ts'),
  maintenance: () => import('./commands/maintenance.ts'),
  gateway: () => import('./commands/gateway.ts'),
  output: async () => ({ ...(await import('./format.ts')), ...(await import('./progress.ts')) }),
};

export interface CliDeps {
  env: Record<string, string | undefined>;
  /** Builds the client from the resolved endpoint and region; tests inject one against their server. */
  makeClient?: (options: { endpoint: string; region?: string }) => SluiceClient;
  /** Aborted on Ctrl-C: --follow stops cleanly. */
  signal?: AbortSignal;
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

function collectNonNegative(name: string) {
  const parse = nonNegativeInt(name);
  return (v: string, previous: number[] = []) => [...previous, parse(v)];
}

function collectOffset(v: string, previous: number[] = []): number[] {
  if (!/^(-1|\d+)$/.test(v)) throw new InvalidArgumentError('--offset must be -1 (every record) or a non-negative integer');
  return [...previous, Number(v)];
}

function collectString(v: string, previous: string[] = []): string[] {
  return [...previous, v];
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
    const [{ createClient }, { nodeFetch }] = await Promise.all([import('../sdk/client.ts'), import('./node-fetch.ts')]);
    // Keys in the environment are what the default chain would pick first; taking them here spares
    // the command from loading the chain's code at all.
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = deps.env;
    const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : undefined;
    return createClient({ endpoint: resolved, region: region ?? deps.env.AWS_REGION, fetch: nodeFetch, ...(credentials ? { credentials } : {}) });
  };
  const act = (fn: (...a: any[]) => Promise<number>) => async (...a: any[]) => {
    code = await fn(...a);
  };

  const topics = program.command('topics').description('create, list, describe, alter, grow and delete topics');
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
  topics.command('alter <name>').description('set topic configs, or restore their defaults')
    .option('-c, --config <key=value>', 'config to set (repeatable)', collectConfig, {})
    .option('-d, --delete-config <key>', 'config to restore to its default (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .action(act(async (name: string, o: { config: Record<string, string>; deleteConfig: string[] }) =>
      (await commands.topics()).topicsAlter({ name, set: o.config, reset: o.deleteConfig }, io, await client())));
  topics.command('add-partitions <name>').description('grow a topic to a new total partition count')
    .requiredOption('-p, --partitions <n>', 'the new total number of partitions', positiveInt('--partitions'))
    .action(act(async (name: string, o: { partitions: number }) =>
      (await commands.topics()).topicsAddPartitions({ name, partitions: o.partitions }, io, await client())));
  topics.command('delete-records <topic>').description("delete records below an offset (Kafka's DeleteRecords): moves the log start forward")
    .option('-p, --partition <p>', 'a partition (repeatable; paired with --offset by position)', collectNonNegative('--partition'))
    .option('-o, --offset <o>', 'delete records below this offset; -1 deletes every record (repeatable)', collectOffset)
    .option('--all-partitions', 'every partition of the topic, with one --offset')
    .option('--json', 'print JSON')
    .action(act(async (topic: string, o: { partition?: number[]; offset?: number[]; allPartitions?: boolean; json?: boolean }) =>
      (await commands.topics()).topicsDeleteRecords({ topic, partitions: o.partition ?? [], offsets: o.offset ?? [], allPartitions: o.allPartitions, json: o.json }, io, await client())));

  /** The progress line: on when stderr is a terminal (and, for consume, stdout is not) and --quiet is off. */
  const progress = async (label: string, quiet: boolean | undefined, needsFreeStdout: boolean) => {
    const { createProgress, isTerminal } = await commands.output();
    const enabled = !quiet && isTerminal(io.stderr) && !(needsFreeStdout && isTerminal(io.stdout));
    return createProgress(io.stderr, { label, enabled });
  };

  program.command('produce <topic>').description('send one record per stdin line')
    .option('-K, --key-separator <sep>', 'split each line into key SEP value at the first SEP')
    .option('-p, --partition <p>', 'send every record to this partition', nonNegativeInt('--partition'))
    .addOption(new Option('-z, --compression <codec>', 'batch compression').choices(COMPRESSIONS).default('none'))
    .option('--json', 'use the JSON wire format instead of binary record batches')
    .option('-q, --quiet', 'no progress line on a terminal')
    .action(act(async (topic: string, o: { keySeparator?: string; partition?: number; compression: never; json?: boolean; quiet?: boolean }) => {
      const { quiet, ...rest } = o;
      const sluice = await client();
      return (await commands.produce()).produce({ topic, ...rest, signal: deps.signal, progress: await progress(`produce ${topic}`, quiet, false) }, io, sluice);
    }));

  program.command('consume <topic>').description('print records, one value per line')
    .option('-p, --partition <p>', 'only this partition (default: all)', nonNegativeInt('--partition'))
    .option('-o, --from <where>', 'beginning, end, an offset, an ISO 8601 time or @epoch-ms (with --group: beginning or end, for partitions without a committed offset)', parseFrom, 'beginning' as const)
    .option('-c, --count <n>', 'stop after n records', positiveInt('--count'))
    .option('-f, --follow', 'keep waiting for new records (Ctrl-C to stop)')
    .option('-K, --key-separator <sep>', 'print key SEP value')
    .option('-F, --format <fmt>', 'kcat-style format: %t topic, %p partition, %o offset, %k key, %s value, %T timestamp, %h headers, %K/%S key/value length; \\n \\t')
    .addOption(new Option('--output <kind>', 'text, or json: one JSON object per line').choices(['text', 'json']).default('text'))
    .option('-g, --group <id>', 'consume as a member of this consumer group, committing what is printed')
    .option('--timeout-ms <ms>', 'with --group and without --follow: stop after this long without a record', positiveInt('--timeout-ms'), 3_000)
    .option('-q, --quiet', 'no progress line on a terminal')
    .action(act(async (topic: string, o: { partition?: number; from: StartFrom; count?: number; follow?: boolean; keySeparator?: string; format?: string; output: 'text' | 'json'; group?: string; timeoutMs: number; quiet?: boolean }) => {
      const { group, timeoutMs, format, output, quiet, ...rest } = o;
      const formatter = (await commands.output()).recordFormatter({ format, output, keySeparator: o.keySeparator });
      if (group === undefined) {
        const sluice = await client();
        return (await commands.consume()).consume({ topic, ...rest, formatter, signal: deps.signal, progress: await progress(`consume ${topic}`, quiet, true) }, io, sluice);
      }
      if (o.partition !== undefined) throw new UsageError('--partition and --group do not go together: the group assigns partitions');
      if (o.from !== 'beginning' && o.from !== 'end') throw new UsageError('with --group, --from is beginning or end; use `sluice groups reset-offsets` to move the group');
      const sluice = await client();
      return (await commands.groupConsume()).groupConsume({
        topic, group, from: o.from, timeoutMs, signal: deps.signal, formatter, progress: await progress(`consume ${topic}`, quiet, true),
        ...(o.count !== undefined ? { count: o.count } : {}), ...(o.follow ? { follow: true } : {}), ...(o.keySeparator !== undefined ? { keySeparator: o.keySeparator } : {}),
      }, io, sluice);
    }));

  program.command('offsets <topic>').description('earliest and latest offset of each partition, and the offset at a time')
    .option('-p, --partition <p>', 'only this partition', nonNegativeInt('--partition'))
    .option('-t, --time <when>', 'also the first offset at or after this time: ISO 8601 or epoch ms (ListOffsets by timestamp)', parseTime)
    .option('--json', 'print JSON')
    .action(act(async (topic: string, o: { partition?: number; time?: number; json?: boolean }) =>
      (await commands.offsets()).offsets({ topic, ...o }, io, await client())));

  program.command('completion').description('print a bash or zsh completion script (see docs/cli.md)')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .action(act(async (shell: string) => (await commands.completion()).printCompletion(shell, program, io)));

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

  const maintenance = program.command('maintenance').description('run maintenance (compaction, retention, garbage collection) now');
  maintenance.command('run').description('one pass over every topic (or those named), one request per topic, then garbage collection')
    .option('-t, --topic <topic>', 'only this topic (repeatable)', collectString)
    .option('--no-gc', 'skip garbage collection')
    .option('-q, --quiet', 'no progress line')
    .option('--json', 'print JSON')
    .action(act(async (o: { topic?: string[]; gc: boolean; quiet?: boolean; json?: boolean }) =>
      (await commands.maintenance()).maintenanceRun({ ...(o.topic ? { topics: o.topic } : {}), gc: o.gc, quiet: o.quiet, json: o.json }, io, await client())));

  program.command('gateway').description('run the Kafka protocol gateway over the storage named by the environment')
    .option('--listen <host:port>', 'where to listen (default 127.0.0.1:9092)', parseHostPort('--listen'))
    .option('--advertised <host:port>', 'the address clients are told to connect to (default: the listen address)', parseHostPort('--advertised'))
    .option('--auto-create-topics', 'create unknown topics on Metadata requests, as Kafka\'s auto.create.topics.enable')
    .option('--tls-cert <file>', 'PEM certificate: speak TLS')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--sasl-credentials <file>', 'JSON users file: require SASL PLAIN or SCRAM')
    .option('--insecure', 'allow a non-loopback listener without TLS and SASL')
    .action(act(async (o: Omit<import('./commands/gateway.ts').GatewayArgs, 'env' | 'signal'>) =>
      (await commands.gateway()).gateway({ ...o, env: deps.env, ...(deps.signal ? { signal: deps.signal } : {}) }, io)));

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
    const hint = (await import('./hints.ts')).hintFor(e.code);
    io.stderr.write(`error: ${e.code}: ${e.message}\n${hint ? `hint: ${hint}\n` : ''}`);
    return EXIT.serviceError;
  }
  io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT.serviceError;
}
