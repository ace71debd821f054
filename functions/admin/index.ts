import { SluiceError } from '../../shared/api/errors.ts';
import { jsonResponse, type HttpRequest } from '../../shared/api/http.ts';
import { AlterConfigsRequest, CreatePartitionsRequest, CreateTopicRequest, DeleteRecordsRequest } from '../../shared/api/schemas/topics.ts';
import { effectiveConfigs } from '../../shared/api/topic-configs.ts';
import { expectNoBody, parseJsonBody } from '../../shared/api/validate.ts';
import type { TopicRecord } from '../../shared/log/ports.ts';
import { currentEngine } from '../engine.ts';
import { createHandler } from '../http/handler.ts';

/** Topic administration, DeleteRecords and endpoint discovery. */
async function describe(topic: TopicRecord) {
  const partitionInfo = await currentEngine().offsets.bounds(topic);
  return {
    name: topic.name,
    id: topic.id,
    partitions: topic.partitions,
    configs: effectiveConfigs(topic.configs),
    createdAt: topic.createdAt,
    partitionInfo,
  };
}

/** This function's own base URL, as the caller reached it. */
function ownUrl(req: HttpRequest): string {
  const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost';
  const proto = req.headers['x-forwarded-proto'] ?? 'https';
  return `${proto}://${host}`;
}

/**
 * An OFFSET_OUT_OF_RANGE answer carries the log start with the high watermark, as a fetch's does
 * (clients build their out-of-range error from both); DeleteRecords refuses with the watermark only.
 */
async function withLogStart(name: string, e: unknown): Promise<unknown> {
  if (!(e instanceof SluiceError) || e.code !== 'OFFSET_OUT_OF_RANGE' || e.details.logStartOffset !== undefined) return e;
  const partition = Number(e.details.partition);
  try {
    const topic = await currentEngine().topics.get(name);
    const starts = await currentEngine().storage.partitions.logStartOffsets(topic.id, [partition]);
    return new SluiceError(e.code, e.message, { ...e.details, logStartOffset: starts.get(partition) ?? 0 });
  } catch {
    return e;
  }
}

export const handler = createHandler('admin', {
  getEndpoints: async (req) => {
    expectNoBody(req);
    const self = ownUrl(req);
    const env = process.env;
    return jsonResponse(200, {
      admin: self,
      produce: env.SLUICE_PRODUCE_URL?.replace(/\/$/, '') || self,
      fetch: env.SLUICE_FETCH_URL?.replace(/\/$/, '') || self,
      groups: env.SLUICE_GROUPS_URL?.replace(/\/$/, '') || self,
      maintenance: env.SLUICE_MAINTENANCE_URL?.replace(/\/$/, '') || self,
    });
  },
  createTopic: async (req) => {
    const body = parseJsonBody(req, CreateTopicRequest);
    const topic = await currentEngine().topics.create(body);
    return jsonResponse(201, await describe(topic));
  },
  listTopics: async (req) => {
    expectNoBody(req);
    const topics = await currentEngine().topics.list();
    return jsonResponse(200, { topics: topics.map((t) => ({ name: t.name, id: t.id, partitions: t.partitions })) });
  },
  describeTopic: async (req, params) => {
    expectNoBody(req);
    return jsonResponse(200, await describe(await currentEngine().topics.get(params.topic!)));
  },
  deleteTopic: async (req, params) => {
    expectNoBody(req);
    const topic = await currentEngine().topics.delete(params.topic!);
    return jsonResponse(200, { deleted: topic.name, id: topic.id });
  },
  alterTopicConfigs: async (req, params) => {
    const body = parseJsonBody(req, AlterConfigsRequest);
    return jsonResponse(200, await describe(await currentEngine().topics.alterConfigs(params.topic!, body.configs)));
  },
  createPartitions: async (req, params) => {
    const body = parseJsonBody(req, CreatePartitionsRequest);
    return jsonResponse(200, await describe(await currentEngine().topics.createPartitions(params.topic!, body.count)));
  },
  deleteRecords: async (req, params) => {
    const body = parseJsonBody(req, DeleteRecordsRequest);
    try {
      const partitions = await currentEngine().deleteRecords(params.topic!, body.partitions);
      return jsonResponse(200, { topic: params.topic!, partitions });
    } catch (e) {
      throw await withLogStart(params.topic!, e);
    }
  },
});
