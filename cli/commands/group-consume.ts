/**
 * `sluice consume TOPIC --group G`: joins the group, prints records as they come (one value per
 * line, or `key SEP value`), and commits them. It ends after --count records, after --timeout-ms
 * without a new record (default 3000; --follow waits forever), or on Ctrl-C; each way it commits
 * what it printed and leaves the group, so that the next member starts right after.
 */
import type { SluiceClient } from '../../sdk/index.ts';
import { write, type Io } from '../io.ts';
import { plainRecord, type RecordFormatter } from '../format.ts';
import type { Progress } from '../progress.ts';

export interface GroupConsumeArgs {
  topic: string;
  group: string;
  /** Where to start partitions the group has no offset for. Default beginning. */
  from?: 'beginning' | 'end';
  count?: number;
  follow?: boolean;
  keySeparator?: string;
  /** How a record prints. Default: the value, or `key SEP value`. */
  formatter?: RecordFormatter;
  progress?: Progress;
  /** Without --follow: stop after this long without a record (ms). Default 3000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Group configs for a group this command creates (tests use short sessions). */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

export async function groupConsume(args: GroupConsumeArgs, io: Io, client: SluiceClient): Promise<number> {
  const consumer = client.consumer({
    groupId: args.group,
    clientId: 'sluice-cli',
    autoOffsetReset: args.from === 'end' ? 'latest' : 'earliest',
    // Long-poll, not the SDK's default 1 s pacing (setting maxWaitTimeInMs selects it): records show
    // as soon as they commit, as a terminal user expects, and the quiet --timeout-ms is measured
    // against a wait of at most 0.5 s. Lambda bills the wait, but only while the command runs.
    maxWaitTimeInMs: 500,
    ...(args.sessionTimeoutMs !== undefined ? { sessionTimeout: args.sessionTimeoutMs } : {}),
    ...(args.heartbeatIntervalMs !== undefined ? { heartbeatInterval: args.heartbeatIntervalMs } : {}),
  });
  const format = args.formatter ?? plainRecord(args.keySeparator);
  let remaining = args.count ?? Infinity;
  let lastRecordAt = Date.now();
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let failure: unknown;
  consumer.on(consumer.events.CRASH, (e) => {
    if (e.payload.restart) return;
    failure = e.payload.error;
    finish();
  });
  await consumer.subscribe({ topic: args.topic });
  await consumer.run({
    autoCommitInterval: 1_000,
    eachMessage: async ({ message, topic, partition }) => {
      // Past --count the topic is paused, so this does not happen; if it did, the record stays uncommitted.
      if (remaining <= 0) throw new Error('--count reached');
      args.progress?.add(1, (message.key?.length ?? 0) + (message.value?.length ?? 0));
      await write(io.stdout, format({ ...message, topic, partition }));
      lastRecordAt = Date.now();
      if (--remaining <= 0) {
        consumer.pause([{ topic: args.topic }]);
        finish();
      }
    },
  });
  // The quiet period counts from the join, and again from each assignment, not from the start.
  lastRecordAt = Date.now();
  consumer.on(consumer.events.PARTITIONS_ASSIGNED, () => (lastRecordAt = Date.now()));
  args.signal?.addEventListener('abort', () => finish(), { once: true });
  const timeoutMs = args.timeoutMs ?? 3_000;
  const idle = args.follow ? undefined : setInterval(() => Date.now() - lastRecordAt >= timeoutMs && finish(), 100);
  try {
    await finished;
  } finally {
    if (idle) clearInterval(idle);
    await consumer.stop();
  }
  if (failure) throw failure;
  return 0;
}
