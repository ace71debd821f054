/**
 * OffsetCommit (key 8), as Kafka's OffsetCommitRequest/Response.json describe it. v1 adds the
 * generation and member id (v0 commits are always standalone), v2-4 a retention time, v6 the
 * leader epoch, v7 static membership, v8 is the first flexible version. v9 (the KIP-848
 * member epoch) is not served.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const OffsetCommit: MessageSchema = {
  apiKey: 8,
  name: 'OffsetCommit',
  versions: range('0-8'),
  flexibleFrom: 8,
  request: [
    field('groupId', 'string', '0+'),
    field('generationIdOrMemberEpoch', 'int32', '1+', { default: -1 }),
    field('memberId', 'string', '1+'),
    field('groupInstanceId', 'string', '7+', { nullable: '7+', default: null }),
    field('retentionTimeMs', 'int64', '2-4', { default: -1 }),
    field('topics', array(struct(
      field('name', 'string', '0+'),
      field('partitions', array(struct(
        field('partitionIndex', 'int32', '0+'),
        field('committedOffset', 'int64', '0+'),
        field('committedLeaderEpoch', 'int32', '6+', { default: -1 }),
        field('commitTimestamp', 'int64', '1', { default: -1 }),
        field('committedMetadata', 'string', '0+', { nullable: '0+' }),
      )), '0+'),
    )), '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '3+'),
    field('topics', array(struct(
      field('name', 'string', '0+'),
      field('partitions', array(struct(
        field('partitionIndex', 'int32', '0+'),
        field('errorCode', 'int16', '0+'),
      )), '0+'),
    )), '0+'),
  ],
};
