import { Appender } from './append.ts';
import { deleteRecords, type DeleteRecordsResult, type DeleteRecordsTarget } from './delete-records.ts';
import { FetchService } from './fetch.ts';
import { LogStarts, type LogStartsOptions } from './log-starts.ts';
import { OffsetsService } from './offsets.ts';
import { Partitioner } from './partitioner.ts';
import type { Storage } from './ports.ts';
import { ProduceService } from './produce.ts';
import { Topics, type TopicsOptions } from './topics.ts';

export interface Engine {
  storage: Storage;
  topics: Topics;
  appender: Appender;
  produce: ProduceService;
  fetch: FetchService;
  offsets: OffsetsService;
  /** Kafka's DeleteRecords: moves log start offsets forward (shared/log/delete-records.ts). */
  deleteRecords(topic: string, targets: DeleteRecordsTarget[]): Promise<DeleteRecordsResult[]>;
}

export interface EngineOptions {
  topics?: TopicsOptions;
  /** The fetch path's cache of log start offsets (shared/log/log-starts.ts). */
  logStarts?: Omit<LogStartsOptions, 'now'>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How long the appender trusts an offset guess (shared/log/append.ts); tests shorten it with maintenance's delete delay. */
  guessTrustMs?: number;
}

/** Wires the log services over one storage. A warm function keeps one engine. */
export function createEngine(storage: Storage, opts: EngineOptions = {}): Engine {
  const topics = new Topics(storage.topics, { ...opts.topics, ...(opts.now ? { now: opts.now } : {}) });
  const appender = new Appender(
    storage.index,
    { partitions: storage.partitions, ...(opts.now ? { now: opts.now } : {}), ...(opts.guessTrustMs !== undefined ? { guessTrustMs: opts.guessTrustMs } : {}) },
    storage.producers,
  );
  const now = opts.now ? { now: opts.now } : {};
  return {
    storage,
    topics,
    appender,
    produce: new ProduceService({ storage, topics, appender, partitioner: new Partitioner(), ...now }),
    fetch: new FetchService({
      storage,
      topics,
      logStarts: new LogStarts(storage.partitions, { ...opts.logStarts, ...now }),
      ...now,
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
    }),
    offsets: new OffsetsService({ storage, appender }),
    deleteRecords: async (name, targets) => deleteRecords({ storage, appender }, await topics.get(name), targets),
  };
}
