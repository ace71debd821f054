/**
 * The SDK's group API (sdk/groups.ts) with every protocol call written into the history: the
 * consumer of the HTTP target is given this instead of the plain one, so the history holds what
 * the service answered the real SDK consumer (heartbeats with their assignment and lease, commits
 * with what was stored, leaves), without touching the SDK. A failed call is `fail` only if none of
 * its requests reached the service (chaos/deliveries.ts): the SDK retries inside one call, and an
 * early attempt may have landed before a later one was refused.
 */
import { SluiceApiError } from '../sdk/errors.ts';
import type { CommittedOffset, HeartbeatRequest, HeartbeatResponse, TopicPartitionOffset } from '../sdk/group-types.ts';
import { Groups } from '../sdk/groups.ts';
import type { Transport } from '../sdk/transport.ts';
import { tracked } from './deliveries.ts';
import type { Recorder } from './history.ts';
import { commitOp, judgeCommit } from './member-records.ts';

export interface RecordingOptions {
  recorder: Recorder;
  /** The member process the calls belong to. */
  process: string;
  topic: string;
  /** Marks the commits of a killed member sent late. */
  zombie?: boolean;
  /** Told of every committed-offsets answer for the topic (where newly owned partitions start). */
  onOffsets?: (offsets: CommittedOffset[]) => void;
}

const describe = (e: unknown): string => (e instanceof SluiceApiError ? `${e.code}: ${e.message}` : String(e));

export class RecordingGroups extends Groups {
  constructor(
    transport: Transport,
    private readonly o: RecordingOptions,
  ) {
    super(transport);
  }

  override async heartbeat(groupId: string, req: HeartbeatRequest, signal?: AbortSignal): Promise<HeartbeatResponse> {
    const { recorder, process, topic } = this.o;
    const base = { type: 'heartbeat' as const, process, member: req.memberId, invokeTime: recorder.now() };
    const r = await tracked(() => super.heartbeat(groupId, req, signal));
    if (r.ok) {
      const res = r.value!;
      recorder.record({
        ...base, completeTime: recorder.now(), outcome: 'ok', memberEpoch: res.memberEpoch,
        assignment: res.assignment.find((t) => t.topic === topic)?.partitions ?? [],
        leaseExpiresInMs: res.leaseExpiresInMs, sessionTimeoutMs: res.sessionTimeoutMs,
      });
      return res;
    }
    // Delivered and failed: some attempt inside may have renewed or taken leases.
    recorder.record({ ...base, completeTime: recorder.now(), outcome: r.delivered ? 'info' : 'fail', error: describe(r.error) });
    throw r.error;
  }

  override async commitOffsets(groupId: string, member: { memberId: string; memberEpoch: number }, offsets: TopicPartitionOffset[], signal?: AbortSignal): Promise<void> {
    const { recorder, process, topic } = this.o;
    const mine = offsets.filter((o) => o.topic === topic);
    const byPartition = Object.fromEntries(mine.map((o) => [String(o.partition), o.offset]));
    const base = { process, member: member.memberId, memberEpoch: member.memberEpoch, invokeTime: recorder.now(), ...(this.o.zombie ? { zombie: true } : {}) };
    const r = await tracked(() => super.commitOffsets(groupId, member, offsets, signal));
    if (r.ok) {
      recorder.record(commitOp({ ...base, completeTime: recorder.now() }, byPartition, 'ok'));
      return;
    }
    const verdict = judgeCommit(r.error, topic, mine.map((o) => o.partition));
    if (!r.delivered) verdict.outcome = 'fail';
    recorder.record(commitOp({ ...base, completeTime: recorder.now() }, byPartition, verdict));
    throw r.error;
  }

  override async leave(groupId: string, memberId: string, memberEpoch?: number): Promise<void> {
    const { recorder, process } = this.o;
    const base = { type: 'leave' as const, process, member: memberId, invokeTime: recorder.now() };
    const r = await tracked(() => super.leave(groupId, memberId, memberEpoch));
    recorder.record({ ...base, completeTime: recorder.now(), ...(r.ok ? { outcome: 'ok' as const } : { outcome: r.delivered ? 'info' as const : 'fail' as const, error: describe(r.error) }) });
    if (!r.ok) throw r.error;
  }

  override async fetchOffsets(groupId: string, topic?: string, signal?: AbortSignal): Promise<CommittedOffset[]> {
    const offsets = await super.fetchOffsets(groupId, topic, signal);
    if (topic === this.o.topic) this.o.onOffsets?.(offsets);
    return offsets;
  }
}
