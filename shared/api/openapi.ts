import { z } from 'zod';
import { ROUTES } from './routes.ts';
import { ERROR_TABLE } from './errors.ts';
import { BATCHES_CONTENT_TYPE } from './frames.ts';
import { LIMITS } from './limits.ts';
import { ErrorBody } from './schemas/common.ts';
import {
  AlterGroupConfigsRequest,
  CommitRequest,
  CommitResponse,
  CommittedOffsets,
  DeletedGroup,
  FetchOffsetsQuery,
  GroupConfigsResponse,
  GroupDescription,
  GroupList,
  HeartbeatRequest,
  HeartbeatResponse,
  LeaveQuery,
  LeaveResponse,
  ResetOffsetsRequest,
  ResetOffsetsResponse,
} from './schemas/groups.ts';
import {
  FetchQuery,
  FetchRequest,
  FetchResponse,
  ListOffsetsQuery,
  ListOffsetsResponse,
  PartitionRecords,
  InitProducerRequest,
  InitProducerResponse,
  ProduceRequest,
  ProduceResponse,
} from './schemas/records.ts';
import {
  AlterConfigsRequest,
  CreatePartitionsRequest,
  CreateTopicRequest,
  DeleteRecordsRequest,
  DeleteRecordsResponse,
  DeletedTopic,
  Endpoints,
  TopicDescription,
  TopicList,
} from './schemas/topics.ts';
import { PassResult, RunMaintenanceRequest } from './schemas/maintenance.ts';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers check requests
 * with, so the reference cannot drift from the code.
 */
interface OperationDoc {
  summary: string;
  request?: z.ZodType;
  binaryRequest?: string;
  query?: z.ZodObject;
  response: z.ZodType;
  binaryResponse?: string;
  status?: number;
}

const OPERATIONS: Record<string, OperationDoc> = {
  getEndpoints: { summary: 'Base URLs of the admin, produce, fetch, groups and maintenance functions.', response: Endpoints },
  createTopic: { summary: 'Create a topic.', request: CreateTopicRequest, response: TopicDescription, status: 201 },
  listTopics: { summary: 'List topics.', response: TopicList },
  describeTopic: { summary: 'Describe a topic: configs and, per partition, log start offset and high watermark.', response: TopicDescription },
  deleteTopic: { summary: 'Delete a topic. A topic created again with the same name never sees the old data.', response: DeletedTopic },
  alterTopicConfigs: { summary: 'Set or reset topic configs.', request: AlterConfigsRequest, response: TopicDescription },
  createPartitions: { summary: 'Grow the partition count.', request: CreatePartitionsRequest, response: TopicDescription },
  deleteRecords: {
    summary:
      "Kafka's DeleteRecords: move partitions' log start offsets forward. Every target is checked before any moves; an offset below the current log start changes nothing.",
    request: DeleteRecordsRequest,
    response: DeleteRecordsResponse,
  },
  produce: {
    summary: `Append records. JSON records, or ${BATCHES_CONTENT_TYPE} frames [int32 partition][int32 length][RecordBatch v2...]. Answers after the commit.`,
    request: ProduceRequest,
    binaryRequest: BATCHES_CONTENT_TYPE,
    response: ProduceResponse,
  },
  initProducer: {
    summary: 'Get an idempotent producer id and epoch (InitProducerId). With a name, the epoch is bumped and older instances are fenced.',
    request: InitProducerRequest,
    response: InitProducerResponse,
  },
  fetchPartition: {
    summary: `Read one partition from an offset. With Accept: ${BATCHES_CONTENT_TYPE} the body is the batches themselves, and x-sluice-high-watermark, x-sluice-log-start-offset, x-sluice-next-offset headers.`,
    query: FetchQuery,
    response: PartitionRecords,
    binaryResponse: BATCHES_CONTENT_TYPE,
  },
  fetch: { summary: 'Read several partitions in one call.', request: FetchRequest, response: FetchResponse },
  listOffsets: {
    summary: 'Earliest, latest, or the first offset whose timestamp is >= T, per partition.',
    query: ListOffsetsQuery,
    response: ListOffsetsResponse,
  },
  listGroups: { summary: 'List consumer groups.', response: GroupList },
  describeGroup: {
    summary: 'Describe a consumer group: state, epoch, configs, live members with their assignments, and per partition the owner, committed offset, high watermark and lag.',
    response: GroupDescription,
  },
  deleteGroup: { summary: 'Delete an empty consumer group and its committed offsets.', response: DeletedGroup },
  alterGroupConfigs: { summary: 'Set or reset group configs.', request: AlterGroupConfigsRequest, response: GroupConfigsResponse },
  heartbeat: {
    summary: "The consumer protocol's one call (KIP-848): join (memberEpoch 0), stay alive, report owned partitions; answers the member epoch, what it may own now, and the heartbeat interval.",
    request: HeartbeatRequest,
    response: HeartbeatResponse,
  },
  leaveGroup: {
    summary: "Leave the group (or remove a member): its leases are released at once. With memberEpoch, fenced like a heartbeat.",
    query: LeaveQuery,
    response: LeaveResponse,
  },
  commitOffsets: {
    summary: 'Commit offsets (next offset to consume). Each partition commits only if the member holds its lease at that epoch; otherwise FENCED_LEASE.',
    request: CommitRequest,
    response: CommitResponse,
  },
  fetchOffsets: { summary: 'Committed offsets of a group: of one topic (every partition, -1 where none), or all.', query: FetchOffsetsQuery, response: CommittedOffsets },
  resetOffsets: {
    summary: 'Reset the committed offsets of an empty group: to earliest, latest, a timestamp, a shift by N, or given offsets.',
    request: ResetOffsetsRequest,
    response: ResetOffsetsResponse,
  },
  runMaintenance: {
    summary:
      'Run one maintenance pass in the maintenance function: compaction and retention of the topics named (default all), then garbage collection unless gc is false. Answers what it did.',
    request: RunMaintenanceRequest,
    response: PassResult,
  },
};

function schema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponses = Object.fromEntries(
    [...new Set(Object.values(ERROR_TABLE).map((e) => e.status))].sort().map((status) => [
      String(status),
      {
        description: Object.entries(ERROR_TABLE)
          .filter(([, e]) => e.status === status)
          .map(([code, e]) => `${code}${e.retriable ? ' (retriable)' : ''}`)
          .join(', '),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
  for (const route of ROUTES) {
    const doc = OPERATIONS[route.operationId];
    if (!doc) throw new Error(`no OpenAPI entry for ${route.operationId}`);
    const parameters: unknown[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (doc.query) {
      const q = schema(doc.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema: s });
      }
    }
    const content: Record<string, unknown> = { 'application/json': { schema: schema(doc.response, 'output') } };
    if (doc.binaryResponse) content[doc.binaryResponse] = { schema: { type: 'string', format: 'binary' } };
    const op: Record<string, unknown> = {
      operationId: route.operationId,
      summary: doc.summary,
      'x-sluice-function': route.fn,
      ...(parameters.length ? { parameters } : {}),
      responses: { [String(doc.status ?? 200)]: { description: 'Success', content }, ...errorResponses },
    };
    if (doc.request) {
      const body: Record<string, unknown> = { 'application/json': { schema: schema(doc.request, 'input') } };
      if (doc.binaryRequest) body[doc.binaryRequest] = { schema: { type: 'string', format: 'binary' } };
      op.requestBody = { required: true, content: body };
    }
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sluice',
      version: '1.0.0',
      description:
        `A serverless log with Kafka's semantics. Every request is signed with AWS SigV4 (service "lambda"). ` +
        `Limits: request body ${LIMITS.maxRequestBytes} bytes, ${LIMITS.maxRecordsPerRequest} records per JSON produce, ` +
        `${LIMITS.maxPartitionsPerRequest} partitions per request, ${LIMITS.maxPartitionsPerTopic} partitions per topic, ` +
        `fetch maxBytes up to ${LIMITS.maxFetchBytes}, maxWaitMs up to ${LIMITS.maxWaitMs}.`,
    },
    paths,
    components: { schemas: { Error: schema(ErrorBody, 'output') } },
  };
}
