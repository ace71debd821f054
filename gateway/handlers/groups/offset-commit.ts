/**
 * OffsetCommit, onto the same fenced commits as the HTTPS API and the SDK.
 *
 * - A member's commit (member id and generation, v1+) is one conditional write per partition:
 *   it lands only if the member holds the partition's lease, took it at an epoch no later than
 *   the commit's generation, and the lease is unexpired. A zombie (expired, or replaced after a
 *   rebalance) is refused: UNKNOWN_MEMBER_ID when the group no longer has it, ILLEGAL_GENERATION
 *   otherwise; either sends a classic client back to rejoin.
 * - A standalone commit (generation -1 and no member id, and every v0 commit: admin tools, simple
 *   consumers) is taken only while the group has no live member, as Kafka does; otherwise it is
 *   UNKNOWN_MEMBER_ID. It goes through the group's offset reset, so the offset is clamped to the
 *   partition's [log start, high watermark] and its metadata is not kept.
 *
 * Partitions are answered one by one: an unknown topic or partition (UNKNOWN_TOPIC_OR_PARTITION),
 * metadata over Sluice's limit (OFFSET_METADATA_TOO_LARGE) or an offset outside 0..2^53-1
 * (INVALID_COMMIT_OFFSET_SIZE) fails that partition only.
 */
import { isSluiceError, type ErrorCode as SluiceCode } from '../../../shared/api/errors.ts';
import { MAX_METADATA_LENGTH, type OffsetCommit as SluiceCommit } from '../../../shared/groups/commits.ts';
import type { TopicRecord } from '../../../shared/log/ports.ts';
import { OffsetCommit } from '../../messages/offset-commit.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { KAFKA_ERROR_FOR, toKafkaError } from '../error-map.ts';
import type { GatewayContext, HandlerFactory } from '../types.ts';
import { fencedCommitError, isValidGroupId, isValidMemberId } from './member.ts';

type PartitionRequest = { partitionIndex: number; committedOffset: bigint; committedMetadata: string | null };
type TopicRequest = { name: string; partitions: PartitionRequest[] };

const key = (topic: string, partition: number) => `${topic}:${partition}`;

export const offsetCommitHandler: HandlerFactory = (gateway) => ({
  schema: OffsetCommit,
  async handle(req, ctx) {
    const topics = req.topics as TopicRequest[];
    const groupId = req.groupId as string;
    const generation = ctx.apiVersion >= 1 ? (req.generationIdOrMemberEpoch as number) : -1;
    const memberId = ctx.apiVersion >= 1 ? (req.memberId as string) : '';
    const codes = new Map<string, number>();
    const answer = () => ({
      throttleTimeMs: 0,
      topics: topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: codes.get(key(t.name, p.partitionIndex)) ?? ErrorCode.NONE })),
      })),
    });
    const all = (code: number) => {
      for (const t of topics) for (const p of t.partitions) codes.set(key(t.name, p.partitionIndex), code);
      return answer();
    };
    if (!isValidGroupId(groupId)) return all(ErrorCode.INVALID_GROUP_ID);
    const standalone = memberId === '' && generation < 0;
    if (!standalone && !isValidMemberId(memberId)) return all(ErrorCode.UNKNOWN_MEMBER_ID);
    if (!standalone && generation < 1) return all(ErrorCode.ILLEGAL_GENERATION);

    const offsets = await checked(gateway, topics, codes);
    if (offsets.length === 0) return answer();
    if (standalone) await commitStandalone(gateway, groupId, offsets, codes);
    else await commitAsMember(gateway, groupId, memberId, generation, offsets, codes);
    return answer();
  },
});

/** The commits worth sending (the last one per partition), after marking the ones that cannot be. */
async function checked(gateway: GatewayContext, topics: TopicRequest[], codes: Map<string, number>): Promise<SluiceCommit[]> {
  const out = new Map<string, SluiceCommit>();
  for (const t of topics) {
    let topic: TopicRecord | undefined;
    try {
      topic = await gateway.engine.topics.resolve(t.name);
    } catch (err) {
      const code = isSluiceError(err) && (err.code === 'UNKNOWN_TOPIC' || err.code === 'INVALID_TOPIC_NAME') ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : toKafkaError(err);
      for (const p of t.partitions) codes.set(key(t.name, p.partitionIndex), code);
      continue;
    }
    for (const p of t.partitions) {
      const k = key(t.name, p.partitionIndex);
      const metadata = p.committedMetadata ?? '';
      if (p.partitionIndex < 0 || p.partitionIndex >= topic.partitions) codes.set(k, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      else if (metadata.length > MAX_METADATA_LENGTH) codes.set(k, ErrorCode.OFFSET_METADATA_TOO_LARGE);
      else if (p.committedOffset < 0n || p.committedOffset > BigInt(Number.MAX_SAFE_INTEGER)) codes.set(k, ErrorCode.INVALID_COMMIT_OFFSET_SIZE);
      else {
        codes.delete(k);
        out.set(k, { topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset), metadata });
      }
    }
  }
  return [...out.values()];
}

async function commitAsMember(gateway: GatewayContext, groupId: string, memberId: string, generation: number, offsets: SluiceCommit[], codes: Map<string, number>): Promise<void> {
  try {
    await gateway.groups.commit(groupId, { memberId, memberEpoch: generation, offsets });
    return;
  } catch (err) {
    const failed = isSluiceError(err) ? (err.details.failed as Array<{ topic: string; partition: number; code: string }> | undefined) : undefined;
    if (!failed) {
      for (const o of offsets) codes.set(key(o.topic, o.partition), toKafkaError(err));
      return;
    }
    let fenced: number | undefined;
    for (const f of failed) {
      let code: number;
      if (f.code === 'FENCED_LEASE') code = fenced ??= await fencedCommitError(gateway.groups, groupId, memberId).catch(() => ErrorCode.ILLEGAL_GENERATION);
      else code = KAFKA_ERROR_FOR[f.code as SluiceCode] ?? ErrorCode.UNKNOWN_SERVER_ERROR;
      codes.set(key(f.topic, f.partition), code);
    }
  }
}

async function commitStandalone(gateway: GatewayContext, groupId: string, offsets: SluiceCommit[], codes: Map<string, number>): Promise<void> {
  const byTopic = new Map<string, SluiceCommit[]>();
  for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
  for (const [topic, list] of byTopic) {
    let code: number = ErrorCode.NONE;
    try {
      await gateway.groups.resetOffsets(groupId, { topic, spec: { to: 'offsets', offsets: list.map((o) => ({ partition: o.partition, offset: o.offset })) } });
    } catch (err) {
      // A group with live members takes commits from its members only.
      code = toKafkaError(err, { GROUP_NOT_EMPTY: ErrorCode.UNKNOWN_MEMBER_ID });
    }
    for (const o of list) codes.set(key(o.topic, o.partition), code);
  }
}
