/**
 * `sluice produce TOPIC`: one record per stdin line (`key SEP value` with --key-separator),
 * handed to the SDK producer, which batches them; a summary goes to stderr.
 *
 * Ctrl-C stops reading, sends the lines already read, waits for every answer, prints the summary
 * and exits 130: what was acknowledged is in the summary, nothing read is dropped silently.
 */
import type { Compression, Message, RecordMetadata, SluiceClient } from '../../sdk/index.ts';
import { EXIT, lines, write, type Io } from '../io.ts';
import type { Progress } from '../progress.ts';

export interface ProduceArgs {
  topic: string;
  keySeparator?: string;
  partition?: number;
  compression?: Compression;
  /** Wire mode; default binary. */
  json?: boolean;
  /** Lines per send. Default 500. */
  chunk?: number;
  /** Ctrl-C: stop reading, flush, exit 130. */
  signal?: AbortSignal;
  /** Counts acknowledged records (the progress line on a terminal). */
  progress?: Progress;
}

/** Sends waiting for their answer before reading more input (memory bound on a fast stdin). */
const MAX_PENDING_SENDS = 16;

export function lineToMessage(line: string, args: Pick<ProduceArgs, 'keySeparator' | 'partition'>): Message {
  const m: Message = { value: line };
  if (args.keySeparator) {
    const at = line.indexOf(args.keySeparator);
    if (at >= 0) {
      m.key = line.slice(0, at);
      m.value = line.slice(at + args.keySeparator.length);
    }
  }
  if (args.partition !== undefined) m.partition = args.partition;
  return m;
}

type Settled = ({ ok: RecordMetadata[] } | { error: unknown }) & { bytes: number };

export async function produce(args: ProduceArgs, io: Io, client: SluiceClient): Promise<number> {
  const started = Date.now();
  const producer = client.producer({ mode: args.json ? 'json' : 'binary', lingerMs: 5 });
  const perPartition = new Map<number, number>();
  // Settled at once so that a failed send is never an unhandled rejection while we read stdin.
  const pending: Promise<Settled>[] = [];
  let failure: { error: unknown } | undefined;
  const account = (s: Settled) => {
    if ('error' in s) {
      failure ??= s;
      return;
    }
    let records = 0;
    for (const m of s.ok) {
      perPartition.set(m.partition, (perPartition.get(m.partition) ?? 0) + m.recordCount);
      records += m.recordCount;
    }
    args.progress?.add(records, s.bytes);
  };
  const chunkSize = args.chunk ?? 500;
  let chunk: Message[] = [];
  let chunkBytes = 0;
  const sendChunk = async () => {
    if (chunk.length === 0) return;
    const bytes = chunkBytes;
    pending.push(
      producer.send({ topic: args.topic, messages: chunk, compression: args.compression }).then(
        (ok) => ({ ok, bytes }),
        (error: unknown) => ({ error, bytes }),
      ),
    );
    chunk = [];
    chunkBytes = 0;
    if (pending.length >= MAX_PENDING_SENDS) account(await pending.shift()!);
  };
  try {
    for await (const line of lines(io.stdin, args.signal)) {
      chunk.push(lineToMessage(line, args));
      chunkBytes += Buffer.byteLength(line);
      if (chunk.length >= chunkSize) await sendChunk();
      if (failure) break;
    }
    if (!failure) await sendChunk();
  } catch (error) {
    // Ctrl-C closes the line reader, which may end the loop with an AbortError: not a failure.
    if (!args.signal?.aborted) failure ??= { error };
    else await sendChunk();
  }
  for (const s of await Promise.all(pending.splice(0))) account(s);
  await producer.disconnect().catch(() => {});
  args.progress?.stop();
  const interrupted = args.signal?.aborted === true;
  const total = [...perPartition.values()].reduce((a, b) => a + b, 0);
  const parts = [...perPartition.entries()].sort(([a], [b]) => a - b).map(([p, n]) => `${p}: ${n}`).join(', ');
  await write(io.stderr, `produced ${total} record${total === 1 ? '' : 's'} to ${args.topic} in ${Date.now() - started} ms${parts ? ` (partition ${parts})` : ''}${failure ? ', then failed' : interrupted ? ', then interrupted' : ''}\n`);
  if (failure) throw failure.error;
  return interrupted ? EXIT.interrupted : 0;
}
