/**
 * `sluice consume TOPIC`: prints one value per line (or `key SEP value`, a kcat `--format`, or
 * JSON lines; cli/format.ts).
 *
 * Without --follow it reads each partition in turn up to the high watermark seen at the start, so
 * it ends. With --follow it tails all chosen partitions at once, long-polling, until --count
 * records or Ctrl-C.
 */
import { SluiceApiError, type ConsumedRecord, type PartitionInfo, type SluiceClient } from '../../sdk/index.ts';
import { plainRecord, type RecordFormatter } from '../format.ts';
import { write, type Io } from '../io.ts';
import type { Progress } from '../progress.ts';

/** Where to start: the log start, the high watermark, an offset, or the first record at or after a time (ListOffsets). */
export type StartFrom = 'beginning' | 'end' | number | { timestamp: number };

export interface ConsumeArgs {
  topic: string;
  partition?: number;
  /** Default beginning. */
  from?: StartFrom;
  count?: number;
  follow?: boolean;
  keySeparator?: string;
  /** How a record prints. Default: the value, or `key SEP value`. */
  formatter?: RecordFormatter;
  /** Counts what is printed (the progress line on a terminal). */
  progress?: Progress;
  /** Long-poll wait with --follow (ms). Default {@link FOLLOW_MAX_WAIT_MS}. */
  maxWaitMs?: number;
  /** Ctrl-C. */
  signal?: AbortSignal;
}

/**
 * --follow long-polls rather than taking the SDK reader's default pacing (a 1 s sleep when caught
 * up): someone watching a tail expects a record on screen as soon as it commits (~0.1 s instead of
 * ~0.6 s on average). The price is a fetch Lambda held per partition while it runs, since Lambda
 * bills the wait (docs/cost-model.md): small for a session at a terminal, not for a tail left
 * running for weeks, which belongs in a paced SDK consumer.
 */
const FOLLOW_MAX_WAIT_MS = 20_000;

/** The default line: the value, or `key SEP value`. */
export function formatRecord(r: ConsumedRecord, keySeparator?: string): string {
  return plainRecord(keySeparator)(r);
}

/** Start offset of each partition; a time becomes offsets through ListOffsets by timestamp. */
async function startOffsets(args: ConsumeArgs, client: SluiceClient): Promise<(info: PartitionInfo) => number> {
  const from = args.from;
  if (typeof from === 'object') {
    const found = new Map((await client.admin().fetchTopicOffsetsByTimestamp(args.topic, from.timestamp)).map((p) => [p.partition, p.offset]));
    return (info) => found.get(info.partition) ?? info.highWatermark;
  }
  return (info) => (from === 'end' ? info.highWatermark : from === undefined || from === 'beginning' ? info.logStartOffset : from);
}

function recordBytes(r: ConsumedRecord): number {
  return (r.key?.length ?? 0) + (r.value?.length ?? 0);
}

export async function consume(args: ConsumeArgs, io: Io, client: SluiceClient): Promise<number> {
  const d = await client.admin().describeTopic(args.topic, args.signal);
  const infos = args.partition === undefined ? d.partitionInfo : d.partitionInfo.filter((p) => p.partition === args.partition);
  if (infos.length === 0) {
    throw new SluiceApiError({
      code: 'UNKNOWN_PARTITION', message: `topic ${args.topic} has no partition ${args.partition} (it has ${d.partitions})`,
      status: 404, retriable: false, noSideEffects: true,
    });
  }
  const start = await startOffsets(args, client);
  const format = args.formatter ?? plainRecord(args.keySeparator);
  let remaining = args.count ?? Infinity;
  const emit = async (r: ConsumedRecord) => {
    remaining--;
    args.progress?.add(1, recordBytes(r));
    await write(io.stdout, format(r));
  };
  if (args.follow) await follow(args, infos, start, client, emit, () => remaining <= 0);
  else {
    for (const info of infos) {
      if (remaining <= 0 || args.signal?.aborted) break;
      await readToEnd(args, info, start(info), client, emit, () => remaining);
    }
  }
  return 0;
}

/** Reads one partition from the start offset up to the high watermark seen at the start. */
async function readToEnd(args: ConsumeArgs, info: PartitionInfo, start: number, client: SluiceClient, emit: (r: ConsumedRecord) => Promise<void>, remaining: () => number) {
  const end = info.highWatermark;
  const reader = client.reader({ topic: args.topic, partition: info.partition, fromOffset: start });
  // Outside the log: let the service say so (OFFSET_OUT_OF_RANGE with both bounds) rather than print nothing.
  if (start < info.logStartOffset || start > end) await reader.fetch({ maxWaitMs: 0, signal: args.signal });
  while ((reader.nextOffset ?? 0) < end && remaining() > 0 && !args.signal?.aborted) {
    const before = reader.nextOffset;
    const { records } = await reader.fetch({ maxWaitMs: 0, signal: args.signal });
    for (const r of records) {
      if (r.offset >= end || remaining() <= 0) return;
      await emit(r);
    }
    // Nothing more below `end` (e.g. retention moved past it): stop rather than spin.
    if (records.length === 0 && reader.nextOffset === before) return;
  }
}

/** Tails every partition concurrently until `done()` or the signal. */
async function follow(args: ConsumeArgs, infos: PartitionInfo[], start: (info: PartitionInfo) => number, client: SluiceClient, emit: (r: ConsumedRecord) => Promise<void>, done: () => boolean) {
  if (done()) return;
  const stop = new AbortController();
  const signal = args.signal ? AbortSignal.any([stop.signal, args.signal]) : stop.signal;
  const readers = infos.map((info) => client.reader({
    topic: args.topic, partition: info.partition, fromOffset: start(info), maxWaitMs: args.maxWaitMs ?? FOLLOW_MAX_WAIT_MS, signal,
  }));
  try {
    await Promise.all(readers.map(async (reader) => {
      for await (const r of reader) {
        if (done()) break;
        await emit(r);
        if (done()) stop.abort();
      }
    }));
  } catch (e) {
    stop.abort();
    throw e;
  }
}
