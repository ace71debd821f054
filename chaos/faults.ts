/**
 * Faults at the storage seams. A {@link FaultInjector} wraps a real `Storage` (the ports of
 * shared/log/ports.ts) the way one Lambda instance holds it, and before or after each call may:
 *
 * - refuse it before it happens (throttling, a 500): nothing was written;
 * - let it happen, then fail (a timeout where the write did happen): the write is there, its
 *   answer is lost, and the error says nothing about side effects;
 * - crash: the instance dies at that step boundary. The call after which it dies has happened;
 *   every later call of the instance throws {@link Crash} before doing anything, as nothing runs
 *   in a killed function. The harness then treats the request as one whose response was lost,
 *   and starts a new instance.
 *
 * The engine is not told; nothing in it knows about faults (no test-only branches). The group
 * store's faults are in chaos/group-faults.ts.
 */
import { SluiceError } from '../shared/api/errors.ts';
import type {
  BatchIndex,
  EntryKey,
  IndexEntry,
  MaintenanceState,
  MaintenanceStore,
  ObjectStore,
  PartitionStateStore,
  ProducerRegistry,
  Storage,
  TopicStore,
} from '../shared/log/ports.ts';
import type { FaultKind, FaultPlan, StorageFault } from './fault-kinds.ts';
import { wrapGroupStore } from './group-faults.ts';
import type { Rng } from './rng.ts';

export { CLIENT_FAULTS, STORAGE_FAULTS, type ClientFault, type FaultKind, type FaultPlan, type StorageFault } from './fault-kinds.ts';

/** A killed function instance. Not a SluiceError: nothing answers for a dead process. */
export class Crash extends Error {
  constructor(readonly where: string) {
    super(`function instance killed (${where})`);
    this.name = 'Crash';
  }
}

/** The write faults of maintenance's storage calls, before and after the write. */
const M_BEFORE = ['maintenance-write-error'] as const;
const M_AFTER = ['maintenance-timeout-after-write'] as const;

/**
 * What the injector needs to play `lease-lost`: someone to take the partition's lease and run its
 * job while this instance waits (chaos/maintenance-workload.ts), and someone to tell whether the
 * paused instance's swap was then refused, as it must be.
 */
export interface LeaseThief {
  steal(topicId: string, partition: number): Promise<void>;
  swapAfterLoss(accepted: boolean, detail: string): void;
}

export interface FaultInjectorOptions {
  plan: FaultPlan;
  rng: Rng;
  /** Told of each fault injected. */
  onFault: (kind: FaultKind, detail: string) => void;
}

/** One function instance's faulty view of storage. */
export class FaultInjector {
  /** Set once the instance has crashed; every later call throws {@link Crash}. */
  dead = false;
  /** Off, the storage behaves (the final catch-up read, setup). */
  enabled = true;

  /** Set by a maintenance instance's owner: plays `lease-lost`. */
  thief: LeaseThief | undefined;
  /** The fault a failed read is: `maintenance-read-error` on a maintenance instance. */
  readKind: 'read-error' | 'maintenance-read-error' = 'read-error';

  private rng: Rng;
  /** Which step of maintenance each partition (`topicId/partition`) is in: what a delete belongs to. */
  private readonly phase = new Map<string, 'merge' | 'retention'>();
  /** Calls per slot since the last reseed. */
  private readonly calls = new Map<string, number>();

  constructor(private readonly options: FaultInjectorOptions) {
    this.rng = options.rng;
  }

  /**
   * Draws the next faults from `rng`. A client reseeds its instance before each request with a
   * stream named after the request. Each decision then draws from a stream named after its slot
   * (the step and the partition) and the call's rank in that slot, so which faults a request
   * meets depends on the seed and the request alone: not on earlier requests, nor on a cache
   * hit or a contended commit adding calls elsewhere.
   */
  reseed(rng: Rng): void {
    this.rng = rng;
    this.calls.clear();
  }

  wrap(storage: Storage): Storage {
    return {
      ...storage,
      objects: this.wrapObjects(storage.objects),
      index: this.wrapIndex(storage.index),
      topics: this.wrapTopics(storage.topics),
      partitions: this.wrapPartitions(storage.partitions),
      producers: this.wrapProducers(storage.producers),
      ...(storage.groups ? { groups: wrapGroupStore(storage.groups, this) } : {}),
      ...(storage.maintenance ? { maintenance: this.wrapMaintenance(storage.maintenance) } : {}),
    };
  }

  /**
   * One fault decision at a step boundary: the first of `kinds` drawn (and reported), or none.
   * Throws {@link Crash} if the instance is already dead.
   */
  roll(slot: string, kinds: readonly StorageFault[], detail: string): StorageFault | undefined {
    if (this.dead) throw new Crash('already dead');
    if (!this.enabled) return undefined;
    const rank = this.calls.get(slot) ?? 0;
    this.calls.set(slot, rank + 1);
    const rng = this.rng.fork(`${slot}#${rank}`);
    for (const kind of kinds) {
      if (rng.chance(this.options.plan[kind] ?? 0)) {
        this.options.onFault(kind, detail);
        if (kind.startsWith('crash-')) this.dead = true;
        return kind;
      }
    }
    return undefined;
  }

  private wrapObjects(objects: ObjectStore): ObjectStore {
    return {
      put: async (key, body) => {
        const before = this.roll('put', ['crash-before-put', 's3-error'], `PUT ${key}`);
        if (before === 'crash-before-put') throw new Crash('before the S3 PUT');
        if (before === 's3-error') throw new SluiceError('STORAGE_UNAVAILABLE', 'S3 PutObject: injected 503 SlowDown before the write');
        await objects.put(key, body);
        const segment = key.startsWith('segments/');
        const after = this.roll('put-done', [...(segment ? ['crash-merge-after-put' as const] : []), 'crash-after-put', 's3-timeout-after-write'], `PUT ${key}`);
        if (after === 'crash-merge-after-put') throw new Crash('after a segment PUT, before its swap');
        if (after === 'crash-after-put') throw new Crash('after the S3 PUT');
        if (after === 's3-timeout-after-write') throw new SluiceError('STORAGE_UNAVAILABLE', 'S3 PutObject: injected timeout after the write');
      },
      getRange: async (key, start, length) => {
        this.readFault('get', `GET ${key}`);
        return objects.getRange(key, start, length);
      },
      ...(objects?.get ? {
        get: async (key: string) => {
          this.readFault('get-whole', `GET ${key}`);
          return objects.get!(key);
        },
      } : {}),
      ...(objects?.list ? { list: (prefix: string) => this.wrapListing(objects.list!(prefix), prefix) } : {}),
      ...(objects?.deleteMany ? {
        deleteMany: async (keys: string[]) => {
          const detail = `DELETE ${keys.length} objects`;
          await this.writeFaults('gc-delete', detail, () => objects.deleteMany!(keys));
          if (this.roll('gc-deleted', ['crash-gc-after-delete'], detail)) throw new Crash('after deleting objects, before saving what is pending');
        },
      } : {}),
    };
  }

  /** A listing whose pages may fail to come, and after each of which the collector may die. */
  private async *wrapListing(pages: AsyncIterable<import('../shared/log/ports.ts').StoredObject[]>, prefix: string) {
    this.readFault('list', `LIST ${prefix}`);
    for await (const page of pages) {
      yield page;
      if (this.roll('listed', ['crash-gc-after-list'], `LIST ${prefix}: ${page.length} objects`)) throw new Crash('after listing objects');
    }
  }

  /**
   * Maintenance's storage: its writes may be refused or lose their answer, and the instance may
   * die at each step boundary of a merge and of retention. Which step a delete belongs to follows
   * the partition's last maintenance call: the lease taken (a pending cleanup: merge; else
   * retention), a swap (merge), a state saved (back to retention, a cleanup done).
   */
  private wrapMaintenance(store: MaintenanceStore): MaintenanceStore {
    const part = (topicId: string, partition: number) => `${topicId}/${partition}`;
    // Built on the store itself, so that a method added later passes through (without faults).
    return Object.assign(Object.create(store) as MaintenanceStore, {
      ...(store.peek ? {
        peek: async (topicId: string, partition: number) => {
          this.readFault(`m-peek/${partition}`, `peek ${partition}`);
          return store.peek!(topicId, partition);
        },
      } : {}),
      acquire: async (topicId, partition, hold, now) => {
        const state = await this.writeFaults(`m-acquire/${partition}`, `acquire ${partition}`, () => store.acquire(topicId, partition, hold, now));
        if (state) this.phase.set(part(topicId, partition), state.cleanup ? 'merge' : 'retention');
        return state;
      },
      release: (topicId, partition, owner) => this.writeFaults(`m-release/${partition}`, `release ${partition}`, () => store.release(topicId, partition, owner)),
      swapInSegment: async (segment, first, owner, from, to) => {
        const where = `swap ${segment.partition}@${segment.baseOffset}+${segment.count}`;
        const thief = this.thief;
        if (thief && this.roll(`m-steal/${segment.partition}`, ['lease-lost'], where)) {
          await thief.steal(segment.topicId, segment.partition);
          const accepted = await store.swapInSegment(segment, first, owner, from, to);
          thief.swapAfterLoss(accepted, where);
          if (accepted) this.phase.set(part(segment.topicId, segment.partition), 'merge');
          return accepted;
        }
        const swapped = await this.writeFaults(`m-swap/${segment.partition}`, where, () => store.swapInSegment(segment, first, owner, from, to));
        if (swapped) this.phase.set(part(segment.topicId, segment.partition), 'merge');
        if (swapped && this.roll(`m-swapped/${segment.partition}`, ['crash-merge-after-swap'], where)) throw new Crash(`after ${where}, before deleting what it replaced`);
        return swapped;
      },
      setState: async (topicId, partition, owner, from: MaintenanceState, to: MaintenanceState) => {
        const where = `state ${partition} mergedTo ${to.mergedTo}`;
        if (from.cleanup && this.roll(`m-state/${partition}`, ['crash-merge-before-state'], where)) throw new Crash(`before ${where}`);
        const saved = await this.writeFaults(`m-set/${partition}`, where, () => store.setState(topicId, partition, owner, from, to));
        if (saved && !to.cleanup) this.phase.set(part(topicId, partition), 'retention');
        return saved;
      },
      hollowOut: async (entry) => {
        const where = `hollow ${entry.partition}@${entry.baseOffset}`;
        if (this.roll(`m-hollow/${entry.partition}`, ['crash-retention-before-hollow'], where)) throw new Crash(`before ${where}`);
        return this.writeFaults(`m-hollowed/${entry.partition}`, where, () => store.hollowOut(entry));
      },
      deleteEntries: async (keys: EntryKey[]) => {
        const first = keys[0];
        const where = first ? `delete ${keys.length} entries of ${first.partition} from ${first.baseOffset}` : 'delete 0 entries';
        await this.writeFaults(`m-delete/${first?.partition ?? -1}`, where, () => store.deleteEntries(keys));
        const phase = first ? this.phase.get(part(first.topicId, first.partition)) : undefined;
        const kind = phase === 'merge' ? 'crash-merge-mid-delete' : phase === 'retention' ? 'crash-retention-mid-delete' : undefined;
        if (kind && this.roll(`m-deleted/${first!.partition}`, [kind], where)) throw new Crash(`after ${where}`);
      },
      scanEntries: () => this.wrapScan(store.scanEntries()),
      forgetTopic: (topicId) => this.writeFaults('m-forget', `forget ${topicId}`, () => store.forgetTopic(topicId)),
    } satisfies MaintenanceStore);
  }

  private async *wrapScan(pages: AsyncIterable<IndexEntry[]>) {
    this.readFault('scan', 'scan of the index');
    yield* pages;
  }

  /** A write with maintenance's faults: refused before it happens, or done with its answer lost. */
  private async writeFaults<T>(slot: string, detail: string, call: () => Promise<T>): Promise<T> {
    const before = this.roll(slot, M_BEFORE, detail);
    if (before) throw new SluiceError('THROTTLED', `injected throttling before ${detail}`);
    const out = await call();
    const after = this.roll(`${slot}/done`, M_AFTER, detail);
    if (after) throw new SluiceError('STORAGE_UNAVAILABLE', `injected timeout after ${detail}`);
    return out;
  }

  private wrapIndex(index: BatchIndex): BatchIndex {
    return {
      commit: (entry) => this.commitFaults(entry, () => index.commit(entry)),
      commitWithProducer: (entry, producerId, next, expected) =>
        this.commitFaults(entry, () => index.commitWithProducer(entry, producerId, next, expected)),
      // Extra arguments (a read's consistency) pass through untouched.
      latest: async (topicId, partition, ...rest) => {
        this.readFault(`latest/${partition}`, `latest ${partition}`);
        return index.latest(topicId, partition, ...rest);
      },
      floor: async (topicId, partition, offset, ...rest) => {
        this.readFault(`floor/${partition}`, `floor ${partition}@${offset}`);
        return index.floor(topicId, partition, offset, ...rest);
      },
      after: async (topicId, partition, offset, limit, ...rest) => {
        this.readFault(`after/${partition}`, `after ${partition}@${offset}`);
        return index.after(topicId, partition, offset, limit, ...rest);
      },
      firstAtOrAfterTime: async (topicId, partition, fromOffset, timestamp) => {
        this.readFault(`time/${partition}`, `time ${partition}`);
        return index.firstAtOrAfterTime(topicId, partition, fromOffset, timestamp);
      },
      ...(index?.before ? {
        before: async (topicId: string, partition: number, offset: number, limit: number, ...rest: [] | [import('../shared/log/ports.ts').ReadConsistency | undefined]) => {
          this.readFault(`before/${partition}`, `before ${partition}@${offset}`);
          return index.before!(topicId, partition, offset, limit, ...rest);
        },
      } : {}),
    };
  }

  private wrapTopics(topics: TopicStore): TopicStore {
    return {
      create: (t) => this.passThrough(() => topics.create(t)),
      get: async (name) => {
        this.readFault('topic', `topic ${name}`);
        return topics.get(name);
      },
      list: () => this.passThrough(() => topics.list()),
      replace: (t, v) => this.passThrough(() => topics.replace(t, v)),
      delete: (n, id) => this.passThrough(() => topics.delete(n, id)),
    };
  }

  private wrapProducers(producers: ProducerRegistry): ProducerRegistry {
    return {
      init: (name) => this.passThrough(() => producers.init(name)),
      state: async (producerId, topicId, partition) => {
        this.readFault(`producer/${partition}`, `producer state ${producerId}@${partition}`);
        return producers.state(producerId, topicId, partition);
      },
    };
  }

  private wrapPartitions(partitions: PartitionStateStore): PartitionStateStore {
    return {
      logStartOffsets: async (topicId, list) => {
        this.readFault('starts', 'log start offsets');
        return partitions.logStartOffsets(topicId, list);
      },
      ...(partitions?.advanceLogStart ? {
        advanceLogStart: async (topicId: string, partition: number, offset: number) => {
          const where = `log start ${partition} -> ${offset}`;
          const moved = await this.writeFaults(`m-advance/${partition}`, where, () => partitions.advanceLogStart!(topicId, partition, offset));
          this.phase.set(`${topicId}/${partition}`, 'retention');
          if (this.roll(`m-advanced/${partition}`, ['crash-retention-after-advance'], where)) throw new Crash(`after ${where}, before deleting what lies behind it`);
          return moved;
        },
      } : {}),
    };
  }

  /** A commit (one conditional write or transaction) with the faults of its step boundaries. */
  private async commitFaults<T>(entry: IndexEntry, call: () => Promise<T>): Promise<T> {
    const where = `commit ${entry.partition}@${entry.baseOffset}`;
    const before = this.roll(`commit/${entry.partition}`, ['crash-before-commit', 'ddb-throttle', 'ddb-error'], where);
    if (before === 'crash-before-commit') throw new Crash(`before ${where}`);
    if (before === 'ddb-throttle') throw new SluiceError('THROTTLED', 'DynamoDB: injected throttling before the write');
    if (before === 'ddb-error') throw new SluiceError('STORAGE_UNAVAILABLE', 'DynamoDB: injected 500 before the write');
    const outcome = await call();
    const after = this.roll(`committed/${entry.partition}`, ['crash-after-commit', 'ddb-timeout-after-write', 'ddb-throttle-after-write'], where);
    if (after === 'crash-after-commit') throw new Crash(`after ${where}`);
    if (after === 'ddb-timeout-after-write') throw new SluiceError('STORAGE_UNAVAILABLE', 'DynamoDB: injected timeout after the write');
    if (after === 'ddb-throttle-after-write') {
      throw new SluiceError('THROTTLED', 'DynamoDB: injected throttling of the retry of a write that happened');
    }
    return outcome;
  }

  private readFault(slot: string, detail: string): void {
    if (this.roll(`read/${slot}`, [this.readKind], detail)) throw new SluiceError('STORAGE_UNAVAILABLE', `injected read failure (${detail})`);
  }

  private async passThrough<T>(call: () => Promise<T>): Promise<T> {
    if (this.dead) throw new Crash('already dead');
    return call();
  }
}
