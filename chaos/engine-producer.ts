/**
 * A producer client of the in-process target. It stands for the SDK on the other side of a
 * Function URL: it sends one request per send (binary RecordBatch v2 frames), and decides from
 * each failure, by the SDK's side-effect rule, whether to retry and what it may claim.
 *
 * - `plain`: Kafka's producer without idempotence, retrying every retriable failure (at least
 *   once). After an indeterminate failure a retry may write the records twice: the checker must
 *   then report duplicates.
 * - `idempotent`: a producer id and epoch from the producer registry, a sequence per partition.
 *   Every retry carries the same sequences, so the engine answers a batch it has already
 *   committed with the original offsets. When a send gives up without knowing whether it
 *   landed, the producer re-initializes (a new epoch, sequences from 0), as Kafka's does.
 *
 * - `safe`: without idempotence, retrying only failures that provably wrote nothing (the SDK's
 *   default for a plain producer). Only a duplicated delivery may then duplicate records; any
 *   other duplicate means a failure claimed no side effects wrongly.
 *
 * Client-side faults are injected here: a lost response (the request ran, the answer never
 * came back), a duplicated delivery (a second function instance runs the same request), and a
 * throttled invocation (the Function URL answers 429 and nothing runs).
 */
import { SluiceError } from '../shared/api/errors.ts';
import type { PartitionFrame } from '../shared/api/frames.ts';
import { encodeBatch } from '../shared/codec/index.ts';
import { recordFor } from './record-bytes.ts';
import { backoffMs, sleep, type RetryPolicy } from './backoff.ts';
import type { Instance } from './engine-instance.ts';
import type { FaultPlan } from './faults.ts';
import type { SentValue } from './history.ts';
import type { Rng } from './rng.ts';
import { judgeAttempt } from './side-effects.ts';
import type { ProducerClient, ProducerMode, SendResult } from './target.ts';

export interface EngineHost {
  readonly topic: string;
  readonly plan: FaultPlan;
  readonly policy: RetryPolicy;
  /** A new function instance for this process (a cold start). */
  spawn(process: string): Instance;
  /** Runs the same request on another instance, in the background: a duplicated delivery. */
  deliverTwice(process: string, frames: PartitionFrame[], rng: Rng): void;
  fault(kind: string, process: string, detail: string): void;
}

interface Identity {
  producerId: number;
  producerEpoch: number;
}

export class EngineProducer implements ProducerClient {
  private instance: Instance;
  private identity: Identity | undefined;
  private readonly nextSeq = new Map<number, number>();
  private sends = 0;

  constructor(
    private readonly host: EngineHost,
    private readonly process: string,
    private readonly mode: ProducerMode,
    private readonly rng: Rng,
    private readonly producerName: string,
  ) {
    this.instance = host.spawn(process);
  }

  async send(values: SentValue[]): Promise<SendResult> {
    const byPartition = new Map<number, string[]>();
    for (const v of values) byPartition.set(v.partition, [...(byPartition.get(v.partition) ?? []), v.value]);
    const identity = this.mode === 'idempotent' ? await this.ensureIdentity() : undefined;
    if (this.mode === 'idempotent' && !identity) {
      return { outcome: 'fail', offsets: {}, failed: [], attempts: 0, error: 'could not initialize the producer' };
    }
    const frames = new Map<number, PartitionFrame>();
    // One timestamp for the send: the checker expects it on every record it reads back.
    const timestamp = Date.now();
    for (const [partition, list] of byPartition) {
      const stamp = identity ? { ...identity, baseSequence: this.nextSeq.get(partition) ?? 0 } : {};
      const records = list.map((v) => recordFor(v, timestamp));
      frames.set(partition, { partition, batches: encodeBatch(records, stamp) });
    }

    const committed = new Map<number, number>();
    const maybe = new Set<number>();
    let attempts = 0;
    let lastError: string | undefined;
    // Every decision of this send draws from streams named after it: see FaultInjector.reseed.
    const sendRng = this.rng.fork(`send${this.sends++}`);
    for (let retry = 0; retry <= this.host.policy.retries; retry++) {
      const rng = sendRng.fork(`attempt${retry}`);
      if (retry > 0) await sleep(backoffMs(this.host.policy, retry - 1, rng));
      attempts++;
      const remaining = [...frames.keys()].filter((p) => !committed.has(p));
      const body = remaining.map((p) => frames.get(p)!);
      const seen = await this.attempt(body, remaining, committed, maybe, rng, (e) => (lastError = e));
      if (committed.size === frames.size || !seen.retriable) break;
      if (this.mode === 'safe' && !seen.noSideEffects) break;
    }

    const offsets: Record<string, number> = {};
    for (const [partition, base] of committed) byPartition.get(partition)!.forEach((v, i) => (offsets[v] = base + i));
    const pending = [...frames.keys()].filter((p) => !committed.has(p));
    const unknown = pending.filter((p) => maybe.has(p));
    const failed = pending.filter((p) => !maybe.has(p)).flatMap((p) => byPartition.get(p)!);
    if (identity) {
      for (const [partition] of committed) this.nextSeq.set(partition, (this.nextSeq.get(partition) ?? 0) + byPartition.get(partition)!.length);
      // Whether the unknown batches landed decides the next sequence: start a new epoch instead.
      if (unknown.length > 0) this.identity = undefined;
    }
    const outcome = pending.length === 0 ? 'ok' : committed.size === 0 && unknown.length === 0 ? 'fail' : 'info';
    return {
      outcome,
      offsets,
      failed: outcome === 'info' ? failed : [],
      attempts,
      timestamp,
      ...(outcome !== 'ok' && lastError ? { error: lastError } : {}),
    };
  }

  /**
   * One request. Records what committed and what may have been written; returns what the client
   * saw: whether the failure is retriable, and whether it proved that nothing was written.
   */
  private async attempt(
    body: PartitionFrame[],
    partitions: number[],
    committed: Map<number, number>,
    maybe: Set<number>,
    rng: Rng,
    noteError: (e: string) => void,
  ): Promise<{ retriable: boolean; noSideEffects: boolean }> {
    if (rng.chance(this.host.plan['lambda-throttle'] ?? 0)) {
      // The Function URL refused the invocation (429): nothing ran.
      this.host.fault('lambda-throttle', this.process, `partitions ${partitions.join(',')}`);
      noteError('HTTP 429 (Lambda throttled the invocation)');
      return { retriable: true, noSideEffects: true };
    }
    const lose = rng.chance(this.host.plan['lost-response'] ?? 0);
    if (rng.chance(this.host.plan['duplicate-delivery'] ?? 0)) {
      this.host.fault('duplicate-delivery', this.process, `partitions ${partitions.join(',')}`);
      this.host.deliverTwice(this.process, body, rng.fork('twin'));
      // The client cannot tell which delivery answered it: nothing it hears is proof of no effect.
      for (const p of partitions) maybe.add(p);
    }
    const instance = this.instance;
    instance.injector.reseed(rng.fork('storage'));
    let outcome: { ok: true; results: Array<{ partition: number; baseOffset: number }> } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, results: await instance.engine.produce.produceBinary(this.host.topic, body) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (instance.injector.dead) {
      // The function was killed: the Function URL answers 502, whatever it had done.
      this.instance = this.host.spawn(this.process);
      for (const p of partitions) maybe.add(p);
      noteError('function crashed (502)');
      return { retriable: true, noSideEffects: false };
    }
    if (lose) {
      this.host.fault('lost-response', this.process, `partitions ${partitions.join(',')}`);
      for (const p of partitions) maybe.add(p);
      noteError('response lost (timeout)');
      return { retriable: true, noSideEffects: false };
    }
    if (outcome.ok) {
      for (const r of outcome.results) committed.set(r.partition, r.baseOffset);
      return { retriable: true, noSideEffects: true };
    }
    const e = outcome.error;
    if (!(e instanceof SluiceError)) throw e;
    noteError(`${e.code}: ${e.message}`);
    const verdict = judgeAttempt({ code: e.code, retriable: e.retriable, status: e.status, details: e.details }, partitions);
    for (const c of verdict.committed) committed.set(c.partition, c.baseOffset);
    for (const p of verdict.maybeWritten) maybe.add(p);
    return { retriable: verdict.retriable, noSideEffects: verdict.maybeWritten.length === 0 };
  }

  private async ensureIdentity(): Promise<Identity | undefined> {
    for (let retry = 0; !this.identity && retry <= this.host.policy.retries; retry++) {
      if (retry > 0) await sleep(backoffMs(this.host.policy, retry - 1, this.rng));
      try {
        this.identity = await this.instance.engine.storage.producers.init(this.producerName);
        this.nextSeq.clear();
      } catch (e) {
        if (this.instance.injector.dead) this.instance = this.host.spawn(this.process);
        else if (!(e instanceof SluiceError) || !e.retriable) throw e;
      }
    }
    return this.identity;
  }
}
