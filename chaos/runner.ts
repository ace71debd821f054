/**
 * A chaos run: concurrent producers and consumers against a target while faults are injected,
 * then a final catch-up read without faults, then the checker.
 *
 * The operation budget is split between sends (each of one to three unique values, one or two
 * partitions) and polls (a consumer reads one partition from its position). Consumers are killed
 * now and then: a new process takes over, starting again from the beginning or from some earlier
 * offset, as a consumer restarting from a committed offset does. A stack restart, when the
 * target supports it, happens once, when half the budget is spent.
 *
 * Members of a consumer group (chaos/group-workload.ts) consume alongside, for as long as the
 * producers and readers run; they are outside the budget, as they poll at their own pace.
 */
import { check, FINAL_PROCESS, type CheckResult } from './checker.ts';
import type { FaultPlan } from './faults.ts';
import { GroupWorkload } from './group-workload.ts';
import { Recorder, type HistoryFile, type SentValue } from './history.ts';
import { CHAOS_TOPIC_CONFIGS, MaintenanceWorkload, type MaintenanceFigures, type MaintenanceRunOptions } from './maintenance-workload.ts';
import { createRng, type Rng } from './rng.ts';
import type { ConsumeKind, ConsumerClient, GroupSettings, ProducerMode, Target } from './target.ts';

export interface RunOptions {
  target: Target;
  recorder: Recorder;
  ops: number;
  seed: number | string;
  mode: ProducerMode;
  plan: FaultPlan;
  topic: string;
  /** Default 3. */
  partitions?: number;
  /** Default 4. */
  producers?: number;
  /** Partition readers. Default 2. */
  consumers?: number;
  /** Readers, group members, or both (default); group members need a target with groups. */
  consume?: ConsumeKind;
  /** Group members at once. Default 3. */
  members?: number;
  /** Group timings; defaults: 3 s sessions, a heartbeat every 500 ms, 5 s to revoke. */
  group?: Partial<Omit<GroupSettings, 'groupId'>>;
  /** Group supervisor steps (150–300 ms each) to make before the run may end. Default 0. */
  minGroupSteps?: number;
  /** Share of the budget spent on polls. Default 0.35. */
  pollShare?: number;
  /** Bytes per poll: small, so that reads advance a few batches at a time. Default 1024. */
  pollBytes?: number;
  /** Restart the stack when half the budget is spent (if the target can). Default false. */
  restart?: boolean;
  /**
   * Maintenance (merges, retention, garbage collection, DeleteRecords) running alongside, on a
   * target that has it; the topic gets small segments (chaos/maintenance-workload.ts).
   */
  maintenance?: MaintenanceRunOptions;
  /** Topic configs on top of those maintenance sets (e.g. a small retention.bytes). */
  topicConfigs?: Record<string, string>;
  /** Progress, once per tenth of the budget. */
  progress?: (done: number, total: number) => void;
}

export interface RunResult {
  check: CheckResult;
  history: HistoryFile;
  faults: Record<string, number>;
  ops: { sends: number; polls: number; groupPolls: number; catchUpPolls: number };
  /** What maintenance did, when it ran. */
  maintenance?: MaintenanceFigures;
  durationMs: number;
}

export async function runChaos(options: RunOptions): Promise<RunResult> {
  const { target, recorder } = options;
  const partitions = options.partitions ?? 3;
  const rng = createRng(options.seed, 'workload');
  const started = Date.now();
  const host = options.maintenance ? target.maintenanceHost?.() : undefined;
  if (options.maintenance && !host) throw new Error(`target ${target.name} cannot run maintenance in process`);
  const configs = { ...(host ? CHAOS_TOPIC_CONFIGS : {}), ...options.topicConfigs };
  await target.setup(options.topic, partitions, configs);

  const producers = options.producers ?? 4;
  const consume = options.consume ?? 'both';
  const consumers = consume === 'group' ? 0 : options.consumers ?? 2;
  const pollShare = options.pollShare ?? 0.35;
  const pollBudget = consumers === 0 ? 0 : Math.round(options.ops * pollShare);
  // Sends are the same share of the budget whoever consumes, so a seed sends the same values.
  const sendBudget = options.ops - Math.round(options.ops * pollShare);
  const groupSettings: GroupSettings = {
    groupId: `${options.topic}.group`, sessionTimeoutMs: 3_000, heartbeatIntervalMs: 500, rebalanceTimeoutMs: 5_000,
    pollBytes: options.pollBytes ?? 1024, ...options.group,
  };
  const group = consume !== 'readers' && (options.members ?? 3) > 0 && target.groupMember
    ? new GroupWorkload({ target, recorder, plan: options.plan, rng: rng.fork('group'), settings: groupSettings, members: options.members ?? 3, minSteps: options.minGroupSteps ?? 0 })
    : undefined;
  // Each process gets a fixed share, so that a seed always makes the same operations.
  const share = (total: number, n: number, i: number) => Math.floor(total / n) + (i < total % n ? 1 : 0);
  let done = 0;
  const total = sendBudget + pollBudget;
  const tick = (): void => {
    done++;
    const tenth = Math.max(1, Math.floor(total / 10));
    if (done % tenth === 0) options.progress?.(done, total);
    if (options.restart && target.restart && done === Math.floor(total / 2)) restarting = restartStack();
  };
  let restarting: Promise<void> | undefined;
  const restartStack = async (): Promise<void> => {
    const began = Date.now();
    await target.restart!();
    recorder.fault('restart', 'stack', `stopped and started again on the same data and ports: down for ${Date.now() - began} ms`);
  };

  const maintenance = host
    ? new MaintenanceWorkload({
        host, recorder, rng: rng.fork('maintenance'), partitions, options: options.maintenance!, mode: options.mode,
        producer: (process, mode) => target.producer(process, mode),
      })
    : undefined;
  group?.start();
  maintenance?.start();
  const workers: Promise<void>[] = [];
  for (let i = 0; i < producers; i++) {
    workers.push(produceLoop(`p${i}`, rng.fork(`p${i}`), options, partitions, share(sendBudget, producers, i), tick));
  }
  for (let i = 0; i < consumers; i++) {
    workers.push(consumeLoop(`c${i}`, rng.fork(`c${i}`), options, partitions, share(pollBudget, consumers, i), tick));
  }
  await Promise.all(workers);
  await restarting;
  await group?.finish();
  await maintenance?.stop();
  await target.quiesce();
  await maintenance?.settle();

  const catchUpPolls = await catchUp(target, recorder, options.pollBytes ?? 1024 * 1024);
  const history = recorder.toFile({
    seed: options.seed, mode: options.mode, ops: options.ops, target: target.name, topic: options.topic,
    partitions, plan: options.plan, startedAt: new Date(started).toISOString(),
    consume, ...(group ? { members: options.members ?? 3, group: groupSettings } : {}),
    configs, ...(maintenance ? { maintenance: { settings: maintenance.settings, figures: maintenance.figures } } : {}),
  });
  return {
    check: check(history.ops),
    history,
    faults: recorder.faultCounts(),
    ops: { sends: sendBudget, polls: pollBudget, groupPolls: history.ops.filter((o) => o.type === 'poll' && o.group).length, catchUpPolls },
    ...(maintenance ? { maintenance: maintenance.figures } : {}),
    durationMs: Date.now() - started,
  };
}

async function produceLoop(process: string, processRng: Rng, options: RunOptions, partitions: number, sends: number, tick: () => void) {
  const client = await options.target.producer(process, options.mode);
  let n = 0;
  for (let op = 0; op < sends; op++) {
    // One stream per operation: the workload of a process does not depend on how others ran.
    const rng = processRng.fork(`op${op}`);
    const values: SentValue[] = [];
    const first = rng.int(partitions);
    const second = partitions > 1 && rng.chance(0.25) ? (first + 1 + rng.int(partitions - 1)) % partitions : undefined;
    for (let i = 1 + rng.int(3); i > 0; i--) values.push({ value: `${process}-${n++}`, partition: first });
    if (second !== undefined) values.push({ value: `${process}-${n++}`, partition: second });
    const invokeTime = options.recorder.now();
    const r = await client.send(values);
    options.recorder.record({
      type: 'send', process, invokeTime, completeTime: options.recorder.now(), outcome: r.outcome, values,
      offsets: r.offsets, attempts: r.attempts, ...(r.failed.length ? { failed: r.failed } : {}), ...(r.error ? { error: r.error } : {}),
      ...(r.timestamp !== undefined ? { timestamp: r.timestamp } : {}),
    });
    tick();
  }
}

async function consumeLoop(name: string, processRng: Rng, options: RunOptions, partitions: number, polls: number, tick: () => void) {
  let generation = 1;
  let process = name;
  let client: ConsumerClient = options.target.consumer(process);
  const positions: number[] = Array.from({ length: partitions }, () => 0);
  let next = 0;
  for (let op = 0; op < polls; op++) {
    const rng = processRng.fork(`op${op}`);
    if (rng.chance(options.plan['kill-consumer'] ?? 0)) {
      options.recorder.fault('kill-consumer', process, `positions ${positions.join(',')}`);
      process = `${name}#${++generation}`;
      client = options.target.consumer(process);
      for (let p = 0; p < partitions; p++) positions[p] = rng.chance(0.5) ? 0 : rng.int(positions[p]! + 1);
    }
    const partition = next++ % partitions;
    const from = positions[partition]!;
    const invokeTime = options.recorder.now();
    try {
      const { records, nextOffset, reset } = await client.poll(partition, from, options.pollBytes ?? 1024);
      positions[partition] = nextOffset;
      options.recorder.record({
        type: 'poll', process, invokeTime, completeTime: options.recorder.now(), outcome: 'ok', partition, from, records, ...(reset !== undefined ? { reset } : {}),
      });
      if (records.length === 0) await new Promise((r) => setTimeout(r, 5 + rng.int(15)));
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      options.recorder.record({ type: 'poll', process, invokeTime, completeTime: options.recorder.now(), outcome: 'fail', partition, from, records: [], error });
      // Back off, or an outage (a stack restart) would spend the whole poll budget in a few seconds.
      await new Promise((r) => setTimeout(r, 50 + rng.int(100)));
    }
    tick();
  }
}

/**
 * Reads every partition from its log start to its high watermark, without faults: what tells
 * lost from unseen. The log starts read are recorded: below them records may be gone.
 */
async function catchUp(target: Target, recorder: Recorder, maxBytes: number): Promise<number> {
  const reader = target.reader();
  const highWatermarks = await target.highWatermarks();
  const invokeTime = recorder.now();
  const starts = target.logStartOffsets ? await target.logStartOffsets() : highWatermarks.map(() => 0);
  starts.forEach((offset, partition) => {
    recorder.record({ type: 'log-start', process: FINAL_PROCESS, invokeTime, completeTime: recorder.now(), outcome: 'ok', partition, offset });
  });
  let polls = 0;
  for (let partition = 0; partition < highWatermarks.length; partition++) {
    let from = starts[partition] ?? 0;
    // After failed reads, the step over them doubles: a broken build may have lost much.
    let step = 1;
    while (from < highWatermarks[partition]!) {
      const invokeTime = recorder.now();
      polls++;
      try {
        const { records, nextOffset } = await reader.poll(partition, from, maxBytes);
        recorder.record({ type: 'poll', process: FINAL_PROCESS, invokeTime, completeTime: recorder.now(), outcome: 'ok', partition, from, records });
        // Nothing readable at `from` below the high watermark: a hole (a broken build). Step over it;
        // the checker reports what it held as lost.
        from = nextOffset > from ? nextOffset : from + 1;
        step = 1;
      } catch (e) {
        // Without faults a read fails only on a broken build (bytes gone, bytes that do not match
        // their entry): step over the offset, and the checker reports what it held as lost.
        const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        recorder.record({ type: 'poll', process: FINAL_PROCESS, invokeTime, completeTime: recorder.now(), outcome: 'fail', partition, from, records: [], error });
        from += step;
        step *= 2;
      }
    }
  }
  return polls;
}
