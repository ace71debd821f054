import { SluiceError } from '../../shared/api/errors.ts';
import { BATCHES_CONTENT_TYPE } from '../../shared/api/frames.ts';
import { jsonResponse, type HttpRequest } from '../../shared/api/http.ts';
import { LIMITS } from '../../shared/api/limits.ts';
import { recordsToJson, type Encoding } from '../../shared/api/records-json.ts';
import { FetchQuery, FetchRequest, ListOffsetsQuery } from '../../shared/api/schemas/records.ts';
import { expectNoBody, parseJsonBody, parseQuery } from '../../shared/api/validate.ts';
import { decodeBatches } from '../../shared/codec/index.ts';
import type { PartitionData } from '../../shared/log/fetch.ts';
import type { OffsetSpec } from '../../shared/log/offsets.ts';
import { currentEngine } from '../engine.ts';
import { createHandler, type Operation } from '../http/handler.ts';
import { toStreamingHandler } from '../http/streaming.ts';
import { BUFFERED_RESULT_BYTES, fittedJson } from './fit-records.ts';

/** Fetch and ListOffsets. */
function partitionJson(d: PartitionData, fromOffset: number, format: 'json' | 'binary', encoding: Encoding) {
  const base = {
    topic: d.topic,
    partition: d.partition,
    highWatermark: d.highWatermark,
    logStartOffset: d.logStartOffset,
    nextOffset: d.nextOffset,
  };
  if (d.error) return { ...base, error: d.error.toBody().error };
  if (format === 'binary') return { ...base, batches: d.batches.toString('base64') };
  return { ...base, records: recordsToJson(decodeBatches(d.batches), fromOffset, encoding) };
}

function parsePartition(raw: string): number {
  if (!/^\d{1,5}$/.test(raw)) throw new SluiceError('UNKNOWN_PARTITION', `partition ${JSON.stringify(raw)} is not a partition number`);
  return Number(raw);
}

const JSON_TYPE = { 'content-type': 'application/json' };

function wantsBinary(req: HttpRequest): boolean {
  return (req.headers.accept ?? '').toLowerCase().includes(BATCHES_CONTENT_TYPE);
}

/**
 * The routes, for a response of at most `resultBytes` as a Function URL result: a JSON answer of
 * records larger than that keeps fewer records (fit-records.ts). Binary answers always fit: a
 * fetch returns at most LIMITS.maxFetchBytes, 5.6 MB base64-encoded.
 */
function operations(resultBytes: number): Record<string, Operation> {
  return {
    fetchPartition: async (req, params) => {
      expectNoBody(req);
      const q = parseQuery(req, FetchQuery);
      const target = { topic: params.topic!, partition: parsePartition(params.partition!), offset: q.offset };
      const maxBytes = q.maxBytes ?? LIMITS.defaultFetchBytes;
      const [data] = await currentEngine().fetch.fetch([target], { maxBytes, maxWaitMs: q.maxWaitMs ?? 0 });
      if (data!.error) throw data!.error;
      if (wantsBinary(req)) {
        return {
          status: 200,
          headers: {
            'content-type': BATCHES_CONTENT_TYPE,
            'x-sluice-high-watermark': String(data!.highWatermark),
            'x-sluice-log-start-offset': String(data!.logStartOffset),
            'x-sluice-next-offset': String(data!.nextOffset),
          },
          body: data!.batches,
        };
      }
      const answer = partitionJson(data!, q.offset, 'json', q.encoding ?? 'base64');
      return { status: 200, headers: JSON_TYPE, body: fittedJson(answer, [answer], [q.offset], resultBytes) };
    },
    fetch: async (req) => {
      const body = parseJsonBody(req, FetchRequest);
      const results = await currentEngine().fetch.fetch(body.partitions, {
        maxBytes: body.maxBytes ?? LIMITS.defaultFetchBytes,
        maxWaitMs: body.maxWaitMs ?? 0,
      });
      const format = body.format ?? 'json';
      const encoding = body.encoding ?? 'base64';
      const partitions = results.map((d, i) => partitionJson(d, body.partitions[i]!.offset, format, encoding));
      if (format !== 'json') return jsonResponse(200, { partitions });
      return { status: 200, headers: JSON_TYPE, body: fittedJson({ partitions }, partitions, body.partitions.map((t) => t.offset), resultBytes) };
    },
    listOffsets: async (req, params) => {
      expectNoBody(req);
      const q = parseQuery(req, ListOffsetsQuery);
      const at = q.at ?? 'latest';
      let spec: OffsetSpec;
      if (at === 'timestamp') {
        if (q.timestamp === undefined) throw new SluiceError('INVALID_REQUEST', 'at=timestamp needs a timestamp parameter (ms since epoch)');
        spec = { at, timestamp: q.timestamp };
      } else {
        if (q.timestamp !== undefined) throw new SluiceError('INVALID_REQUEST', `timestamp is only valid with at=timestamp`);
        spec = { at };
      }
      const engine = currentEngine();
      const topic = await engine.topics.resolve(params.topic!);
      const partitions = await engine.offsets.list(topic, spec, q.partition === undefined ? undefined : [q.partition]);
      return jsonResponse(200, { topic: topic.name, partitions });
    },
  };
}

/** Fetch and ListOffsets behind a BUFFERED Function URL. */
export const handler = createHandler('fetch', operations(BUFFERED_RESULT_BYTES));

/**
 * The same routes for a Function URL with InvokeMode RESPONSE_STREAM (the construct's
 * `fetchInvokeMode`, and its default): binary fetches go out as bytes, not base64 inside a JSON
 * result, and a JSON answer is not cut to fit 6 MB. `handler` serves a BUFFERED one.
 */
export const streamingHandler = toStreamingHandler(createHandler('fetch', operations(Infinity)).serve);
