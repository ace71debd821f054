/**
 * One offset commit of an in-process group member: sent to the coordinator through the member's
 * channel, recorded in the history, and judged (chaos/member-records.ts): which partitions were
 * stored, and which the lease fence refused.
 */
import type { Channel } from './engine-channel.ts';
import { coordinatorOf } from './engine-instance.ts';
import { commitOp, judgeCommit } from './member-records.ts';
import type { MemberContext } from './target.ts';

export interface CommitSpec {
  process: string;
  topic: string;
  member: string;
  memberEpoch: number;
  /** Partition (as a string) to next offset. */
  offsets: Record<string, number>;
  /** Sent late by a killed member. */
  zombie: boolean;
}

export async function sendCommit(ctx: MemberContext, channel: Channel, label: string, spec: CommitSpec): Promise<{ accepted: number[]; rejected: number[] }> {
  const { recorder, settings } = ctx;
  const partitions = Object.keys(spec.offsets).map(Number);
  const base = { process: spec.process, member: spec.member, memberEpoch: spec.memberEpoch, invokeTime: recorder.now(), zombie: spec.zombie };
  const offsets = partitions.map((partition) => ({ topic: spec.topic, partition, offset: spec.offsets[partition]! }));
  try {
    await channel.call(label, (i) => coordinatorOf(i).commit(settings.groupId, { memberId: spec.member, memberEpoch: spec.memberEpoch, offsets }));
    recorder.record(commitOp({ ...base, completeTime: recorder.now() }, spec.offsets, 'ok'));
    return { accepted: partitions, rejected: [] };
  } catch (e) {
    const verdict = judgeCommit(e, spec.topic, partitions);
    recorder.record(commitOp({ ...base, completeTime: recorder.now() }, spec.offsets, verdict));
    return verdict;
  }
}
