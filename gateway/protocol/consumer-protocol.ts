/**
 * The consumer protocol's payloads that travel inside classic group messages as opaque bytes:
 * a member's Subscription (JoinGroup metadata, DescribeGroups member metadata) and its Assignment
 * (SyncGroup, DescribeGroups). Each is an int16 version followed by that version's fields, never
 * flexible, as Kafka's ConsumerProtocolSubscription.json and ConsumerProtocolAssignment.json
 * describe them. Later versions only append fields, so a newer payload reads as the newest
 * version known here and its extra bytes are ignored, as Kafka's own consumer reads them.
 */
import { decodeMessage, encodeMessage } from './codec.ts';
import { ProtocolError } from './errors.ts';
import { Reader } from './reader.ts';
import { array, field, struct, type Field } from './schema.ts';
import { Writer } from './writer.ts';

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface ConsumerSubscription {
  topics: string[];
  userData: Buffer | null;
  /** v1+: the partitions the member owns (cooperative rebalancing). */
  ownedPartitions: TopicPartitions[];
  /** v2+: the generation those partitions were owned in; -1 when unknown. */
  generationId: number;
}

export interface ConsumerAssignment {
  assignedPartitions: TopicPartitions[];
  userData: Buffer | null;
}

const topicPartition = (from: string) => struct(field('topic', 'string', from), field('partitions', array('int32'), from));

const SUBSCRIPTION: Field[] = [
  field('topics', array('string'), '0+'),
  field('userData', 'bytes', '0+', { nullable: '0+', default: null }),
  field('ownedPartitions', array(topicPartition('1+')), '1+'),
  field('generationId', 'int32', '2+', { default: -1 }),
];
const SUBSCRIPTION_NEWEST = 2;

const ASSIGNMENT: Field[] = [
  field('assignedPartitions', array(topicPartition('0+')), '0+'),
  field('userData', 'bytes', '0+', { nullable: '0+', default: null }),
];
const ASSIGNMENT_NEWEST = 2;

function encode(fields: Field[], newest: number, version: number, value: object): Buffer {
  if (!Number.isInteger(version) || version < 0 || version > newest) throw new RangeError(`consumer protocol version ${version} is not 0..${newest}`);
  const w = new Writer().int16(version);
  encodeMessage(fields, version, false, value as Record<string, unknown>, w);
  return w.finish();
}

function decode(fields: Field[], newest: number, buf: Buffer, what: string): Record<string, unknown> {
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0) throw new ProtocolError(`${what} has version ${version}`);
  return decodeMessage(fields, Math.min(version, newest), false, r);
}

export function encodeSubscription(s: Partial<ConsumerSubscription> & { topics: string[] }, version = 0): Buffer {
  return encode(SUBSCRIPTION, SUBSCRIPTION_NEWEST, version, s);
}

export function decodeSubscription(buf: Buffer): ConsumerSubscription {
  return decode(SUBSCRIPTION, SUBSCRIPTION_NEWEST, buf, 'consumer subscription') as unknown as ConsumerSubscription;
}

export function encodeAssignment(a: Partial<ConsumerAssignment> & { assignedPartitions: TopicPartitions[] }, version = 0): Buffer {
  return encode(ASSIGNMENT, ASSIGNMENT_NEWEST, version, a);
}

/** An empty payload is an empty assignment: what a member that was given nothing may carry. */
export function decodeAssignment(buf: Buffer): ConsumerAssignment {
  if (buf.length === 0) return { assignedPartitions: [], userData: null };
  return decode(ASSIGNMENT, ASSIGNMENT_NEWEST, buf, 'consumer assignment') as unknown as ConsumerAssignment;
}
