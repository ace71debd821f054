import { SluiceError } from '../../shared/api/errors.ts';
import { BATCHES_CONTENT_TYPE, decodeFrames } from '../../shared/api/frames.ts';
import { jsonResponse, mediaType } from '../../shared/api/http.ts';
import { decodeNullable, decodeString } from '../../shared/api/records-json.ts';
import { InitProducerRequest, ProduceRequest } from '../../shared/api/schemas/records.ts';
import { checkBodySize, parseJsonBody } from '../../shared/api/validate.ts';
import { validateTopicName } from '../../shared/api/topic-name.ts';
import type { ProduceRecord } from '../../shared/log/json-batches.ts';
import { currentEngine } from '../engine.ts';
import { createHandler } from '../http/handler.ts';

/** Produce: JSON records, or RecordBatches the client encoded. */
export const handler = createHandler('produce', {
  produce: async (req, params) => {
    const topic = params.topic!;
    validateTopicName(topic);
    checkBodySize(req);
    const engine = currentEngine();
    const type = mediaType(req);
    let partitions;
    if (type === BATCHES_CONTENT_TYPE) {
      partitions = await engine.produce.produceBinary(topic, decodeFrames(req.body));
    } else if (type === 'application/json') {
      const body = parseJsonBody(req, ProduceRequest);
      const encoding = body.encoding ?? 'utf8';
      const records: ProduceRecord[] = body.records.map((r, i) => ({
        key: decodeNullable(r.key, encoding, `records.${i}.key`),
        value: decodeNullable(r.value, encoding, `records.${i}.value`),
        headers: (r.headers ?? []).map((h, j) => ({
          key: h.key,
          value: h.value === null ? null : decodeString(h.value, encoding, `records.${i}.headers.${j}.value`),
        })),
        ...(r.partition !== undefined ? { partition: r.partition } : {}),
        ...(r.timestamp !== undefined ? { timestamp: r.timestamp } : {}),
      }));
      const producer = body.producer && {
        producerId: body.producer.producerId,
        epoch: body.producer.producerEpoch,
        baseSequences: new Map(Object.entries(body.producer.baseSequences).map(([p, seq]) => [Number(p), seq])),
      };
      partitions = await engine.produce.produceJson(topic, records, body.compression ?? 'none', producer);
    } else {
      throw new SluiceError(
        'UNSUPPORTED_MEDIA_TYPE',
        `expected Content-Type application/json or ${BATCHES_CONTENT_TYPE}, got ${JSON.stringify(type || 'none')}`,
      );
    }
    return jsonResponse(200, { topic, partitions });
  },
  initProducer: async (req) => {
    const body = parseJsonBody(req, InitProducerRequest);
    return jsonResponse(200, await currentEngine().storage.producers.init(body.name));
  },
});
