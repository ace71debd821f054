// `npm run chaos -- --ops N --seed S [options]`: a chaos run on a local stack of its own.
//
//   --ops N            operations per seed (sends + polls), default 1000
//   --seed S[,S...]    one run per seed, default 1
//   --mode M           idempotent (default) | plain (at least once) | safe (retry only what wrote nothing)
//   --target T         engine (default): in-process functions, faults at the storage seams
//                      http: the SDK over the local HTTP server, faults on the wire
//   --faults SPEC      'none', or kind=p,... on top of the default plan ('none,kind=p' for only those)
//   --restart          restart the whole stack (emulators and server) when half the ops are done
//   --broken B         run a deliberately broken build (ack-before-commit | drop-commits |
//                      unfenced-commits | commit-ahead | merge-drops-batch | gc-ignores-partition;
//                      the last two need --maintenance)
//   --allow K[,K...]   anomaly kinds that do not fail the run (e.g. duplicate in plain mode)
//   --retries N        client retries per send (default 8)
//   --history FILE     where the history goes (default .sluice/chaos/history-{mode}-{seed}.json)
//   --consume C        readers | group | both (default): partition readers, consumer-group members
//   --members N        group members at once (default 3)
//   --partitions N --producers N --consumers N (partition readers)
//   --maintenance      run merges, retention, garbage collection and DeleteRecords alongside
//                      (engine target), with small segments and every maintenance fault
//   --retention-bytes N  the topic's retention.bytes (with --maintenance)
//
// Prints the faults injected and the anomalies by kind, writes the history as JSON, and exits 1
// if any anomaly not allowed was found (2 on a usage error). docs/chaos.md has the details.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createClients, createStorage } from '../shared/storage/index.ts';
import { DEFAULT_RETRY_POLICY } from './backoff.ts';
import { BROKEN_BUILDS, brokenBuild, type BrokenBuild } from './broken.ts';
import { BROKEN_GROUP_BUILDS } from './broken-groups.ts';
import { BROKEN_MAINTENANCE_BUILDS } from './broken-maintenance.ts';
import { ANOMALY_KINDS, type AnomalyKind } from './checker.ts';
import { EngineTarget } from './engine-target.ts';
import { Recorder } from './history.ts';
import { HttpTarget } from './http-target.ts';
import { CHAOS_GUESS_TRUST_MS } from './maintenance-workload.ts';
import { parsePlan } from './plan.ts';
import { failingKinds, formatReport } from './report.ts';
import { runChaos } from './runner.ts';
import { startChaosStack, type ChaosStack } from './stack.ts';
import { CONSUME_KINDS, PRODUCER_MODES, type ConsumeKind, type ProducerMode, type Target } from './target.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

class UsageError extends Error {}

function intOption(raw: string | undefined, name: string, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} needs an integer >= ${min}, got '${raw}'`);
  return n;
}

function oneOf<T extends string>(raw: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  return raw as T;
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ops: { type: 'string' }, seed: { type: 'string' }, mode: { type: 'string' }, target: { type: 'string' },
      faults: { type: 'string' }, restart: { type: 'boolean' }, broken: { type: 'string' }, allow: { type: 'string' },
      history: { type: 'string' }, retries: { type: 'string' }, partitions: { type: 'string' }, producers: { type: 'string' }, consumers: { type: 'string' },
      consume: { type: 'string' }, members: { type: 'string' }, maintenance: { type: 'boolean' }, 'retention-bytes': { type: 'string' },
    },
    strict: true,
  });
  const allow = new Set<AnomalyKind>();
  for (const k of (values.allow ?? '').split(',').filter(Boolean)) {
    if (!ANOMALY_KINDS.includes(k as AnomalyKind)) throw new UsageError(`--allow: unknown anomaly '${k}'; known: ${ANOMALY_KINDS.join(', ')}`);
    allow.add(k as AnomalyKind);
  }
  const target = oneOf(values.target, 'target', ['engine', 'http'] as const, 'engine');
  const broken = values.broken === undefined ? undefined : oneOf(values.broken, 'broken', BROKEN_BUILDS, 'drop-commits');
  if (broken && target !== 'engine') throw new UsageError('--broken needs --target engine (broken builds are storage wrappers)');
  const consume = oneOf<ConsumeKind>(values.consume, 'consume', CONSUME_KINDS, 'both');
  if (broken && BROKEN_GROUP_BUILDS.includes(broken as never) && consume === 'readers') throw new UsageError(`--broken ${broken} needs group members (--consume group or both)`);
  const maintenance = values.maintenance ?? false;
  if (maintenance && target !== 'engine') throw new UsageError('--maintenance needs --target engine (maintenance runs in process, with storage faults)');
  if (broken && (BROKEN_MAINTENANCE_BUILDS as readonly string[]).includes(broken) && !maintenance) throw new UsageError(`--broken ${broken} needs --maintenance`);
  if (values['retention-bytes'] !== undefined && !maintenance) throw new UsageError('--retention-bytes needs --maintenance');
  let plan;
  try {
    plan = parsePlan(values.faults);
  } catch (e) {
    throw new UsageError(`--faults: ${(e as Error).message}`);
  }
  return {
    ops: intOption(values.ops, 'ops', 1000, 1),
    seeds: (values.seed ?? '1').split(',').map((s) => s.trim()).filter(Boolean),
    mode: oneOf<ProducerMode>(values.mode, 'mode', PRODUCER_MODES, 'idempotent'),
    target,
    plan,
    restart: values.restart ?? false,
    broken: broken as BrokenBuild | undefined,
    allow,
    history: values.history,
    retries: values.retries === undefined ? undefined : intOption(values.retries, 'retries', 8, 0),
    partitions: intOption(values.partitions, 'partitions', 3, 1),
    producers: intOption(values.producers, 'producers', 4, 1),
    consumers: intOption(values.consumers, 'consumers', 2, 0),
    consume,
    members: intOption(values.members, 'members', 3, 1),
    maintenance,
    retentionBytes: values['retention-bytes'] === undefined ? undefined : intOption(values['retention-bytes'], 'retention-bytes', -1, 0),
  };
}

type Options = ReturnType<typeof parse>;

function makeTarget(o: Options, stack: ChaosStack, seed: string, recorder: Recorder): { target: Target; close: () => void } {
  const onFault = (kind: string, process: string, detail: string) => recorder.fault(kind, process, detail);
  if (o.target === 'http') {
    const target = new HttpTarget({
      endpoint: stack.url, credentials: stack.credentials, plan: o.plan, seed, onFault, restart: () => stack.restart(),
      ...(o.retries !== undefined ? { retry: { retries: o.retries, initialRetryTime: 20, maxRetryTime: 2_000 } } : {}),
    });
    return { target, close: () => undefined };
  }
  const clients = createClients(stack.storage);
  const target = new EngineTarget({
    storage: () => createStorage(stack.storage, clients),
    plan: o.plan,
    seed,
    runId: randomBytes(4).toString('hex'),
    onFault,
    restart: () => stack.restart(),
    ...(o.retries !== undefined ? { policy: { ...DEFAULT_RETRY_POLICY, retries: o.retries } } : {}),
    ...(o.broken ? { build: brokenBuild(o.broken) } : {}),
    ...(o.maintenance ? { engine: { guessTrustMs: CHAOS_GUESS_TRUST_MS } } : {}),
  });
  return { target, close: () => (clients.s3.destroy(), clients.ddb.destroy()) };
}

async function main(argv: string[]): Promise<number> {
  const o = parse(argv);
  process.stderr.write('starting the local stack (DynamoDB Local, s3rver, HTTP server) on a fresh data directory...\n');
  const stack = await startChaosStack();
  let failed = false;
  try {
    for (const seed of o.seeds) {
      const recorder = new Recorder();
      const { target, close } = makeTarget(o, stack, seed, recorder);
      const result = await runChaos({
        target, recorder, ops: o.ops, seed, mode: o.mode, plan: o.plan, topic: `chaos-${seed}-${randomBytes(3).toString('hex')}`,
        partitions: o.partitions, producers: o.producers, consumers: o.consumers, consume: o.consume, members: o.members, restart: o.restart,
        ...(o.maintenance ? { maintenance: {} } : {}),
        ...(o.retentionBytes !== undefined ? { topicConfigs: { 'retention.bytes': String(o.retentionBytes) } } : {}),
        progress: (done, total) => process.stderr.write(`  seed ${seed}: ${done}/${total} ops\n`),
      }).finally(async () => {
        await target.close();
        close();
      });
      const file = resolve(o.history && o.seeds.length === 1 ? o.history : o.history ? o.history.replace(/(\.json)?$/, `-${seed}$1`) : `.sluice/chaos/history-${o.mode}-${seed}.json`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify({ ...result.history, check: result.check }, null, 1));
      const description = {
        seed, mode: o.mode, target: o.target, ops: o.ops, partitions: o.partitions, producers: o.producers, consumers: o.consumers,
        consume: o.consume, members: o.members, restart: o.restart, ...(o.broken ? { broken: o.broken } : {}),
        maintenance: o.maintenance,
      };
      console.log(formatReport(description, result, o.allow));
      const failing = failingKinds(result, o.allow);
      console.log(`history: ${file}`);
      console.log(failing.length === 0 ? 'result: no anomaly' : `result: ANOMALIES (${failing.join(', ')})`);
      console.log('');
      failed ||= failing.length > 0;
    }
  } finally {
    await stack.stop();
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`sluice chaos: ${(e as Error).message}`);
      process.exit(2);
    }
    console.error('sluice chaos: the run failed:', e);
    process.exit(3);
  },
);
