/**
 * Every JSON-bodied route with a valid request template and, per field, what the schema accepts
 * and values it must refuse. The properties mutate a template into a request that is certainly
 * invalid: an unknown field, a field of the wrong type, a value out of range, a required field
 * removed, or a body that is not an object.
 */
import fc from 'fast-check';
import { LIMITS } from '../../../shared/api/limits.ts';
import { badInt, badName, overlong, wrongType, type JsonKind } from './values.ts';

export interface Context {
  /** A topic with 2 partitions and max.message.bytes 1024, holding a few records. */
  topic: string;
  /** A group with one member and a committed offset. */
  group: string;
  member: string;
  /** A name nobody uses yet (for requests that would create something). */
  fresh: (prefix: string) => string;
}

export type Path = Array<string | number>;

export interface FieldSpec {
  path: Path;
  accepts: readonly JsonKind[];
  /** Values of an accepted type that the service must still refuse. */
  invalid?: fc.Arbitrary<unknown>;
  /** Removing it makes the request invalid. */
  required?: boolean;
}

export interface JsonRoute {
  name: string;
  method: string;
  path: (ctx: Context, created: string) => string;
  /** A valid body; `created` is a fresh name for what the request could create. */
  template: (ctx: Context, created: string) => Record<string, unknown>;
  fields: FieldSpec[];
  /** Objects (by path) that refuse unknown keys. The top level always does. */
  strict: Path[];
  /** What a wrongly accepted request would have created, to check it does not exist afterwards. */
  creates?: 'topic' | 'group';
}

const enumString = (allowed: string[]) => fc.string({ maxLength: 12 }).filter((s) => !allowed.includes(s));
const topicConfigs = fc.oneof(
  fc.record({ 'retention.ms': fc.oneof(enumString([]).filter((s) => !/^-?\d+$/.test(s.trim())), fc.constantFrom('-2', '1.5', '1e3', 'forever')) }),
  fc.record({ 'cleanup.policy': fc.constantFrom('', 'none', 'delete,,x', 'COMPACT', 'compact;delete') }),
  fc.record({ 'max.message.bytes': fc.constantFrom(0, -5, 1.5, '0', 'big') }),
  fc.record({ 'message.timestamp.type': fc.constantFrom('createtime', 'Now', '') }),
  fc.dictionary(fc.constantFrom('retention', 'segment.ms', 'foo', 'min.insync.replicas', '__proto__', 'constructor', 'toString', 'hasOwnProperty'), fc.constant('1'), { minKeys: 1 }),
  fc.record({ 'retention.ms': overlong(1024) }),
);
const groupConfigs = fc.oneof(
  fc.record({ 'session.timeout.ms': fc.constantFrom(0, 999, 3_600_001, 1.5, 'soon', -1) }),
  fc.record({ assignor: fc.constantFrom('sticky', '', 'RANGE', 'uniform ') .filter((s) => s.trim() !== 'uniform') }),
  fc.record({ 'heartbeat.interval.ms': fc.constantFrom(0, 99, 'x') }),
  // Not Object.prototype's names: they answer 500 (a reported bug; see hostile-input.test.ts).
  fc.dictionary(fc.constantFrom('group.id', 'foo', '__proto__', 'max.poll.records'), fc.constant('1'), { minKeys: 1 }),
);
const partition = badInt(0, 2 ** 31 - 1);
const offset = badInt(0, Number.MAX_SAFE_INTEGER);

export const JSON_ROUTES: JsonRoute[] = [
  {
    name: 'create topic',
    method: 'POST',
    path: () => '/v1/topics',
    template: (_ctx, created) => ({ name: created, partitions: 1, configs: { 'retention.ms': '1000' } }),
    fields: [
      { path: ['name'], accepts: ['string'], invalid: badName(), required: true },
      { path: ['partitions'], accepts: ['integer'], invalid: badInt(1, LIMITS.maxPartitionsPerTopic) },
      { path: ['configs'], accepts: ['object'], invalid: topicConfigs },
    ],
    strict: [[]],
    creates: 'topic',
  },
  {
    name: 'alter topic configs',
    method: 'PATCH',
    path: (ctx) => `/v1/topics/${ctx.topic}/configs`,
    template: () => ({ configs: { 'retention.ms': '1000' } }),
    fields: [{ path: ['configs'], accepts: ['object'], invalid: topicConfigs, required: true }],
    strict: [[]],
  },
  {
    name: 'create partitions',
    method: 'POST',
    path: (ctx) => `/v1/topics/${ctx.topic}/partitions`,
    template: () => ({ count: 3 }),
    // The topic has 2: no count up to 2 grows it.
    fields: [{ path: ['count'], accepts: ['integer'], invalid: fc.oneof(fc.integer({ min: -5, max: 2 }), badInt(1, LIMITS.maxPartitionsPerTopic)), required: true }],
    strict: [[]],
  },
  {
    name: 'produce (JSON)',
    method: 'POST',
    path: (ctx) => `/v1/topics/${ctx.topic}/records`,
    template: () => ({
      records: [{ key: 'k', value: 'v', partition: 0, timestamp: Date.now(), headers: [{ key: 'h', value: 'x' }] }],
      encoding: 'utf8',
      compression: 'none',
    }),
    fields: [
      { path: ['records'], accepts: ['array'], invalid: fc.constant([]), required: true },
      { path: ['records', 0], accepts: ['object'] },
      { path: ['records', 0, 'key'], accepts: ['string', 'null'] },
      // The topic's max.message.bytes is 1024.
      { path: ['records', 0, 'value'], accepts: ['string', 'null'], invalid: fc.integer({ min: 1100, max: 5000 }).map((n) => 'v'.repeat(n)), required: true },
      { path: ['records', 0, 'partition'], accepts: ['integer'], invalid: fc.oneof(fc.integer({ min: 2, max: 100_000 }), partition) },
      { path: ['records', 0, 'timestamp'], accepts: ['integer'], invalid: badInt(0, Number.MAX_SAFE_INTEGER) },
      { path: ['records', 0, 'headers'], accepts: ['array'], invalid: fc.constantFrom([{ key: 1, value: 'x' }], [{ value: 'x' }], [null], Array.from({ length: 1001 }, () => ({ key: 'h', value: null }))) },
      { path: ['records', 0, 'headers', 0, 'key'], accepts: ['string'], invalid: overlong(32_768) },
      { path: ['records', 0, 'headers', 0, 'value'], accepts: ['string', 'null'] },
      { path: ['encoding'], accepts: ['string'], invalid: enumString(['utf8', 'base64']) },
      { path: ['compression'], accepts: ['string'], invalid: enumString(['none', 'gzip', 'snappy', 'lz4', 'zstd']) },
      {
        path: ['producer'],
        accepts: ['object'],
        invalid: fc.oneof(
          fc.record({ producerId: badInt(0, Number.MAX_SAFE_INTEGER), producerEpoch: fc.constant(0), baseSequences: fc.constant({ '0': 0 }) }),
          fc.record({ producerId: fc.constant(1), producerEpoch: badInt(0, 32_767), baseSequences: fc.constant({ '0': 0 }) }),
          fc.record({ producerId: fc.constant(1), producerEpoch: fc.constant(0), baseSequences: fc.constantFrom({ x: 0 }, { '0': -1 }, { '0': 2 ** 31 }, { '1': 0 }, {}, { '-1': 0 }) }),
          fc.constantFrom({}, { producerId: 1 }, { producerId: 1, producerEpoch: 0 }),
        ),
      },
    ],
    strict: [[], ['records', 0], ['records', 0, 'headers', 0]],
  },
  {
    name: 'init producer',
    method: 'POST',
    path: () => '/v1/producers',
    template: (_ctx, created) => ({ name: created }),
    // Without a name the request is valid (a new id), so `name` is never removed. Producer
    // names, like Kafka's transactional ids, may be '.' or '..'.
    fields: [{ path: ['name'], accepts: ['string'], invalid: badName().filter((n) => n !== '.' && n !== '..') }],
    strict: [[]],
  },
  {
    name: 'fetch (POST)',
    method: 'POST',
    path: () => '/v1/fetch',
    template: (ctx) => ({ partitions: [{ topic: ctx.topic, partition: 0, offset: 0, maxBytes: 1000 }], maxBytes: 1000, maxWaitMs: 0, encoding: 'base64', format: 'json' }),
    fields: [
      { path: ['partitions'], accepts: ['array'], invalid: fc.constant([]), required: true },
      { path: ['partitions', 0], accepts: ['object'] },
      { path: ['partitions', 0, 'topic'], accepts: ['string'], invalid: fc.oneof(fc.constant(''), overlong(LIMITS.maxTopicNameLength)), required: true },
      { path: ['partitions', 0, 'partition'], accepts: ['integer'], invalid: partition, required: true },
      { path: ['partitions', 0, 'offset'], accepts: ['integer'], invalid: offset, required: true },
      { path: ['partitions', 0, 'maxBytes'], accepts: ['integer'], invalid: badInt(1, LIMITS.maxFetchBytes) },
      { path: ['maxBytes'], accepts: ['integer'], invalid: badInt(1, LIMITS.maxFetchBytes) },
      { path: ['maxWaitMs'], accepts: ['integer'], invalid: badInt(0, LIMITS.maxWaitMs) },
      { path: ['encoding'], accepts: ['string'], invalid: enumString(['utf8', 'base64']) },
      { path: ['format'], accepts: ['string'], invalid: enumString(['json', 'binary']) },
    ],
    strict: [[], ['partitions', 0]],
  },
  {
    name: 'heartbeat (join)',
    method: 'POST',
    path: (_ctx, created) => `/v1/groups/${created}/heartbeat`,
    template: (ctx) => ({ memberEpoch: 0, clientId: 'c', subscription: { topics: [ctx.topic] }, ownedPartitions: [], groupConfigs: { 'session.timeout.ms': 60_000 } }),
    fields: [
      { path: ['memberId'], accepts: ['string'], invalid: fc.oneof(fc.constant(''), overlong(64)) },
      { path: ['memberEpoch'], accepts: ['integer'], invalid: badInt(0, Number.MAX_SAFE_INTEGER), required: true },
      { path: ['clientId'], accepts: ['string'], invalid: overlong(255) },
      { path: ['subscription'], accepts: ['object'] },
      { path: ['subscription', 'topics'], accepts: ['array'], invalid: fc.constantFrom([''], [1], ['x'.repeat(250)], [null]) },
      { path: ['subscription', 'pattern'], accepts: ['string'], invalid: fc.oneof(overlong(1_000), fc.constantFrom('(', '[', '*', '(?<', '\\')) },
      { path: ['ownedPartitions'], accepts: ['array'], invalid: fc.constantFrom([{ topic: 'x', partitions: [-1] }], [{ topic: '', partitions: [] }], [{ partitions: [0] }], [1]), required: true },
      { path: ['groupConfigs'], accepts: ['object'], invalid: groupConfigs },
    ],
    strict: [[], ['subscription']],
    creates: 'group',
  },
  {
    name: 'commit offsets',
    method: 'POST',
    path: (ctx) => `/v1/groups/${ctx.group}/offsets`,
    template: (ctx) => ({ memberId: ctx.member, memberEpoch: 1, offsets: [{ topic: ctx.topic, partition: 0, offset: 1, metadata: 'm' }] }),
    fields: [
      { path: ['memberId'], accepts: ['string'], invalid: fc.oneof(fc.constant(''), overlong(64)), required: true },
      { path: ['memberEpoch'], accepts: ['integer'], invalid: badInt(0, Number.MAX_SAFE_INTEGER), required: true },
      { path: ['offsets'], accepts: ['array'], invalid: fc.constant([]), required: true },
      { path: ['offsets', 0], accepts: ['object'] },
      { path: ['offsets', 0, 'topic'], accepts: ['string'], invalid: fc.oneof(fc.constant(''), overlong(249)), required: true },
      { path: ['offsets', 0, 'partition'], accepts: ['integer'], invalid: partition, required: true },
      { path: ['offsets', 0, 'offset'], accepts: ['integer'], invalid: offset, required: true },
      { path: ['offsets', 0, 'metadata'], accepts: ['string'], invalid: overlong(4_096) },
    ],
    strict: [[], ['offsets', 0]],
  },
  {
    name: 'reset offsets',
    method: 'POST',
    path: (ctx) => `/v1/groups/${ctx.group}/offsets/reset`,
    template: (ctx) => ({ topic: ctx.topic, to: 'offsets', offsets: [{ partition: 0, offset: 0 }], dryRun: false }),
    fields: [
      { path: ['topic'], accepts: ['string'], invalid: fc.oneof(fc.constant(''), overlong(249)), required: true },
      { path: ['to'], accepts: ['string'], invalid: enumString(['earliest', 'latest', 'timestamp', 'shift', 'offsets']), required: true },
      { path: ['offsets'], accepts: ['array'], invalid: fc.constantFrom([], [{ partition: -1, offset: 0 }], [{ partition: 0, offset: -1 }], [{ partition: 0 }]), required: true },
      { path: ['dryRun'], accepts: ['boolean'] },
      { path: ['partitions'], accepts: ['array'], invalid: fc.constantFrom([-1], [0.5], ['0']) },
    ],
    strict: [[]],
  },
  {
    name: 'alter group configs',
    method: 'PATCH',
    path: (ctx) => `/v1/groups/${ctx.group}/configs`,
    template: () => ({ configs: { 'session.timeout.ms': 60_000 } }),
    fields: [{ path: ['configs'], accepts: ['object'], invalid: groupConfigs, required: true }],
    strict: [[]],
  },
  {
    name: 'delete records',
    method: 'POST',
    path: (ctx) => `/v1/topics/${ctx.topic}/delete-records`,
    template: () => ({ partitions: [{ partition: 0, offset: 1 }] }),
    fields: [
      {
        path: ['partitions'],
        accepts: ['array'],
        // Empty, a partition named twice (the second target would be fine alone), too many.
        invalid: fc.constantFrom([], [{ partition: 0, offset: 0 }, { partition: 0, offset: 1 }], Array.from({ length: LIMITS.maxPartitionsPerRequest + 1 }, () => ({ partition: 0, offset: 0 }))),
        required: true,
      },
      { path: ['partitions', 0], accepts: ['object'] },
      // The topic has 2 partitions.
      { path: ['partitions', 0, 'partition'], accepts: ['integer'], invalid: fc.oneof(fc.integer({ min: 2, max: 100_000 }), partition), required: true },
      // -1 is the high watermark; below it, or beyond the few records the topic holds, is refused.
      { path: ['partitions', 0, 'offset'], accepts: ['integer'], invalid: badInt(-1, 1_000), required: true },
    ],
    strict: [[], ['partitions', 0]],
  },
  {
    name: 'run maintenance',
    method: 'POST',
    path: () => '/v1/maintenance/run',
    template: (ctx) => ({ topics: [ctx.topic], gc: false }),
    fields: [
      { path: ['topics'], accepts: ['array'], invalid: fc.constantFrom([''], [1], Array.from({ length: LIMITS.maxPartitionsPerRequest + 1 }, () => 'x')) },
      { path: ['topics', 0], accepts: ['string'], invalid: fc.oneof(badName(), overlong(LIMITS.maxTopicNameLength)) },
      { path: ['gc'], accepts: ['boolean'] },
    ],
    strict: [[]],
  },
];

export function setAt(body: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  if (path.length === 0) return value;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

export function deleteAt(body: unknown, path: Path): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[path[path.length - 1]!];
  return copy;
}

export function getAt(body: unknown, path: Path): unknown {
  let node = body as Record<string | number, unknown> | undefined;
  for (const key of path) node = node?.[key] as Record<string | number, unknown> | undefined;
  return node;
}
