// The admin messages against a real client's own encoders and decoders: every version KafkaJS
// 2.2.4 speaks, its request bytes decoded by our descriptions and our response bytes decoded by
// its parsers. A field out of place shows up here as a wrong value or leftover bytes.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { AlterConfigs } from '../../../gateway/messages/alter-configs.ts';
import { CreatePartitions } from '../../../gateway/messages/create-partitions.ts';
import { CreateTopics } from '../../../gateway/messages/create-topics.ts';
import { DeleteGroups } from '../../../gateway/messages/delete-groups.ts';
import { DeleteRecords } from '../../../gateway/messages/delete-records.ts';
import { DeleteTopics } from '../../../gateway/messages/delete-topics.ts';
import { DescribeConfigs } from '../../../gateway/messages/describe-configs.ts';
import { DescribeGroups } from '../../../gateway/messages/describe-groups.ts';
import { ListGroups } from '../../../gateway/messages/list-groups.ts';
import { decodeRequestBody, encodeResponseBody } from '../../../gateway/protocol/codec.ts';
import { encodeAssignment, encodeSubscription } from '../../../gateway/protocol/consumer-protocol.ts';
import type { MessageSchema } from '../../../gateway/protocol/schema.ts';

const require = createRequire(import.meta.url);

interface KafkaJsApi {
  versions: string[];
  protocol: (v: { version: number }) => (args: unknown) => {
    request: { encode: () => Promise<{ buffer: Buffer }> };
    response: { decode: (b: Buffer) => Promise<Record<string, unknown>> };
  };
}

function kafkajs(api: string): KafkaJsApi {
  return require(`kafkajs/src/protocol/requests/${api}/index.js`) as KafkaJsApi;
}

/** KafkaJS's request bytes, decoded by our description of that version. */
async function theirRequest(api: string, schema: MessageSchema, version: number, args: unknown) {
  const { request } = kafkajs(api).protocol({ version })(args);
  return decodeRequestBody(schema, version, (await request.encode()).buffer);
}

/** Our response bytes, decoded by KafkaJS's parser for that version. */
async function theirResponse(api: string, schema: MessageSchema, version: number, args: unknown, value: Record<string, unknown>) {
  const { response } = kafkajs(api).protocol({ version })(args);
  return response.decode(encodeResponseBody(schema, version, value));
}

const versions = (api: string) => kafkajs(api).versions.map(Number);

describe('admin messages against KafkaJS 2.2.4', () => {
  it('CreateTopics: every KafkaJS version', async () => {
    expect(versions('createTopics')).toEqual([0, 1, 2, 3]);
    for (const v of versions('createTopics')) {
      const args = { topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '1000' }] }], validateOnly: true, timeout: 1234 };
      const req = await theirRequest('createTopics', CreateTopics, v, args);
      expect(req.topics).toEqual([{ name: 'orders', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [{ name: 'retention.ms', value: '1000' }] }]);
      expect(req.timeoutMs).toBe(1234);
      expect(req.validateOnly).toBe(v >= 1);
      const res = await theirResponse('createTopics', CreateTopics, v, args, { throttleTimeMs: 0, topics: [{ name: 'orders', errorCode: 36, errorMessage: 'taken' }] });
      expect(res.topicErrors).toEqual([{ topic: 'orders', errorCode: 36, ...(v >= 1 ? { errorMessage: 'taken' } : {}) }]);
    }
  });

  it('DeleteTopics, CreatePartitions, DeleteGroups: every KafkaJS version', async () => {
    for (const v of versions('deleteTopics')) {
      const req = await theirRequest('deleteTopics', DeleteTopics, v, { topics: ['a', 'b'], timeout: 10 });
      expect(req.topicNames).toEqual(['a', 'b']);
      const res = await theirResponse('deleteTopics', DeleteTopics, v, {}, { throttleTimeMs: 0, responses: [{ name: 'a', errorCode: 0 }, { name: 'b', errorCode: 3 }] });
      expect(res.topicErrors).toEqual([{ topic: 'a', errorCode: 0 }, { topic: 'b', errorCode: 3 }]);
    }
    for (const v of versions('createPartitions')) {
      const req = await theirRequest('createPartitions', CreatePartitions, v, { topicPartitions: [{ topic: 'a', count: 5 }], validateOnly: true, timeout: 10 });
      // KafkaJS writes "no assignments" as a null array.
      expect(req).toEqual({ topics: [{ name: 'a', count: 5, assignments: null }], timeoutMs: 10, validateOnly: true });
      const res = await theirResponse('createPartitions', CreatePartitions, v, {}, { throttleTimeMs: 0, results: [{ name: 'a', errorCode: 37, errorMessage: 'smaller' }] });
      expect(res.topicErrors).toEqual([{ topic: 'a', errorCode: 37, errorMessage: 'smaller' }]);
    }
    for (const v of versions('deleteGroups')) {
      const req = await theirRequest('deleteGroups', DeleteGroups, v, ['g1', 'g2']);
      expect(req.groupsNames).toEqual(['g1', 'g2']);
      const res = await theirResponse('deleteGroups', DeleteGroups, v, ['g1'], { throttleTimeMs: 0, results: [{ groupId: 'g1', errorCode: 68 }] });
      expect(res.results).toMatchObject([{ groupId: 'g1', errorCode: 68, error: { type: 'NON_EMPTY_GROUP' } }]);
    }
  });

  it('DescribeConfigs and AlterConfigs: every KafkaJS version', async () => {
    for (const v of versions('describeConfigs')) {
      const req = await theirRequest('describeConfigs', DescribeConfigs, v, { resources: [{ type: 2, name: 'orders', configNames: ['retention.ms'] }], includeSynonyms: true });
      expect(req.resources).toEqual([{ resourceType: 2, resourceName: 'orders', configurationKeys: ['retention.ms'] }]);
      expect(req.includeSynonyms).toBe(v >= 1);
      const entry = {
        name: 'retention.ms', value: '1000', readOnly: false, isDefault: false, configSource: 1, isSensitive: false,
        synonyms: [{ name: 'retention.ms', value: '1000', source: 1 }],
      };
      const res = await theirResponse('describeConfigs', DescribeConfigs, v, {}, { throttleTimeMs: 0, results: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders', configs: [entry] }] });
      const resources = res.resources as Array<{ configEntries: Array<Record<string, unknown>> }>;
      expect(resources[0]!.configEntries[0]).toMatchObject({ configName: 'retention.ms', configValue: '1000', readOnly: false, configSource: 1, isSensitive: false });
      if (v >= 1) expect(resources[0]!.configEntries[0]!.configSynonyms).toEqual([{ configName: 'retention.ms', configValue: '1000', configSource: 1 }]);
    }
    for (const v of versions('alterConfigs')) {
      const req = await theirRequest('alterConfigs', AlterConfigs, v, { resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'retention.ms', value: '5' }] }], validateOnly: true });
      expect(req).toEqual({ resources: [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '5' }] }], validateOnly: true });
      const res = await theirResponse('alterConfigs', AlterConfigs, v, {}, { throttleTimeMs: 0, responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' }] });
      expect(res.resources).toEqual([{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' }]);
    }
  });

  it('ListGroups and DescribeGroups, with assignments KafkaJS\'s own decoder reads', async () => {
    for (const v of versions('listGroups')) {
      await theirRequest('listGroups', ListGroups, v, undefined);
      const res = await theirResponse('listGroups', ListGroups, v, undefined, { throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] });
      expect(res.groups).toEqual([{ groupId: 'g', protocolType: 'consumer' }]);
    }
    const { AssignerProtocol } = require('kafkajs') as { AssignerProtocol: { MemberAssignment: { decode: (b: Buffer) => unknown }; MemberMetadata: { decode: (b: Buffer) => unknown } } };
    for (const v of versions('describeGroups')) {
      const req = await theirRequest('describeGroups', DescribeGroups, v, { groupIds: ['g'] });
      expect(req.groups).toEqual(['g']);
      const member = {
        memberId: 'm-1', clientId: 'c', clientHost: 'unknown',
        memberMetadata: encodeSubscription({ topics: ['orders'], userData: Buffer.alloc(0) }),
        memberAssignment: encodeAssignment({ assignedPartitions: [{ topic: 'orders', partitions: [0, 2] }], userData: Buffer.alloc(0) }),
      };
      const res = await theirResponse('describeGroups', DescribeGroups, v, {}, {
        throttleTimeMs: 0,
        groups: [{ errorCode: 0, groupId: 'g', groupState: 'Stable', protocolType: 'consumer', protocolData: 'uniform', members: [member] }],
      });
      const [group] = res.groups as Array<{ state: string; protocol: string; members: Array<{ memberAssignment: Buffer; memberMetadata: Buffer }> }>;
      expect([group!.state, group!.protocol]).toEqual(['Stable', 'uniform']);
      expect(AssignerProtocol.MemberAssignment.decode(group!.members[0]!.memberAssignment)).toEqual({ version: 0, assignment: { orders: [0, 2] }, userData: Buffer.alloc(0) });
      expect(AssignerProtocol.MemberMetadata.decode(group!.members[0]!.memberMetadata)).toEqual({ version: 0, topics: ['orders'], userData: Buffer.alloc(0) });
    }
  });

  it('DeleteRecords: every KafkaJS version', async () => {
    for (const v of versions('deleteRecords')) {
      const args = { topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '7' }] }], timeout: 10 };
      const req = await theirRequest('deleteRecords', DeleteRecords, v, args);
      expect(req.topics).toEqual([{ name: 'orders', partitions: [{ partitionIndex: 0, offset: 7n }] }]);
      const res = await theirResponse('deleteRecords', DeleteRecords, v, args, { throttleTimeMs: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, lowWatermark: 7n, errorCode: 0 }] }] });
      const [topic] = res.topics as Array<{ topic: string; partitions: Array<{ partition: number; lowWatermark: unknown; errorCode: number }> }>;
      expect(topic!.partitions.map((p) => [topic!.topic, p.partition, String(p.lowWatermark), p.errorCode])).toEqual([['orders', 0, '7', 0]]);
    }
  });
});
