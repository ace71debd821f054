/**
 * Fetch (key 1), from Kafka's FetchRequest.json / FetchResponse.json. Served from v4, the first
 * whose consumers read RecordBatch v2 (and IsolationLevel, LastStableOffset), to v12, the first
 * flexible one, and v13, which names topics by id only (KIP-516): @platformatic/kafka's lowest
 * Fetch is v12, where it sends topic ids in the name field, so it must be offered v13. v5 adds
 * LogStartOffset, v7 fetch sessions (the gateway keeps none: sessionId 0), v9
 * CurrentLeaderEpoch, v11 RackId and PreferredReadReplica. v14+ serve tiered storage, replicas
 * and leader discovery, which the gateway has no use for.
 * The response's tagged fields of v12 (DivergingEpoch, CurrentLeader, SnapshotId) serve replicas
 * and leader changes, neither of which a single logical broker has, so they are never sent.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const Fetch: MessageSchema = {
  apiKey: 1,
  name: 'Fetch',
  versions: range('4-13'),
  flexibleFrom: 12,
  request: [
    field('clusterId', 'string', '12+', { nullable: '12+', default: 'null', tag: 0, tagged: '12+' }),
    field('replicaId', 'int32', '0+'),
    field('maxWaitMs', 'int32', '0+'),
    field('minBytes', 'int32', '0+'),
    field('maxBytes', 'int32', '3+', { default: String(0x7fffffff) }),
    field('isolationLevel', 'int8', '4+', { default: '0' }),
    field('sessionId', 'int32', '7+', { default: '0' }),
    field('sessionEpoch', 'int32', '7+', { default: '-1' }),
    field(
      'topics',
      array(
        struct(
          field('topic', 'string', '0-12'),
          field('topicId', 'uuid', '13+'),
          field(
            'partitions',
            array(
              struct(
                field('partition', 'int32', '0+'),
                field('currentLeaderEpoch', 'int32', '9+', { default: '-1' }),
                field('fetchOffset', 'int64', '0+'),
                field('lastFetchedEpoch', 'int32', '12+', { default: '-1' }),
                field('logStartOffset', 'int64', '5+', { default: '-1' }),
                field('partitionMaxBytes', 'int32', '0+'),
              ),
            ),
            '0+',
          ),
        ),
      ),
      '0+',
    ),
    field(
      'forgottenTopicsData',
      array(struct(field('topic', 'string', '7-12'), field('topicId', 'uuid', '13+'), field('partitions', array('int32'), '7+'))),
      '7+',
    ),
    field('rackId', 'string', '11+', { default: '' }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '7+'),
    field('sessionId', 'int32', '7+', { default: '0' }),
    field(
      'responses',
      array(
        struct(
          field('topic', 'string', '0-12'),
          field('topicId', 'uuid', '13+'),
          field(
            'partitions',
            array(
              struct(
                field('partitionIndex', 'int32', '0+'),
                field('errorCode', 'int16', '0+'),
                field('highWatermark', 'int64', '0+'),
                field('lastStableOffset', 'int64', '4+', { default: '-1' }),
                field('logStartOffset', 'int64', '5+', { default: '-1' }),
                field('abortedTransactions', array(struct(field('producerId', 'int64', '4+'), field('firstOffset', 'int64', '4+'))), '4+', {
                  nullable: '4+',
                }),
                field('preferredReadReplica', 'int32', '11+', { default: '-1' }),
                field('records', 'records', '0+', { nullable: '0+' }),
              ),
            ),
            '0+',
          ),
        ),
      ),
      '0+',
    ),
  ],
};
