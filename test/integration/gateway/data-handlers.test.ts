import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBatches, encodeBatch, type BatchOptions } from '../../../shared/codec/index.ts';
import { NO_RESPONSE, type GatewayContext, type Message } from '../../../gateway/handlers/types.ts';
import { ErrorCode } from '../../../gateway/protocol/errors.ts';
import { ZERO_UUID } from '../../../gateway/protocol/uuid.ts';
import { uniqueName } from '../../support/env.ts';
import { API, caller, dataGateway, fetchBody, produceBody, type Call } from './data-support.ts';

const text = (s: string): Buffer => Buffer.from(s);

function batch(values: string[], opts: BatchOptions & { timestamp?: number } = {}): Buffer {
  const ts = opts.timestamp ?? Date.now();
  return encodeBatch(
    values.map((v, i) => ({ key: text(`k-${v}`), value: text(v), headers: [{ key: 'h', value: text(String(i)) }], timestamp: ts + i })),
    opts,
  );
}

function values(records: Buffer): string[] {
  return decodeBatches(records).flatMap((b) => b.records.map((r) => r.value!.toString()));
}

function offsets(records: Buffer): number[] {
  return decodeBatches(records).flatMap((b) => b.records.map((r) => r.offset));
}

const part = (answer: Message | typeof NO_RESPONSE, t = 0, p = 0): Message => (answer as Message).responses[t].partitionResponses?.[p] ?? (answer as Message).responses[t].partitions[p];

let gateway: GatewayContext;
let call: Call;

beforeAll(() => {
  gateway = dataGateway();
  call = caller(gateway);
});

async function topicWith(partitions = 1, configs: Record<string, string> = {}): Promise<string> {
  const name = uniqueName('gw-data');
  await gateway.engine.topics.create({ name, partitions, configs });
  return name;
}

describe('Metadata', () => {
  it('shows the gateway as the one broker leading every partition, with the topic id', async () => {
    const name = await topicWith(3);
    const topic = await gateway.engine.topics.get(name);
    for (const version of [0, 1, 4, 7, 9, 10, 12]) {
      const answer = (await call(API.metadata, version, { topics: [{ name, topicId: ZERO_UUID }], allowAutoTopicCreation: false })) as Message;
      expect(answer.brokers).toEqual([expect.objectContaining({ nodeId: 1, host: '127.0.0.1', port: 9092 })]);
      const [t] = answer.topics;
      expect(t.errorCode).toBe(ErrorCode.NONE);
      expect(t.name).toBe(name);
      expect(t.partitions.map((p: Message) => [p.partitionIndex, p.leaderId, p.replicaNodes, p.isrNodes])).toEqual([
        [0, 1, [1], [1]],
        [1, 1, [1], [1]],
        [2, 1, [1], [1]],
      ]);
      if (version >= 1) expect(answer.controllerId).toBe(1);
      if (version >= 2) expect(answer.clusterId).toBe('sluice-test');
      if (version >= 7) expect(t.partitions[0].leaderEpoch).toBe(0);
      if (version >= 10) expect(t.topicId).toBe(topic.id);
    }
  });

  it('answers an unknown topic with UNKNOWN_TOPIC_OR_PARTITION, and lists every topic for a null list', async () => {
    const name = await topicWith();
    const missing = uniqueName('gw-missing');
    const answer = (await call(API.metadata, 9, { topics: [{ name: missing }], allowAutoTopicCreation: true })) as Message;
    expect(answer.topics[0]).toMatchObject({ name: missing, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partitions: [] });
    const all = (await call(API.metadata, 9, { topics: null })) as Message;
    expect(all.topics.map((t: Message) => t.name)).toContain(name);
    const v0 = (await call(API.metadata, 0, { topics: [] })) as Message;
    expect(v0.topics.map((t: Message) => t.name)).toContain(name);
    const none = (await call(API.metadata, 1, { topics: [] })) as Message;
    expect(none.topics).toEqual([]);
  });

  it('creates an unknown topic when the gateway and the request allow it', async () => {
    const auto = caller(dataGateway({ autoCreateTopics: true, defaultPartitions: 2 }));
    const name = uniqueName('gw-auto');
    const refused = (await auto(API.metadata, 9, { topics: [{ name }], allowAutoTopicCreation: false })) as Message;
    expect(refused.topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const created = (await auto(API.metadata, 9, { topics: [{ name }], allowAutoTopicCreation: true })) as Message;
    expect(created.topics[0]).toMatchObject({ name, errorCode: ErrorCode.NONE });
    expect(created.topics[0].partitions).toHaveLength(2);
    const bad = (await auto(API.metadata, 9, { topics: [{ name: 'no spaces allowed' }], allowAutoTopicCreation: true })) as Message;
    expect(bad.topics[0].errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
  });

  it('finds a topic by id alone in v12, and answers an unknown id with UNKNOWN_TOPIC_ID', async () => {
    const name = await topicWith();
    const { id } = await gateway.engine.topics.get(name);
    const answer = (await call(API.metadata, 12, {
      topics: [
        { name: null, topicId: id },
        { name: null, topicId: '00000000-0000-4000-8000-000000000001' },
      ],
    })) as Message;
    expect(answer.topics[0]).toMatchObject({ name, topicId: id, errorCode: ErrorCode.NONE });
    expect(answer.topics[1]).toMatchObject({ name: null, errorCode: ErrorCode.UNKNOWN_TOPIC_ID });
  });
});

describe('Produce and Fetch', () => {
  it('stores client batches as received and fetches them back with real offsets, in every served version', async () => {
    const name = await topicWith();
    const first = (await call(API.produce, 3, produceBody(name, [{ index: 0, records: batch(['a', 'b']) }]))) as Message;
    expect(part(first)).toMatchObject({ index: 0, errorCode: ErrorCode.NONE, baseOffset: 0n, logAppendTimeMs: -1n });
    const second = (await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['c'], { compression: 'gzip' }) }]))) as Message;
    expect(part(second)).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 2n, logAppendTimeMs: -1n, logStartOffset: 0n, errorMessage: null });

    for (const version of [4, 5, 7, 11, 12]) {
      const answer = (await call(API.fetch, version, fetchBody(name, [{ partition: 0, offset: 0n }]))) as Message;
      if (version >= 7) expect(answer).toMatchObject({ errorCode: ErrorCode.NONE, sessionId: 0 });
      const p = part(answer);
      expect(p).toMatchObject({ partitionIndex: 0, errorCode: ErrorCode.NONE, highWatermark: 3n, lastStableOffset: 3n });
      if (version >= 5) expect(p.logStartOffset).toBe(0n);
      expect(values(p.records)).toEqual(['a', 'b', 'c']);
      expect(offsets(p.records)).toEqual([0, 1, 2]);
    }
    const tail = part((await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 2n }]))) as Message);
    expect(offsets(tail.records)).toEqual([2]);
    const end = part((await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 3n }]))) as Message);
    expect(end).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 3n });
    expect(end.records.length).toBe(0);
  });

  it('answers the log-append time on a LogAppendTime topic', async () => {
    const name = await topicWith(1, { 'message.timestamp.type': 'LogAppendTime' });
    const before = Date.now();
    const answer = part((await call(API.produce, 7, produceBody(name, [{ index: 0, records: batch(['x'], { timestamp: 1000 }) }]))) as Message);
    expect(answer.errorCode).toBe(ErrorCode.NONE);
    expect(Number(answer.logAppendTimeMs)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('answers unknown topics and partitions per partition, writing nothing', async () => {
    const name = await topicWith(2);
    const unknown = (await call(API.produce, 9, produceBody(uniqueName('gw-none'), [{ index: 0, records: batch(['a']) }]))) as Message;
    expect(part(unknown)).toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, baseOffset: -1n });
    const mixed = (await call(
      API.produce,
      9,
      produceBody(name, [
        { index: 7, records: batch(['lost']) },
        { index: 1, records: batch(['kept']) },
      ]),
    )) as Message;
    expect(part(mixed, 0, 0).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(part(mixed, 0, 1)).toMatchObject({ index: 1, errorCode: ErrorCode.NONE, baseOffset: 0n });
    const fetched = (await call(API.fetch, 12, {
      ...fetchBody(name, [
        { partition: 1, offset: 0n },
        { partition: 9, offset: 0n },
      ]),
    })) as Message;
    expect(values(part(fetched, 0, 0).records)).toEqual(['kept']);
    expect(part(fetched, 0, 1).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('refuses a corrupt batch with CORRUPT_MESSAGE and a batch with a bad record with INVALID_RECORD, writing nothing for them', async () => {
    const name = await topicWith(3);
    const corrupt = batch(['x', 'y']);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 1) ^ 0xff, corrupt.length - 1); // inside the CRC's range
    const keyless = encodeBatch([{ key: null, value: text('v'), timestamp: Date.now() }]);
    const compacted = await topicWith(1, { 'cleanup.policy': 'compact' });
    const answer = (await call(
      API.produce,
      9,
      produceBody(name, [
        { index: 0, records: corrupt },
        { index: 1, records: batch(['fine']) },
        { index: 2, records: Buffer.from('not a batch at all') },
      ]),
    )) as Message;
    expect(part(answer, 0, 0).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(part(answer, 0, 0).errorMessage).toMatch(/crc/i);
    expect(part(answer, 0, 1)).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    expect(part(answer, 0, 2).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    const bounds = await gateway.engine.offsets.bounds(await gateway.engine.topics.get(name));
    expect(bounds.map((b) => b.highWatermark)).toEqual([0, 1, 0]);
    const invalid = (await call(API.produce, 9, produceBody(compacted, [{ index: 0, records: keyless }]))) as Message;
    expect(part(invalid).errorCode).toBe(ErrorCode.INVALID_RECORD);
  });

  it('commits with acks=0 and sends nothing back; refuses other acks values', async () => {
    const name = await topicWith();
    const answer = await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['quiet']) }], { acks: 0 }));
    expect(answer).toBe(NO_RESPONSE);
    const fetched = part((await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }]))) as Message);
    expect(values(fetched.records)).toEqual(['quiet']);
    const two = (await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['no']) }], { acks: 2 }))) as Message;
    expect(part(two).errorCode).toBe(ErrorCode.INVALID_REQUIRED_ACKS);
  });

  it('refuses a transactional producer, writing nothing', async () => {
    const name = await topicWith();
    const answer = (await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['t']) }], { transactionalId: 'tx-1' }))) as Message;
    expect(part(answer)).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: expect.stringMatching(/transaction/) });
    const init = (await call(API.initProducerId, 4, { transactionalId: 'tx-1', transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 })) as Message;
    expect(init.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    const [b] = await gateway.engine.offsets.bounds(await gateway.engine.topics.get(name));
    expect(b!.highWatermark).toBe(0);
  });

  it('answers an offset outside the log with OFFSET_OUT_OF_RANGE and the log bounds', async () => {
    const name = await topicWith();
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['a']) }]));
    const answer = part((await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 5n }]))) as Message);
    expect(answer).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, highWatermark: 1n, logStartOffset: 0n });
    const negative = part((await call(API.fetch, 4, fetchBody(name, [{ partition: 0, offset: -7n }]))) as Message);
    expect(negative.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it('returns at least one whole batch however small the byte limits', async () => {
    const name = await topicWith();
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['one', 'two', 'three']) }]));
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['four']) }]));
    const answer = part((await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 1n, maxBytes: 1 }], { maxBytes: 1 }))) as Message);
    expect(values(answer.records)).toEqual(['one', 'two', 'three']);
  });

  it('names topics by id in v13, answering an unknown id with UNKNOWN_TOPIC_ID', async () => {
    const name = await topicWith();
    const { id } = await gateway.engine.topics.get(name);
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['by-id']) }]));
    // The known id alone waits for its record (minBytes 1: on a loaded stack the first read may
    // not see it yet); a request with an erring partition is answered at once, as Kafka does.
    const known = fetchBody(name, [{ partition: 0, offset: 0n }], { maxWaitMs: 5_000 });
    known.topics = [{ topicId: id, partitions: known.topics[0].partitions }];
    const answer = (await call(API.fetch, 13, known)) as Message;
    expect(answer.responses[0].topicId).toBe(id);
    expect(values(part(answer, 0, 0).records)).toEqual(['by-id']);
    const unknown = fetchBody(name, [{ partition: 0, offset: 0n }]);
    unknown.topics = [{ topicId: '00000000-0000-4000-8000-00000000abcd', partitions: unknown.topics[0].partitions }];
    expect(part((await call(API.fetch, 13, unknown)) as Message, 0, 0).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
  });

  it('answers a request continuing a fetch session with FETCH_SESSION_ID_NOT_FOUND', async () => {
    const name = await topicWith();
    const answer = (await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }], { sessionId: 42, sessionEpoch: 3 }))) as Message;
    expect(answer).toMatchObject({ errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessionId: 0, responses: [] });
    const fresh = (await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }], { sessionId: 0, sessionEpoch: 0 }))) as Message;
    expect(fresh).toMatchObject({ errorCode: ErrorCode.NONE, sessionId: 0 });
  });
});

describe('idempotent producers', () => {
  async function initProducer(version = 4): Promise<{ id: bigint; epoch: number }> {
    const answer = (await call(API.initProducerId, version, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 })) as Message;
    expect(answer.errorCode).toBe(ErrorCode.NONE);
    return { id: answer.producerId, epoch: answer.producerEpoch };
  }

  it('hands out a new producer id at epoch 0 in every served version', async () => {
    const ids = new Set<bigint>();
    for (const version of [0, 1, 2, 3, 4]) {
      const { id, epoch } = await initProducer(version);
      expect(id).toBeGreaterThanOrEqual(0n);
      expect(epoch).toBe(0);
      ids.add(id);
    }
    expect(ids.size).toBe(5);
  });

  it('answers a retried batch with its original offset and writes it once', async () => {
    const name = await topicWith();
    const { id, epoch } = await initProducer();
    const stamp = { producerId: Number(id), producerEpoch: epoch };
    const first = batch(['p0', 'p1'], { ...stamp, baseSequence: 0 });
    expect(part((await call(API.produce, 9, produceBody(name, [{ index: 0, records: first }]))) as Message).baseOffset).toBe(0n);
    const next = batch(['p2'], { ...stamp, baseSequence: 2 });
    expect(part((await call(API.produce, 7, produceBody(name, [{ index: 0, records: next }]))) as Message).baseOffset).toBe(2n);
    const retry = (await call(API.produce, 9, produceBody(name, [{ index: 0, records: first }]))) as Message;
    expect(part(retry)).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    const fetched = part((await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }]))) as Message);
    expect(values(fetched.records)).toEqual(['p0', 'p1', 'p2']);
    expect(fetched.highWatermark).toBe(3n);
  });

  it('refuses a gap in sequences with OUT_OF_ORDER_SEQUENCE_NUMBER and a stale epoch with INVALID_PRODUCER_EPOCH', async () => {
    const name = await topicWith();
    const { id } = await initProducer();
    const pid = Number(id);
    const gap = (await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['g'], { producerId: pid, producerEpoch: 0, baseSequence: 5 }) }]))) as Message;
    expect(part(gap).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    const bumped = (await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['e1'], { producerId: pid, producerEpoch: 1, baseSequence: 0 }) }]))) as Message;
    expect(part(bumped).errorCode).toBe(ErrorCode.NONE);
    const stale = (await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['e0'], { producerId: pid, producerEpoch: 0, baseSequence: 1 }) }]))) as Message;
    expect(part(stale).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    const fetched = part((await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }]))) as Message);
    expect(values(fetched.records)).toEqual(['e1']);
  });
});

describe('ListOffsets', () => {
  it('finds the earliest, the latest, by timestamp and the max timestamp', async () => {
    const name = await topicWith();
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['a', 'b'], { timestamp: 1_000 }) }]));
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['c'], { timestamp: 9_000 }) }]));
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['d'], { timestamp: 5_000 }) }]));
    const query = (timestamp: bigint) => ({ replicaId: -1, isolationLevel: 0, topics: [{ name, partitions: [{ partitionIndex: 0, timestamp }] }] });
    const at = async (version: number, timestamp: bigint) => ((await call(API.listOffsets, version, query(timestamp))) as Message).topics[0].partitions[0];
    for (const version of [1, 2, 4, 6, 7]) {
      expect(await at(version, -2n)).toMatchObject({ errorCode: ErrorCode.NONE, offset: 0n });
      expect(await at(version, -1n)).toMatchObject({ errorCode: ErrorCode.NONE, offset: 4n });
      expect(await at(version, 1_001n)).toMatchObject({ offset: 1n, timestamp: 1_001n });
      expect(await at(version, 6_000n)).toMatchObject({ offset: 2n, timestamp: 9_000n });
      expect(await at(version, 10_000n)).toMatchObject({ errorCode: ErrorCode.NONE, offset: -1n, timestamp: -1n });
    }
    expect(await at(7, -3n)).toMatchObject({ errorCode: ErrorCode.NONE, offset: 2n, timestamp: 9_000n });
    const unknown = (await call(API.listOffsets, 7, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [
        { name, partitions: [{ partitionIndex: 3, timestamp: -1n }] },
        { name: uniqueName('gw-none'), partitions: [{ partitionIndex: 0, timestamp: -1n }] },
      ],
    })) as Message;
    expect(unknown.topics[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(unknown.topics[1].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('finds the max timestamp at or after the log start, when the log start cuts through a batch', async () => {
    const name = await topicWith();
    const records = (stamps: number[]) => encodeBatch(stamps.map((timestamp, i) => ({ key: null, value: text(`r${i}`), timestamp })));
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: records([9_500, 2_000]) }]));
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: records([3_000]) }]));
    const query = { replicaId: -1, isolationLevel: 0, topics: [{ name, partitions: [{ partitionIndex: 0, timestamp: -3n }] }] };
    const whole = (await call(API.listOffsets, 7, query)) as Message;
    expect(whole.topics[0].partitions[0]).toMatchObject({ offset: 0n, timestamp: 9_500n });
    await gateway.engine.deleteRecords(name, [{ partition: 0, offset: 1 }]);
    const cut = (await call(API.listOffsets, 7, query)) as Message;
    expect(cut.topics[0].partitions[0]).toMatchObject({ offset: 2n, timestamp: 3_000n });
    const earliest = (await call(API.listOffsets, 7, { ...query, topics: [{ name, partitions: [{ partitionIndex: 0, timestamp: -2n }] }] })) as Message;
    expect(earliest.topics[0].partitions[0].offset).toBe(1n);
  });

  it('answers max timestamp on an empty partition with -1', async () => {
    const name = await topicWith();
    const answer = (await call(API.listOffsets, 7, { replicaId: -1, isolationLevel: 0, topics: [{ name, partitions: [{ partitionIndex: 0, timestamp: -3n }] }] })) as Message;
    expect(answer.topics[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.NONE, offset: -1n, timestamp: -1n });
  });
});

describe('waiting fetches', () => {
  it('waits maxWaitMs when nothing comes, then answers empty', async () => {
    const name = await topicWith();
    const started = Date.now();
    const answer = part((await call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }], { maxWaitMs: 600 }))) as Message);
    const waited = Date.now() - started;
    expect(answer).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 0n });
    expect(answer.records.length).toBe(0);
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(waited).toBeLessThan(3_000);
  });

  it('wakes when another gateway produces, through the shared watcher', async () => {
    const name = await topicWith();
    const other = caller(dataGateway());
    const started = Date.now();
    const waiting = call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }], { maxWaitMs: 20_000 }));
    await new Promise((r) => setTimeout(r, 300));
    await other(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['late']) }]));
    const answer = part((await waiting) as Message);
    expect(values(answer.records)).toEqual(['late']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('wakes many waiters of one partition at once when this gateway produces', async () => {
    const name = await topicWith();
    const waits = Array.from({ length: 20 }, () => call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }], { maxWaitMs: 20_000 })));
    await new Promise((r) => setTimeout(r, 200));
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['all']) }]));
    const answers = await Promise.all(waits);
    for (const a of answers) expect(values(part(a as Message).records)).toEqual(['all']);
  });

  it('stops waiting when the connection closes', async () => {
    const name = await topicWith();
    const closed = new AbortController();
    const started = Date.now();
    const waiting = call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }], { maxWaitMs: 20_000 }), closed.signal);
    await new Promise((r) => setTimeout(r, 200));
    closed.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('waits for minBytes to accumulate', async () => {
    const name = await topicWith();
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['small']) }]));
    const waiting = call(API.fetch, 12, fetchBody(name, [{ partition: 0, offset: 0n }], { maxWaitMs: 20_000, minBytes: 300 }));
    let done = false;
    void waiting.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 400));
    expect(done).toBe(false);
    await call(API.produce, 9, produceBody(name, [{ index: 0, records: batch(['x'.repeat(400)]) }]));
    const answer = part((await waiting) as Message);
    expect(values(answer.records)).toEqual(['small', 'x'.repeat(400)]);
  });
});
