/**
 * An in-memory Storage for the handler CPU benchmark only: it lets the benchmark time the CPU
 * of our own code (validation, partitioning, encoding, index planning, offset patching) with no
 * network and no SDK. The tests never use it: they run on the real emulators (invariant 7).
 */
import { SluiceError } from '../../shared/api/errors.ts';
import type {
  BatchIndex, CommitOutcome, IndexEntry, ObjectStore, PartitionStateStore, ProducerCommitOutcome, ProducerRegistry, ProducerState, Storage,
  TopicRecord, TopicStore,
} from '../../shared/log/ports.ts';

export class MemoryObjects implements ObjectStore {
  readonly objects = new Map<string, Buffer>();
  puts = 0;
  gets = 0;
  /** Off, bodies are dropped after the PUT (a produce-only run need not keep gigabytes). */
  constructor(private readonly keep = true) {}

  async put(key: string, body: Buffer): Promise<void> {
    this.puts++;
    this.objects.set(key, this.keep ? body : Buffer.alloc(0));
  }

  async getRange(key: string, start: number, length: number): Promise<Buffer> {
    this.gets++;
    const o = this.objects.get(key);
    if (!o || o.length < start + length) throw new Error(`no bytes ${start}+${length} in ${key}`);
    return o.subarray(start, start + length);
  }
}

export class MemoryTopics implements TopicStore {
  private readonly topics = new Map<string, TopicRecord>();

  async create(topic: TopicRecord): Promise<void> {
    if (this.topics.has(topic.name)) throw new SluiceError('TOPIC_ALREADY_EXISTS', topic.name);
    this.topics.set(topic.name, { ...topic });
  }
  async get(name: string): Promise<TopicRecord | undefined> {
    const t = this.topics.get(name);
    return t && { ...t };
  }
  async list(): Promise<TopicRecord[]> {
    return [...this.topics.values()];
  }
  async replace(topic: TopicRecord, expectedVersion: number): Promise<boolean> {
    const t = this.topics.get(topic.name);
    if (!t || t.version !== expectedVersion) return false;
    this.topics.set(topic.name, { ...topic });
    return true;
  }
  async delete(name: string, id: string): Promise<boolean> {
    if (this.topics.get(name)?.id !== id) return false;
    return this.topics.delete(name);
  }
}

/** Entries per partition, sorted by base offset (commits only ever append at the end). */
export class MemoryIndex implements BatchIndex {
  private readonly parts = new Map<string, IndexEntry[]>();
  /** Idempotent producers' states, by `{producerId}#{topicId}#{partition}`. */
  readonly producerStates = new Map<string, ProducerState>();

  async commitWithProducer(entry: IndexEntry, producerId: number, next: ProducerState, expected: ProducerState | undefined): Promise<ProducerCommitOutcome> {
    const key = `${producerId}#${entry.topicId}#${entry.partition}`;
    const stored = this.producerStates.get(key);
    if (JSON.stringify(stored) !== JSON.stringify(expected)) {
      return { committed: false, offsetTaken: false, producerConflict: { state: stored ?? null } };
    }
    const outcome = await this.commit(entry);
    if (!outcome.committed) return { committed: false, offsetTaken: true, ...(outcome.holder ? { holder: outcome.holder } : {}) };
    this.producerStates.set(key, next);
    return { committed: true };
  }

  private list(topicId: string, partition: number): IndexEntry[] {
    const key = `${topicId}#${partition}`;
    let l = this.parts.get(key);
    if (!l) this.parts.set(key, (l = []));
    return l;
  }

  async commit(entry: IndexEntry): Promise<CommitOutcome> {
    const l = this.list(entry.topicId, entry.partition);
    const last = l[l.length - 1];
    const end = last ? last.baseOffset + last.count : 0;
    if (entry.baseOffset < end) {
      const holder = l[this.floorIndex(l, entry.baseOffset)];
      return { committed: false, ...(holder ? { holder } : {}) };
    }
    l.push({ ...entry });
    return { committed: true };
  }
  async latest(topicId: string, partition: number): Promise<IndexEntry | undefined> {
    const l = this.list(topicId, partition);
    return l[l.length - 1];
  }
  async floor(topicId: string, partition: number, offset: number): Promise<IndexEntry | undefined> {
    const l = this.list(topicId, partition);
    return l[this.floorIndex(l, offset)];
  }
  async after(topicId: string, partition: number, offset: number, limit: number): Promise<IndexEntry[]> {
    const l = this.list(topicId, partition);
    const i = this.floorIndex(l, offset) + 1;
    return l.slice(i, i + limit);
  }
  async firstAtOrAfterTime(topicId: string, partition: number, fromOffset: number, timestamp: number): Promise<IndexEntry | undefined> {
    return this.list(topicId, partition).find((e) => e.baseOffset >= fromOffset && e.maxTimestamp >= timestamp);
  }

  /** Index of the last entry with baseOffset <= offset, or -1. */
  private floorIndex(l: IndexEntry[], offset: number): number {
    let lo = 0;
    let hi = l.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (l[mid]!.baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

class MemoryProducers implements ProducerRegistry {
  private nextId = 1000;
  private readonly named = new Map<string, { producerId: number; producerEpoch: number }>();
  constructor(private readonly index: MemoryIndex) {}

  async init(name?: string): Promise<{ producerId: number; producerEpoch: number }> {
    if (name === undefined) return { producerId: this.nextId++, producerEpoch: 0 };
    const prev = this.named.get(name);
    const next = prev ? { producerId: prev.producerId, producerEpoch: prev.producerEpoch + 1 } : { producerId: this.nextId++, producerEpoch: 0 };
    this.named.set(name, next);
    return next;
  }
  async state(producerId: number, topicId: string, partition: number): Promise<ProducerState | undefined> {
    return this.index.producerStates.get(`${producerId}#${topicId}#${partition}`);
  }
}

class NoPartitionState implements PartitionStateStore {
  async logStartOffsets(_topicId: string, partitions: number[]): Promise<Map<number, number>> {
    return new Map(partitions.map((p) => [p, 0]));
  }
}

export function memoryStorage(opts: { keepObjects?: boolean } = {}): Storage & { objects: MemoryObjects } {
  const index = new MemoryIndex();
  return {
    objects: new MemoryObjects(opts.keepObjects ?? true),
    topics: new MemoryTopics(),
    index,
    partitions: new NoPartitionState(),
    producers: new MemoryProducers(index),
  };
}
