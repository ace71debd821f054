/**
 * DeleteRecords onto engine.deleteRecords: moves each partition's log start offset forward and
 * answers the new low watermark. Partitions are answered one by one, as Kafka answers them: one
 * partition's bad offset (beyond the high watermark: OFFSET_OUT_OF_RANGE) leaves the others
 * free to move. -1 means "up to the high watermark".
 */
import { validateTopicName } from '../../../shared/api/topic-name.ts';
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { DeleteRecords } from '../../messages/delete-records.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { duplicated, failure, Refusal } from './outcome.ts';

export const deleteRecordsHandler: HandlerFactory = (gw) => ({
  schema: DeleteRecords,
  async handle(request) {
    const topics: Message[] = [];
    for (const t of request.topics as Message[]) {
      const parts = t.partitions as Array<{ partitionIndex: number; offset: bigint }>;
      const twice = duplicated(parts.map((p) => p.partitionIndex));
      topics.push({ name: t.name, partitions: await mapLimit(parts, 8, (p) => deleteOne(gw, t.name, p, twice.has(p.partitionIndex))) });
    }
    return { throttleTimeMs: 0, topics };
  },
});

async function deleteOne(gw: GatewayContext, topic: string, p: { partitionIndex: number; offset: bigint }, twice: boolean): Promise<Message> {
  try {
    validateTopicName(topic);
    if (twice) throw new Refusal(ErrorCode.INVALID_REQUEST, `partition ${p.partitionIndex} is named twice`);
    // Past 2^53 no log reaches: out of range, as any offset beyond the high watermark.
    if (p.offset > BigInt(Number.MAX_SAFE_INTEGER)) throw new Refusal(ErrorCode.OFFSET_OUT_OF_RANGE, `offset ${p.offset} is beyond the high watermark`);
    const [done] = await gw.engine.deleteRecords(topic, [{ partition: p.partitionIndex, offset: Number(p.offset) }]);
    return { partitionIndex: p.partitionIndex, lowWatermark: BigInt(done!.lowWatermark), errorCode: 0 };
  } catch (e) {
    return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: failure(e).errorCode };
  }
}
