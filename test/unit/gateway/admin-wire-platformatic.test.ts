// The admin messages' flexible versions against @platformatic/kafka's own encoders and parsers:
// its request bytes decoded by our descriptions, our response bytes parsed by it.
import * as kafka from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { topicConfigEntries } from '../../../gateway/handlers/admin/config-entries.ts';
import { AlterConfigs } from '../../../gateway/messages/alter-configs.ts';
import { CreatePartitions } from '../../../gateway/messages/create-partitions.ts';
import { CreateTopics } from '../../../gateway/messages/create-topics.ts';
import { DeleteGroups } from '../../../gateway/messages/delete-groups.ts';
import { DeleteRecords } from '../../../gateway/messages/delete-records.ts';
import { DeleteTopics } from '../../../gateway/messages/delete-topics.ts';
import { DescribeCluster } from '../../../gateway/messages/describe-cluster.ts';
import { DescribeConfigs } from '../../../gateway/messages/describe-configs.ts';
import { DescribeGroups } from '../../../gateway/messages/describe-groups.ts';
import { IncrementalAlterConfigs } from '../../../gateway/messages/incremental-alter-configs.ts';
import { ListGroups } from '../../../gateway/messages/list-groups.ts';
import { OffsetDelete } from '../../../gateway/messages/offset-delete.ts';
import { decodeRequestBody, encodeResponseBody } from '../../../gateway/protocol/codec.ts';
import { encodeAssignment, encodeSubscription } from '../../../gateway/protocol/consumer-protocol.ts';
import type { MessageSchema } from '../../../gateway/protocol/schema.ts';

interface PlatformaticApi {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createRequest: (...args: any[]) => { buffer: Buffer };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  parseResponse: (correlationId: number, apiKey: number, apiVersion: number, reader: unknown) => any;
}

const api = (name: string) => (kafka as unknown as Record<string, PlatformaticApi>)[name]!;

function theirRequest(name: string, schema: MessageSchema, version: number, ...args: unknown[]) {
  return decodeRequestBody(schema, version, api(name).createRequest(...args).buffer);
}

function theirResponse(name: string, schema: MessageSchema, version: number, value: Record<string, unknown>) {
  return api(name).parseResponse(1, schema.apiKey, version, kafka.Reader.from(encodeResponseBody(schema, version, value)));
}

const TOPIC_ID = '0f0f0f0f-1111-4222-8333-444455556666';

describe('admin messages against @platformatic/kafka', () => {
  it('CreateTopics v7, with the topic id and every effective config', () => {
    const req = theirRequest('createTopicsV7', CreateTopics, 7, [{ name: 'orders', numPartitions: -1, replicationFactor: -1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }] }], 500, false);
    expect(req).toEqual({ topics: [{ name: 'orders', numPartitions: -1, replicationFactor: -1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }] }], timeoutMs: 500, validateOnly: false });
    const configs = topicConfigEntries({ name: 'orders', id: TOPIC_ID, partitions: 3, configs: { 'cleanup.policy': 'compact' }, createdAt: 0, version: 1 })
      .map(({ name, value, readOnly, configSource, isSensitive }) => ({ name, value, readOnly, configSource, isSensitive }));
    const res = theirResponse('createTopicsV7', CreateTopics, 7, {
      throttleTimeMs: 0,
      topics: [{ name: 'orders', topicId: TOPIC_ID, errorCode: 0, errorMessage: null, numPartitions: 3, replicationFactor: 1, configs }],
    });
    expect(res.topics[0]).toMatchObject({ name: 'orders', topicId: TOPIC_ID, numPartitions: 3, replicationFactor: 1 });
    expect(res.topics[0].configs).toContainEqual({ name: 'cleanup.policy', value: 'compact', readOnly: false, configSource: 1, isSensitive: false });
    expect(res.topics[0].configs).toHaveLength(configs.length);
  });

  it('DeleteTopics v6 by id, CreatePartitions v3, DeleteRecords v2', () => {
    expect(theirRequest('deleteTopicsV6', DeleteTopics, 6, [{ name: 'orders', topicId: TOPIC_ID }], 100)).toEqual({ topics: [{ name: 'orders', topicId: TOPIC_ID }], topicNames: [], timeoutMs: 100 });
    expect(theirResponse('deleteTopicsV6', DeleteTopics, 6, { throttleTimeMs: 0, responses: [{ name: null, topicId: TOPIC_ID, errorCode: 0, errorMessage: null }] }).responses)
      .toEqual([{ name: null, topicId: TOPIC_ID, errorCode: 0, errorMessage: null }]);

    expect(theirRequest('createPartitionsV3', CreatePartitions, 3, [{ name: 'orders', count: 6, assignments: [] }], 100, true))
      .toEqual({ topics: [{ name: 'orders', count: 6, assignments: [] }], timeoutMs: 100, validateOnly: true });
    expect(theirResponse('createPartitionsV3', CreatePartitions, 3, { throttleTimeMs: 0, results: [{ name: 'orders', errorCode: 0, errorMessage: null }] }).results)
      .toEqual([{ name: 'orders', errorCode: 0, errorMessage: null }]);

    expect(theirRequest('deleteRecordsV2', DeleteRecords, 2, [{ name: 'orders', partitions: [{ partitionIndex: 1, offset: 5n }] }], 100))
      .toEqual({ topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, offset: 5n }] }], timeoutMs: 100 });
    expect(theirResponse('deleteRecordsV2', DeleteRecords, 2, { throttleTimeMs: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, lowWatermark: 5n, errorCode: 0 }] }] }).topics)
      .toEqual([{ name: 'orders', partitions: [{ partitionIndex: 1, lowWatermark: 5n, errorCode: 0 }] }]);
  });

  it('DescribeConfigs v4 with synonyms and documentation; AlterConfigs v2 and IncrementalAlterConfigs v1', () => {
    expect(theirRequest('describeConfigsV4', DescribeConfigs, 4, [{ resourceType: 2, resourceName: 'orders', configurationKeys: ['retention.ms'] }], true, true))
      .toEqual({ resources: [{ resourceType: 2, resourceName: 'orders', configurationKeys: ['retention.ms'] }], includeSynonyms: true, includeDocumentation: true });
    const configs = topicConfigEntries({ name: 'orders', id: TOPIC_ID, partitions: 1, configs: { 'retention.ms': '1000' }, createdAt: 0, version: 1 }, { keys: null, synonyms: true, documentation: true });
    const res = theirResponse('describeConfigsV4', DescribeConfigs, 4, { throttleTimeMs: 0, results: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders', configs }] });
    const retention = res.results[0].configs.find((c: { name: string }) => c.name === 'retention.ms');
    expect(retention).toMatchObject({ value: '1000', configSource: 1, configType: 5, synonyms: [{ name: 'retention.ms', value: '1000', source: 1 }, { name: 'retention.ms', value: '604800000', source: 5 }] });
    expect(retention.documentation).toMatch(/kept/);

    expect(theirRequest('alterConfigsV2', AlterConfigs, 2, [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '5' }] }], false))
      .toEqual({ resources: [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '5' }] }], validateOnly: false });
    expect(theirRequest('incrementalAlterConfigsV1', IncrementalAlterConfigs, 1, [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'cleanup.policy', configOperation: 2, value: 'compact' }] }], true))
      .toEqual({ resources: [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'cleanup.policy', configOperation: 2, value: 'compact' }] }], validateOnly: true });
    for (const [name, schema] of [['alterConfigsV2', AlterConfigs], ['incrementalAlterConfigsV1', IncrementalAlterConfigs]] as const) {
      const v = name === 'alterConfigsV2' ? 2 : 1;
      expect(theirResponse(name, schema, v, { throttleTimeMs: 0, responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' }] }).responses)
        .toEqual([{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' }]);
    }
  });

  it('ListGroups v5, DescribeGroups v5 (with assignments it decodes), DeleteGroups v2, OffsetDelete v0', () => {
    expect(theirRequest('listGroupsV5', ListGroups, 5, ['STABLE'], ['classic'])).toEqual({ statesFilter: ['STABLE'], typesFilter: ['classic'] });
    expect(theirResponse('listGroupsV5', ListGroups, 5, { throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' }] }).groups)
      .toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' }]);

    expect(theirRequest('describeGroupsV5', DescribeGroups, 5, ['g'], true)).toEqual({ groups: ['g'], includeAuthorizedOperations: true });
    const member = {
      memberId: 'm', groupInstanceId: null, clientId: 'c', clientHost: 'unknown',
      memberMetadata: encodeSubscription({ topics: ['orders'], userData: Buffer.alloc(0) }),
      memberAssignment: encodeAssignment({ assignedPartitions: [{ topic: 'orders', partitions: [1] }], userData: Buffer.alloc(0) }),
    };
    const described = theirResponse('describeGroupsV5', DescribeGroups, 5, {
      throttleTimeMs: 0,
      groups: [{ errorCode: 0, groupId: 'g', groupState: 'Stable', protocolType: 'consumer', protocolData: 'uniform', members: [member], authorizedOperations: 328 }],
    });
    expect(described.groups[0]).toMatchObject({ groupId: 'g', groupState: 'Stable', protocolData: 'uniform', authorizedOperations: 328 });
    expect(described.groups[0].members[0]).toMatchObject({ memberId: 'm', clientId: 'c', clientHost: 'unknown' });

    expect(theirRequest('deleteGroupsV2', DeleteGroups, 2, ['g'])).toEqual({ groupsNames: ['g'] });
    expect(theirResponse('deleteGroupsV2', DeleteGroups, 2, { throttleTimeMs: 0, results: [{ groupId: 'g', errorCode: 0 }] }).results).toEqual([{ groupId: 'g', errorCode: 0 }]);

    expect(theirRequest('offsetDeleteV0', OffsetDelete, 0, 'g', [{ name: 'orders', partitions: [{ partitionIndex: 2 }] }]))
      .toEqual({ groupId: 'g', topics: [{ name: 'orders', partitions: [{ partitionIndex: 2 }] }] });
    expect(theirResponse('offsetDeleteV0', OffsetDelete, 0, { errorCode: 0, throttleTimeMs: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 2, errorCode: 0 }] }] }).topics)
      .toEqual([{ name: 'orders', partitions: [{ partitionIndex: 2, errorCode: 0 }] }]);
  });

  it('DescribeCluster v0', () => {
    expect(theirRequest('describeClusterV0', DescribeCluster, 0, false)).toEqual({ includeClusterAuthorizedOperations: false });
    const res = theirResponse('describeClusterV0', DescribeCluster, 0, {
      throttleTimeMs: 0, errorCode: 0, errorMessage: null, clusterId: 'c-1', controllerId: 1,
      brokers: [{ brokerId: 1, host: 'localhost', port: 9092, rack: null }], clusterAuthorizedOperations: -2147483648,
    });
    expect(res).toMatchObject({ clusterId: 'c-1', controllerId: 1, brokers: [{ brokerId: 1, host: 'localhost', port: 9092, rack: null }] });
  });
});
