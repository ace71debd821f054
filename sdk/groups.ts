/**
 * The consumer-group API: the protocol calls the {@link Consumer} makes (heartbeat, leave,
 * commit, fetch offsets) and the group administration the CLI uses (list, describe, delete,
 * reset offsets, configs). Get it from {@link SluiceClient.groups}.
 */
import type {
  CommittedOffset, GroupDescription, GroupSummary, HeartbeatRequest, HeartbeatResponse, ResetOffsetsResult, ResetOffsetsSpec,
  TopicPartitionOffset,
} from './group-types.ts';
import { seg, type Transport } from './transport.ts';

export class Groups {
  constructor(private readonly transport: Transport) {}

  /**
   * One heartbeat. Retried at most twice on retriable errors: the consumer's own loop, not a long
   * backoff, decides what a missed heartbeat means.
   */
  async heartbeat(groupId: string, req: HeartbeatRequest, signal?: AbortSignal): Promise<HeartbeatResponse> {
    const retry = this.transport.retrier({ signal }, { ...this.transport.retryOptions, retries: 2, maxRetryTime: 1_000 });
    const res = await retry(() => this.transport.call({ fn: 'groups', method: 'POST', path: `/v1/groups/${seg(groupId)}/heartbeat`, json: req, signal }));
    return JSON.parse(res.body.toString('utf8')) as HeartbeatResponse;
  }

  /** Leaves the group (with the member's epoch), or removes a member (without). */
  async leave(groupId: string, memberId: string, memberEpoch?: number): Promise<void> {
    await this.transport.json({
      fn: 'groups', method: 'DELETE', path: `/v1/groups/${seg(groupId)}/members/${seg(memberId)}`,
      ...(memberEpoch !== undefined ? { query: { memberEpoch } } : {}),
    });
  }

  /** Commits offsets (next offset to consume) as a member; fenced unless it holds each lease. */
  async commitOffsets(groupId: string, member: { memberId: string; memberEpoch: number }, offsets: TopicPartitionOffset[], signal?: AbortSignal): Promise<void> {
    await this.transport.json({ fn: 'groups', method: 'POST', path: `/v1/groups/${seg(groupId)}/offsets`, json: { ...member, offsets }, signal });
  }

  /**
   * Committed offsets: every partition of `topic` (-1 where none), or everything the group committed.
   *
   * @example
   * ```ts
   * const offsets = await client.groups().fetchOffsets('billing', 'orders');
   * ```
   */
  async fetchOffsets(groupId: string, topic?: string, signal?: AbortSignal): Promise<CommittedOffset[]> {
    const body = await this.transport.json<{ offsets: CommittedOffset[] }>({
      fn: 'groups', method: 'GET', path: `/v1/groups/${seg(groupId)}/offsets`, ...(topic !== undefined ? { query: { topic } } : {}), signal,
    });
    return body.offsets;
  }

  /**
   * State, members, assignment, and per partition the committed offset, high watermark and lag.
   *
   * @example
   * ```ts
   * const { state, totalLag } = await client.groups().describeGroup('billing');
   * ```
   */
  describeGroup(groupId: string): Promise<GroupDescription> {
    return this.transport.json<GroupDescription>({ fn: 'groups', method: 'GET', path: `/v1/groups/${seg(groupId)}` });
  }

  async listGroups(): Promise<GroupSummary[]> {
    return (await this.transport.json<{ groups: GroupSummary[] }>({ fn: 'groups', method: 'GET', path: '/v1/groups' })).groups;
  }

  /** Deletes an empty group and its committed offsets; answers how many offsets went. */
  async deleteGroup(groupId: string): Promise<{ deleted: string; offsets: number }> {
    return this.transport.json({ fn: 'groups', method: 'DELETE', path: `/v1/groups/${seg(groupId)}` });
  }

  /**
   * Resets the committed offsets of an empty group.
   *
   * @example
   * ```ts
   * await client.groups().resetOffsets('billing', { topic: 'orders', to: 'timestamp', timestamp: Date.parse('2026-01-01') });
   * ```
   */
  resetOffsets(groupId: string, spec: ResetOffsetsSpec): Promise<ResetOffsetsResult> {
    return this.transport.json({ fn: 'groups', method: 'POST', path: `/v1/groups/${seg(groupId)}/offsets/reset`, json: spec });
  }

  /** Sets group configs (`session.timeout.ms`, `heartbeat.interval.ms`, `rebalance.timeout.ms`, `assignor`); null restores a default. */
  async alterConfigs(groupId: string, configs: Record<string, string | number | null>): Promise<Record<string, string>> {
    const body = await this.transport.json<{ configs: Record<string, string> }>({ fn: 'groups', method: 'PATCH', path: `/v1/groups/${seg(groupId)}/configs`, json: { configs } });
    return body.configs;
  }
}
