/**
 * ListOffsets (key 2), from Kafka's ListOffsetsRequest.json / ListOffsetsResponse.json (0-7,
 * flexible from 6). Served from v1, the first to answer one offset with its timestamp (v0's list
 * of old-style offsets no client here sends). v2 adds IsolationLevel, v4 the leader epochs, v7 the
 * max-timestamp query (-3, KIP-734). v8+ only add tiered-storage queries.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const ListOffsets: MessageSchema = {
  apiKey: 2,
  name: 'ListOffsets',
  versions: range('1-7'),
  flexibleFrom: 6,
  request: [
    field('replicaId', 'int32', '0+'),
    field('isolationLevel', 'int8', '2+'),
    field(
      'topics',
      array(
        struct(
          field('name', 'string', '0+'),
          field(
            'partitions',
            array(
              struct(
                field('partitionIndex', 'int32', '0+'),
                field('currentLeaderEpoch', 'int32', '4+', { default: '-1' }),
                field('timestamp', 'int64', '0+'),
                field('maxNumOffsets', 'int32', '0', { default: '1' }),
              ),
            ),
            '0+',
          ),
        ),
      ),
      '0+',
    ),
  ],
  response: [
    field('throttleTimeMs', 'int32', '2+'),
    field(
      'topics',
      array(
        struct(
          field('name', 'string', '0+'),
          field(
            'partitions',
            array(
              struct(
                field('partitionIndex', 'int32', '0+'),
                field('errorCode', 'int16', '0+'),
                field('oldStyleOffsets', array('int64'), '0'),
                field('timestamp', 'int64', '1+', { default: '-1' }),
                field('offset', 'int64', '1+', { default: '-1' }),
                field('leaderEpoch', 'int32', '4+', { default: '-1' }),
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
