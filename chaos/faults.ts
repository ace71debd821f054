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
  IndexEntry,
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

  private rng: Rng;
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
        const after = this.roll('put-done', ['crash-after-put', 's3-timeout-after-write'], `PUT ${key}`);
        if (after === 'crash-after-put') throw new Crash('after the S3 PUT');
        if (after === 's3-timeout-after-write') throw new SluiceError('STORAGE_UNAVAILABLE', 'S3 PutObject: injected timeout after the write');
      },
      getRange: async (key, start, length) => {
        this.readFault('get', `GET ${key}`);
        return objects.getRange(key, start, length);
      },
    };
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
    if (this.roll(`read/${slot}`, ['read-error'], detail)) throw new SluiceError('STORAGE_UNAVAILABLE', `injected read failure (${detail})`);
  }

  private async passThrough<T>(call: () => Promise<T>): Promise<T> {
    if (this.dead) throw new Crash('already dead');
    return call();
  }
}
