/**
 * `sluice consume TOPIC`: prints one value per line (or `key SEP value`).
 *
 * Without --follow it reads each partition in turn up to the high watermark seen at the start, so
 * it ends. With --follow it tails all chosen partitions at once, long-polling, until --count
 * records or Ctrl-C.
 */
import { SluiceApiError, type ConsumedRecord, type PartitionInfo, type SluiceClient } from '../../sdk/index.ts';
import { write, type Io } from '../io.ts';

export interface ConsumeArgs {
  topic: string;
  partition?: number;
  /** `beginning`, `end`, or an offset. Default beginning. */
  from?: 'beginning' | 'end' | number;
  count?: number;
  follow?: boolean;
  keySeparator?: string;
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

export function formatRecord(r: ConsumedRecord, keySeparator?: string): string {
  const value = r.value?.toString('utf8') ?? '';
  return keySeparator === undefined ? `${value}\n` : `${r.key?.toString('utf8') ?? ''}${keySeparator}${value}\n`;
}

function startOffset(info: PartitionInfo, from: ConsumeArgs['from']): number {
  if (from === 'end') return info.highWatermark;
  if (from === undefined || from === 'beginning') return info.logStartOffset;
  return from;
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
  let remaining = args.count ?? Infinity;
  const emit = async (r: ConsumedRecord) => {
    remaining--;
    await write(io.stdout, formatRecord(r, args.keySeparator));
  };
  if (args.follow) await follow(args, infos, client, emit, () => remaining <= 0);
  else {
    for (const info of infos) {
      if (remaining <= 0 || args.signal?.aborted) break;
      await readToEnd(args, info, client, emit, () => remaining);
    }
  }
  return 0;
}

/** Reads one partition from the start offset up to the high watermark seen at the start. */
async function readToEnd(args: ConsumeArgs, info: PartitionInfo, client: SluiceClient, emit: (r: ConsumedRecord) => Promise<void>, remaining: () => number) {
  const end = info.highWatermark;
  const start = startOffset(info, args.from);
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
async function follow(args: ConsumeArgs, infos: PartitionInfo[], client: SluiceClient, emit: (r: ConsumedRecord) => Promise<void>, done: () => boolean) {
  if (done()) return;
  const stop = new AbortController();
  const signal = args.signal ? AbortSignal.any([stop.signal, args.signal]) : stop.signal;
  const readers = infos.map((info) => client.reader({
    topic: args.topic, partition: info.partition, fromOffset: startOffset(info, args.from), maxWaitMs: args.maxWaitMs ?? FOLLOW_MAX_WAIT_MS, signal,
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
