/**
 * A fake HTTP transport for SDK and CLI unit tests: an in-memory stand-in for the three functions,
 * speaking the wire contract of docs/architecture.md (JSON and binary produce, binary fetch,
 * offsets, topic admin). It stores batches as received and patches base offsets on read, like the
 * real read path. It is not a storage fake: e2e tests run the real server.
 */
import { decodeFrames } from '../../../shared/api/frames.ts';
import { decodeBatches, encodeBatch, setBaseOffset } from '../../../shared/codec/index.ts';

export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: Buffer;
}

interface StoredBatch {
  base: number;
  count: number;
  bytes: Buffer;
  maxTimestamp: number;
}

interface FakeTopic {
  id: string;
  partitions: StoredBatch[][];
  configs: Record<string, string>;
}

/** A canned answer that replaces the next matching request's real one. */
export type Injected = { status: number; body: unknown } | { throw: unknown };

export class FakeService {
  readonly base = 'http://fake.sluice.test';
  readonly requests: SeenRequest[] = [];
  readonly topics = new Map<string, FakeTopic>();
  /** Answers to give instead of the real ones, consumed in order, per route kind. */
  readonly inject: { produce: Injected[]; fetch: Injected[]; admin: Injected[] } = { produce: [], fetch: [], admin: [] };
  /** Answers a request itself when it returns something (checked after `inject`). */
  respond: (req: SeenRequest) => Injected | undefined = () => undefined;
  /** Called before answering a produce: lets tests hold requests open. */
  beforeProduce: (req: SeenRequest) => Promise<void> = async () => {};
  private now = 1_700_000_000_000;

  createTopic(name: string, partitions: number): void {
    this.topics.set(name, { id: `id-${name}`, partitions: Array.from({ length: partitions }, () => []), configs: {} });
  }

  highWatermark(topic: string, partition: number): number {
    const log = this.topics.get(topic)!.partitions[partition]!;
    const last = log.at(-1);
    return last ? last.base + last.count : 0;
  }

  /** Every record of a partition, decoded, with its offset. */
  records(topic: string, partition: number) {
    return this.topics.get(topic)!.partitions[partition]!.flatMap((b) => {
      const copy = Buffer.from(b.bytes);
      setBaseOffset(copy, 0, b.base);
      return decodeBatches(copy).flatMap((d) => d.records);
    });
  }

  produceRequests(): SeenRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/records'));
  }

  readonly fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const req: SeenRequest = {
      method: init.method ?? 'GET',
      url: new URL(input),
      headers: new Headers(init.headers),
      body: init.body ? Buffer.from(init.body as Uint8Array) : Buffer.alloc(0),
    };
    this.requests.push(req);
    const kind = /\/records$/.test(req.url.pathname) ? (req.method === 'POST' ? 'produce' : 'fetch') : /\/offsets$/.test(req.url.pathname) ? 'fetch' : 'admin';
    if (kind === 'produce') await this.beforeProduce(req);
    const injected = this.inject[kind].shift() ?? this.respond(req);
    if (injected) {
      if ('throw' in injected) throw injected.throw;
      return Response.json(injected.body, { status: injected.status });
    }
    if (kind === 'fetch') await this.longPoll(req, init.signal ?? undefined);
    return this.route(req);
  };

  /** Waits (up to maxWaitMs) while the partition has nothing at the requested offset. */
  private async longPoll(req: SeenRequest, signal?: AbortSignal): Promise<void> {
    const m = /^\/v1\/topics\/([^/]+)\/partitions\/(\d+)\/records$/.exec(req.url.pathname);
    const wait = Number(req.url.searchParams.get('maxWaitMs') ?? 0);
    if (!m || wait <= 0) return;
    const name = decodeURIComponent(m[1]!);
    const offset = Number(req.url.searchParams.get('offset') ?? 0);
    const until = Date.now() + wait;
    while (Date.now() < until && this.topics.get(name)?.partitions[Number(m[2])] && this.highWatermark(name, Number(m[2])) <= offset) {
      if (signal?.aborted) throw signal.reason;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private producerIds = 1000;

  private error(status: number, code: string, extra: Record<string, unknown> = {}): Response {
    return Response.json({ error: { code, message: `${code} (fake)`, retriable: status === 429 || status === 503, ...extra } }, { status });
  }

  private route(req: SeenRequest): Response {
    const path = req.url.pathname;
    if (path === '/v1/endpoints') return Response.json({ admin: this.base, produce: this.base, fetch: this.base });
    if (path === '/v1/producers' && req.method === 'POST') return Response.json({ producerId: this.producerIds++, producerEpoch: 0 });
    if (path === '/v1/topics' && req.method === 'GET') {
      return Response.json({ topics: [...this.topics].map(([name, t]) => ({ name, id: t.id, partitions: t.partitions.length })) });
    }
    if (path === '/v1/topics' && req.method === 'POST') {
      const body = JSON.parse(req.body.toString()) as { name: string; partitions?: number; configs?: Record<string, string> };
      if (this.topics.has(body.name)) return this.error(409, 'TOPIC_ALREADY_EXISTS');
      this.createTopic(body.name, body.partitions ?? 1);
      this.topics.get(body.name)!.configs = body.configs ?? {};
      return Response.json(this.describe(body.name), { status: 201 });
    }
    const m = /^\/v1\/topics\/([^/]+)(\/.*)?$/.exec(path);
    const name = m ? decodeURIComponent(m[1]!) : '';
    const topic = this.topics.get(name);
    if (!m) return this.error(404, 'NOT_FOUND');
    if (!topic) return this.error(404, 'UNKNOWN_TOPIC');
    const rest = m[2] ?? '';
    if (rest === '' && req.method === 'GET') return Response.json(this.describe(name));
    if (rest === '' && req.method === 'DELETE') {
      this.topics.delete(name);
      return Response.json({ deleted: name, id: topic.id });
    }
    if (rest === '/records' && req.method === 'POST') return this.produce(name, topic, req);
    const fetchMatch = /^\/partitions\/(\d+)\/records$/.exec(rest);
    if (fetchMatch) return this.fetchRecords(topic, Number(fetchMatch[1]), req);
    if (rest === '/offsets') return this.offsets(name, topic, req);
    return this.error(404, 'NOT_FOUND');
  }

  private describe(name: string) {
    const t = this.topics.get(name)!;
    return {
      name, id: t.id, partitions: t.partitions.length, configs: t.configs, createdAt: 0,
      partitionInfo: t.partitions.map((_, p) => ({ partition: p, logStartOffset: 0, highWatermark: this.highWatermark(name, p) })),
    };
  }

  private append(topic: FakeTopic, partition: number, bytes: Buffer): { baseOffset: number; recordCount: number } {
    const log = topic.partitions[partition]!;
    const batches = decodeBatches(bytes);
    const count = batches.reduce((n, b) => n + b.records.length, 0);
    const last = log.at(-1);
    const base = last ? last.base + last.count : 0;
    const maxTimestamp = Math.max(...batches.flatMap((b) => b.records.map((r) => r.timestamp)));
    log.push({ base, count, bytes: Buffer.from(bytes), maxTimestamp });
    return { baseOffset: base, recordCount: count };
  }

  private produce(name: string, topic: FakeTopic, req: SeenRequest): Response {
    const type = req.headers.get('content-type') ?? '';
    const logAppendTime = ++this.now;
    const parts: { partition: number; bytes: Buffer }[] = [];
    if (type.startsWith('application/vnd.sluice.batches')) {
      for (const f of decodeFrames(req.body)) parts.push({ partition: f.partition, bytes: f.batches });
    } else {
      const body = JSON.parse(req.body.toString()) as {
        encoding?: string; compression?: 'none' | 'gzip';
        records: { key?: string | null; value: string | null; partition?: number; timestamp?: number; headers?: { key: string; value: string | null }[] }[];
      };
      const enc = (body.encoding ?? 'utf8') as BufferEncoding;
      const dec = (s: string | null | undefined) => (s === null || s === undefined ? null : Buffer.from(s, enc));
      const byPartition = new Map<number, Parameters<typeof encodeBatch>[0]>();
      for (const r of body.records) {
        const p = r.partition ?? 0;
        if (!byPartition.has(p)) byPartition.set(p, []);
        byPartition.get(p)!.push({ key: dec(r.key), value: dec(r.value), timestamp: r.timestamp ?? this.now, headers: (r.headers ?? []).map((h) => ({ key: h.key, value: dec(h.value) })) });
      }
      for (const [partition, records] of byPartition) parts.push({ partition, bytes: encodeBatch(records, { compression: body.compression ?? 'none' }) });
    }
    if (parts.some((p) => p.partition >= topic.partitions.length)) return this.error(404, 'UNKNOWN_PARTITION');
    const partitions = parts.map((p) => ({ partition: p.partition, ...this.append(topic, p.partition, p.bytes), logAppendTime }));
    return Response.json({ topic: name, partitions });
  }

  private fetchRecords(topic: FakeTopic, partition: number, req: SeenRequest): Response {
    const log = topic.partitions[partition];
    if (!log) return this.error(404, 'UNKNOWN_PARTITION');
    const offset = Number(req.url.searchParams.get('offset') ?? 0);
    const maxBytes = Number(req.url.searchParams.get('maxBytes') ?? 1 << 20);
    const last = log.at(-1);
    const hw = last ? last.base + last.count : 0;
    if (offset > hw) return this.error(416, 'OFFSET_OUT_OF_RANGE', { offset, logStartOffset: 0, highWatermark: hw });
    const out: Buffer[] = [];
    let size = 0;
    let next = offset;
    for (const b of log) {
      if (b.base + b.count <= offset) continue;
      if (out.length > 0 && size + b.bytes.length > maxBytes) break;
      const copy = Buffer.from(b.bytes);
      setBaseOffset(copy, 0, b.base);
      out.push(copy);
      size += copy.length;
      next = b.base + b.count;
    }
    return new Response(Buffer.concat(out), {
      status: 200,
      headers: {
        'content-type': 'application/vnd.sluice.batches',
        'x-sluice-high-watermark': String(hw), 'x-sluice-log-start-offset': '0', 'x-sluice-next-offset': String(next),
      },
    });
  }

  private offsets(name: string, topic: FakeTopic, req: SeenRequest): Response {
    const at = req.url.searchParams.get('at') ?? 'latest';
    const only = req.url.searchParams.get('partition');
    const ts = Number(req.url.searchParams.get('timestamp'));
    const partitions = topic.partitions.map((log, partition) => {
      const hw = this.highWatermark(name, partition);
      if (at === 'earliest') return { partition, offset: 0 };
      if (at === 'latest') return { partition, offset: hw };
      const hit = log.find((b) => b.maxTimestamp >= ts);
      return { partition, offset: hit ? hit.base : hw };
    }).filter((p) => only === null || p.partition === Number(only));
    return Response.json({ topic: name, partitions });
  }
}
