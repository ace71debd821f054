/**
 * OffsetFetch (key 9), as Kafka's OffsetFetchRequest/Response.json describe it. v2 allows a null
 * topic list (every committed offset of the group) and adds a top-level error, v5 the leader
 * epoch, v6 is the first flexible version, v7 RequireStable, v8 batches groups (KIP-709). v9 (the
 * KIP-848 member epoch) is not served; its fields are transcribed for completeness.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const OffsetFetch: MessageSchema = {
  apiKey: 9,
  name: 'OffsetFetch',
  versions: range('0-8'),
  flexibleFrom: 6,
  request: [
    field('groupId', 'string', '0-7'),
    field('topics', array(struct(
      field('name', 'string', '0-7'),
      field('partitionIndexes', array('int32'), '0-7'),
    )), '0-7', { nullable: '2-7' }),
    field('groups', array(struct(
      field('groupId', 'string', '8+'),
      field('memberId', 'string', '9+', { nullable: '9+', default: null }),
      field('memberEpoch', 'int32', '9+', { default: -1 }),
      field('topics', array(struct(
        field('name', 'string', '8+'),
        field('partitionIndexes', array('int32'), '8+'),
      )), '8+', { nullable: '8+' }),
    )), '8+'),
    field('requireStable', 'bool', '7+', { default: false }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '3+'),
    field('topics', array(struct(
      field('name', 'string', '0-7'),
      field('partitions', array(struct(
        field('partitionIndex', 'int32', '0-7'),
        field('committedOffset', 'int64', '0-7'),
        field('committedLeaderEpoch', 'int32', '5-7', { default: -1 }),
        field('metadata', 'string', '0-7', { nullable: '0-7' }),
        field('errorCode', 'int16', '0-7'),
      )), '0-7'),
    )), '0-7'),
    field('errorCode', 'int16', '2-7', { default: 0 }),
    field('groups', array(struct(
      field('groupId', 'string', '8+'),
      field('topics', array(struct(
        field('name', 'string', '8+'),
        field('partitions', array(struct(
          field('partitionIndex', 'int32', '8+'),
          field('committedOffset', 'int64', '8+'),
          field('committedLeaderEpoch', 'int32', '8+', { default: -1 }),
          field('metadata', 'string', '8+', { nullable: '8+' }),
          field('errorCode', 'int16', '8+'),
        )), '8+'),
      )), '8+'),
      field('errorCode', 'int16', '8+', { default: 0 }),
    )), '8+'),
  ],
};
