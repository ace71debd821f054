// The group messages' descriptions checked against an independent implementation: KafkaJS 2.2.4's
// request encoders and response decoders (non-flexible versions), both directions.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../gateway/handlers/types.ts';
import { FindCoordinator } from '../../../gateway/messages/find-coordinator.ts';
import { Heartbeat } from '../../../gateway/messages/heartbeat.ts';
import { JoinGroup } from '../../../gateway/messages/join-group.ts';
import { LeaveGroup } from '../../../gateway/messages/leave-group.ts';
import { OffsetCommit } from '../../../gateway/messages/offset-commit.ts';
import { OffsetFetch } from '../../../gateway/messages/offset-fetch.ts';
import { SyncGroup } from '../../../gateway/messages/sync-group.ts';
import { decodeRequestBody, encodeResponseBody } from '../../../gateway/protocol/codec.ts';
import type { MessageSchema } from '../../../gateway/protocol/schema.ts';

const require = createRequire(import.meta.url);
type KafkaJsRequest = { encode: () => Promise<{ buffer: Buffer }> };
const kafkajs = (path: string) => require(`kafkajs/src/protocol/requests/${path}`);

async function decodeKafkaJs(schema: MessageSchema, version: number, request: KafkaJsRequest): Promise<Message> {
  return decodeRequestBody(schema, version, (await request.encode()).buffer);
}

const metadata = Buffer.from([0, 0, 0, 0, 0, 1, 0, 1, 0x74, 0, 0, 0, 0]);

describe('requests as KafkaJS encodes them', () => {
  it('JoinGroup v0-v5', async () => {
    for (const v of [0, 1, 2, 3, 4, 5]) {
      const req = kafkajs(`joinGroup/v${v}/request`)({
        groupId: 'g', sessionTimeout: 30_000, rebalanceTimeout: 60_000, memberId: 'm', protocolType: 'consumer',
        groupProtocols: [{ name: 'RoundRobinAssigner', metadata }],
      });
      const got = await decodeKafkaJs(JoinGroup, v, req);
      expect(got, `v${v}`).toMatchObject({ groupId: 'g', sessionTimeoutMs: 30_000, memberId: 'm', protocolType: 'consumer', protocols: [{ name: 'RoundRobinAssigner', metadata }] });
      expect(got.rebalanceTimeoutMs).toBe(v >= 1 ? 60_000 : -1);
    }
  });

  it('SyncGroup v0-v3, Heartbeat v0-v3, LeaveGroup v0-v3', async () => {
    for (const v of [0, 1, 2, 3]) {
      const sync = await decodeKafkaJs(SyncGroup, v, kafkajs(`syncGroup/v${v}/request`)({ groupId: 'g', generationId: 4, memberId: 'm', groupAssignment: [] }));
      expect(sync).toMatchObject({ groupId: 'g', generationId: 4, memberId: 'm', assignments: [] });
      const hb = await decodeKafkaJs(Heartbeat, v, kafkajs(`heartbeat/v${v}/request`)({ groupId: 'g', groupGenerationId: 4, memberId: 'm' }));
      expect(hb).toMatchObject({ groupId: 'g', generationId: 4, memberId: 'm' });
      const leave = await decodeKafkaJs(LeaveGroup, v, kafkajs(`leaveGroup/v${v}/request`)({ groupId: 'g', memberId: 'm', members: [{ memberId: 'm' }] }));
      if (v < 3) expect(leave).toMatchObject({ groupId: 'g', memberId: 'm' });
      else expect(leave).toMatchObject({ groupId: 'g', members: [{ memberId: 'm', groupInstanceId: null }] });
    }
  });

  it('OffsetCommit v0-v5 and OffsetFetch v1-v4', async () => {
    const topics = [{ topic: 't', partitions: [{ partition: 2, offset: '17', metadata: null }] }];
    for (const v of [0, 1, 2, 3, 4, 5]) {
      const got = await decodeKafkaJs(OffsetCommit, v, kafkajs(`offsetCommit/v${v}/request`)({ groupId: 'g', groupGenerationId: 3, memberId: 'm', retentionTime: -1, topics }));
      expect(got.topics, `v${v}`).toMatchObject([{ name: 't', partitions: [{ partitionIndex: 2, committedOffset: 17n, committedMetadata: null }] }]);
      expect(got.generationIdOrMemberEpoch).toBe(v >= 1 ? 3 : -1);
      expect(got.memberId).toBe(v >= 1 ? 'm' : '');
    }
    for (const v of [1, 2, 3, 4]) {
      const got = await decodeKafkaJs(OffsetFetch, v, kafkajs(`offsetFetch/v${v}/request`)({ groupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 0 }, { partition: 3 }] }] }));
      expect(got).toMatchObject({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 3] }] });
    }
  });

  it('FindCoordinator v0-v2', async () => {
    for (const v of [0, 1, 2]) {
      expect(await decodeKafkaJs(FindCoordinator, v, kafkajs(`findCoordinator/v${v}/request`)({ groupId: 'g', coordinatorKey: 'g', coordinatorType: 0 }))).toMatchObject({ key: 'g', keyType: 0 });
    }
  });
});

describe('answers as KafkaJS decodes them', () => {
  const decode = (path: string, buf: Buffer) => kafkajs(path).decode(buf);

  it('JoinGroup v5: a follower with its generation, and MEMBER_ID_REQUIRED with the id', async () => {
    const ok = encodeResponseBody(JoinGroup, 5, { errorCode: 0, generationId: 7, protocolName: 'RoundRobinAssigner', leader: '', memberId: 'm', members: [] });
    expect(await decode('joinGroup/v5/response', ok)).toMatchObject({ errorCode: 0, generationId: 7, groupProtocol: 'RoundRobinAssigner', leaderId: '', memberId: 'm', members: [] });
    const required = encodeResponseBody(JoinGroup, 5, { errorCode: 79, protocolName: '', leader: '', memberId: 'new-id', members: [] });
    expect(await decode('joinGroup/v5/response', required)).toMatchObject({ errorCode: 79, memberId: 'new-id', generationId: -1 });
  });

  it('SyncGroup v3, Heartbeat v3, LeaveGroup v3, OffsetCommit v5, OffsetFetch v4, FindCoordinator v2', async () => {
    const assignment = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await decode('syncGroup/v3/response', encodeResponseBody(SyncGroup, 3, { errorCode: 0, assignment }))).toMatchObject({ errorCode: 0, memberAssignment: assignment });
    expect(await decode('heartbeat/v3/response', encodeResponseBody(Heartbeat, 3, { errorCode: 0 }))).toMatchObject({ errorCode: 0 });
    expect(await decode('leaveGroup/v3/response', encodeResponseBody(LeaveGroup, 3, { errorCode: 0, members: [{ memberId: 'm', groupInstanceId: null, errorCode: 0 }] })))
      .toMatchObject({ errorCode: 0, members: [{ memberId: 'm', errorCode: 0 }] });
    expect(await decode('offsetCommit/v5/response', encodeResponseBody(OffsetCommit, 5, { topics: [{ name: 't', partitions: [{ partitionIndex: 1, errorCode: 0 }] }] })))
      .toMatchObject({ responses: [{ topic: 't', partitions: [{ partition: 1, errorCode: 0 }] }] });
    const fetched = encodeResponseBody(OffsetFetch, 4, { topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 12n, metadata: '', errorCode: 0 }] }], errorCode: 0 });
    expect(await decode('offsetFetch/v4/response', fetched)).toMatchObject({ responses: [{ topic: 't', partitions: [{ partition: 0, offset: '12', metadata: '', errorCode: 0 }] }], errorCode: 0 });
    const coordinator = encodeResponseBody(FindCoordinator, 2, { errorCode: 0, errorMessage: null, nodeId: 3, host: 'h', port: 9092 });
    expect(await decode('findCoordinator/v2/response', coordinator)).toMatchObject({ errorCode: 0, coordinator: { nodeId: 3, host: 'h', port: 9092 } });
  });
});
