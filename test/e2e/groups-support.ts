import { createClient, type SluiceClient } from '../../sdk/index.ts';
import { localCredentials, localEndpoint, localRegion, uniqueName } from '../support/env.ts';

/** Group configs short enough for a test: 3 s sessions, a heartbeat every 300 ms. */
export const FAST_SESSIONS = { sessionTimeout: 3_000, heartbeatInterval: 300, rebalanceTimeout: 5_000 } as const;

/**
 * {@link FAST_SESSIONS}, long-polling 200 ms: setting maxWaitTimeInMs selects long-poll over the
 * default 1 s pacing, so a caught-up test consumer sees new records within ~0.2 s.
 */
export const FAST_GROUP = { ...FAST_SESSIONS, maxWaitTimeInMs: 200 } as const;

/**
 * A client whose network can be cut, to play a crashed consumer: once cut, every request fails
 * as a refused connection, so it neither heartbeats, fetches nor commits, and leaves nothing.
 */
export function cuttableClient(): { client: SluiceClient; cut(): void } {
  let alive = true;
  const client = createClient({
    endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion(),
    retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
    fetch: (input, init) => (alive ? fetch(input, init) : Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED', message: 'cut' } }))),
  });
  return { client, cut: () => (alive = false) };
}

export function client(): SluiceClient {
  return createClient({ endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion() });
}

export async function topicWith(c: SluiceClient, partitions: number, perPartition: number, prefix = 'cg'): Promise<string> {
  const topic = uniqueName(prefix);
  await c.admin().createTopic({ topic, numPartitions: partitions });
  await produce(c, topic, partitions, 0, perPartition);
  return topic;
}

/** Produces `count` records to each partition, values `p{partition}-{n}` from `from`. */
export async function produce(c: SluiceClient, topic: string, partitions: number, from: number, count: number): Promise<void> {
  const producer = c.producer({ lingerMs: 5 });
  const messages = [];
  for (let p = 0; p < partitions; p++) for (let n = from; n < from + count; n++) messages.push({ partition: p, value: `p${p}-${n}` });
  await producer.send({ topic, messages });
  await producer.disconnect();
}

/** Who processed which record of which partition, and when (start and end of the handler). */
export class Recorder {
  readonly deliveries: { member: string; partition: number; offset: number; start: number; end: number }[] = [];

  /** An eachMessage that records and takes `delayMs` per record (or what the function says for this record). */
  handler(member: string, delayMs: number | ((partition: number, offset: number) => number) = 2) {
    return async ({ partition, message }: { partition: number; message: { offset: number } }) => {
      const start = performance.now();
      await new Promise((r) => setTimeout(r, typeof delayMs === 'number' ? delayMs : delayMs(partition, message.offset)));
      this.deliveries.push({ member, partition, offset: message.offset, start, end: performance.now() });
    };
  }

  /** Pairs of deliveries of one partition by two members whose handlers overlapped in time. */
  overlaps(): string[] {
    const out: string[] = [];
    for (const [partition, list] of this.byPartition()) {
      const sorted = [...list].sort((a, b) => a.start - b.start);
      const lastEnd = new Map<string, number>();
      for (const d of sorted) {
        for (const [member, end] of lastEnd) if (member !== d.member && end > d.start) out.push(`p${partition}: ${member} until ${end.toFixed(1)}, ${d.member} from ${d.start.toFixed(1)}`);
        lastEnd.set(d.member, Math.max(lastEnd.get(d.member) ?? 0, d.end));
      }
    }
    return out;
  }

  private byPartition(): Map<number, Recorder['deliveries']> {
    const out = new Map<number, Recorder['deliveries']>();
    for (const d of this.deliveries) out.set(d.partition, [...(out.get(d.partition) ?? []), d]);
    return out;
  }

  /** Offsets delivered at least once, per partition. */
  delivered(partition: number): Set<number> {
    return new Set(this.deliveries.filter((d) => d.partition === partition).map((d) => d.offset));
  }

  /**
   * Places where one member, holding a partition without interruption, did not go on with the
   * next offset: order per partition within each stretch of ownership, as Kafka promises.
   */
  disorder(): string[] {
    const out: string[] = [];
    for (const [partition, list] of this.byPartition()) {
      const sorted = [...list].sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i++) {
        const [prev, d] = [sorted[i - 1]!, sorted[i]!];
        if (prev.member === d.member && d.offset !== prev.offset + 1) out.push(`p${partition}: ${d.member} went from ${prev.offset} to ${d.offset}`);
      }
    }
    return out;
  }

  /** Places where a partition's deliveries jumped forward past an undelivered offset. */
  skips(): string[] {
    const out: string[] = [];
    for (const [partition, list] of this.byPartition()) {
      const sorted = [...list].sort((a, b) => a.start - b.start);
      let max = -1;
      for (const d of sorted) {
        if (d.offset > max + 1) out.push(`p${partition}: ${d.member} got ${d.offset} after ${max}`);
        max = Math.max(max, d.offset);
      }
    }
    return out;
  }
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
