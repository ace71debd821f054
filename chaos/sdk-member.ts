/**
 * A consumer-group member of the HTTP target: the SDK's own consumer (sdk/consumer.ts), with
 * eachBatch and auto-commit, over a client whose wire has the run's faults and can be cut. Its
 * group calls go through {@link RecordingGroups}, so the history holds what the service answered
 * it; every batch handed to eachBatch is recorded as a poll of the partition's current ownership.
 *
 * Killing it cuts its network (every request then fails as a refused connection, as for a dead
 * process) and stops it in the background: it neither commits nor leaves. Its owed commit, sent
 * late, goes out on a fresh connection under the dead member's id and epoch.
 */
import type { SluiceClient } from '../sdk/client.ts';
import { Consumer } from '../sdk/consumer.ts';
import { CONSUMER_EVENTS, type EachBatchPayload } from '../sdk/consumer-types.ts';
import type { TopicPartitions } from '../sdk/group-types.ts';
import { RecordingGroups } from './recording-groups.ts';
import type { GroupMember, MemberContext, OwedCommit } from './target.ts';

export interface SdkMemberHost {
  readonly topic: string;
  /** A client for `process` whose requests fail as refused connections once `alive()` is false. */
  connect(process: string, alive: () => boolean): SluiceClient;
  /** A client without faults. */
  plainClient(): SluiceClient;
}

interface Ownership {
  ownership: number;
  memberEpoch: number;
  /** The offset after the last record delivered in this ownership. */
  next?: number;
}

export class SdkMember implements GroupMember {
  private alive = true;
  private ended = false;
  private readonly consumer: Consumer;
  private readonly counts = new Map<number, number>();
  private readonly owned = new Map<number, Ownership>();
  /** The latest committed offsets the consumer read: where a newly owned partition starts. */
  private readonly starts = new Map<number, number>();
  private running: Promise<void> = Promise.resolve();
  private stopping: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: SdkMemberHost,
    readonly process: string,
    private readonly ctx: MemberContext,
  ) {
    const { settings, recorder } = ctx;
    const client = host.connect(process, () => this.alive);
    const groups = new RecordingGroups(client.transport, {
      recorder, process, topic: host.topic,
      onOffsets: (offsets) => offsets.forEach((o) => this.starts.set(o.partition, Math.max(o.offset, 0))),
    });
    // maxWaitTimeInMs selects long-poll over the SDK's default 1 s pacing: a caught-up member sees
    // new records as they commit rather than up to 1 s later, which keeps a chaos run short.
    this.consumer = new Consumer(client.transport, groups, client.admin(), {
      groupId: settings.groupId, clientId: process, sessionTimeout: settings.sessionTimeoutMs, heartbeatInterval: settings.heartbeatIntervalMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs, maxWaitTimeInMs: 200, maxBytes: 4 * settings.pollBytes, maxBytesPerPartition: settings.pollBytes,
    });
    this.consumer.on<{ partitions: TopicPartitions[] }>(CONSUMER_EVENTS.PARTITIONS_ASSIGNED, ({ payload }) => {
      for (const p of payload.partitions.find((t) => t.topic === host.topic)?.partitions ?? []) {
        const ownership = (this.counts.get(p) ?? 0) + 1;
        this.counts.set(p, ownership);
        this.owned.set(p, { ownership, memberEpoch: this.consumer.member()?.memberEpoch ?? 0 });
      }
    });
    const drop = ({ payload }: { payload: { partitions: TopicPartitions[] } }) => {
      for (const p of payload.partitions.find((t) => t.topic === host.topic)?.partitions ?? []) this.owned.delete(p);
    };
    this.consumer.on(CONSUMER_EVENTS.PARTITIONS_REVOKED, drop);
    this.consumer.on(CONSUMER_EVENTS.PARTITIONS_LOST, drop);
  }

  start(): void {
    const threshold = 2 + this.ctx.rng.int(7);
    this.running = (async () => {
      await this.consumer.subscribe({ topics: [this.host.topic], fromBeginning: true });
      if (this.ended) return;
      await this.consumer.run({ eachBatch: (payload) => this.deliver(payload), autoCommitInterval: 300, autoCommitThreshold: threshold });
    })().catch(() => undefined);
  }

  async leave(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.stopping = this.consumer.stop();
    await this.stopped();
  }

  kill(): OwedCommit | undefined {
    if (this.ended) return undefined;
    this.ended = true;
    this.alive = false;
    const member = this.consumer.member();
    const offsets: Record<string, number> = {};
    // Only where it got to in this ownership: an older committed offset would move the group back.
    for (const [p, own] of this.owned) if (own.next !== undefined) offsets[p] = own.next;
    this.stopping = this.consumer.stop();
    return member && member.memberEpoch > 0 && Object.keys(offsets).length > 0 ? { member: member.memberId, memberEpoch: member.memberEpoch, offsets } : undefined;
  }

  async zombieCommit(owed: OwedCommit): Promise<void> {
    const groups = new RecordingGroups(this.host.plainClient().transport, { recorder: this.ctx.recorder, process: this.process, topic: this.host.topic, zombie: true });
    const offsets = Object.entries(owed.offsets).map(([p, offset]) => ({ topic: this.host.topic, partition: Number(p), offset }));
    await groups.commitOffsets(this.ctx.settings.groupId, { memberId: owed.member, memberEpoch: owed.memberEpoch }, offsets).catch(() => undefined);
  }

  async stopped(): Promise<void> {
    await this.running;
    await this.stopping.catch(() => undefined);
  }

  private async deliver({ batch }: EachBatchPayload): Promise<void> {
    const { recorder } = this.ctx;
    const own = this.owned.get(batch.partition);
    if (!own || batch.messages.length === 0) return;
    const records: Array<[number, string]> = batch.messages.map((m) => [m.offset, m.value?.toString('utf8') ?? '']);
    const from = own.next ?? this.starts.get(batch.partition) ?? records[0]![0];
    const member = this.consumer.member()?.memberId ?? '';
    const t = recorder.now();
    recorder.record({
      type: 'poll', process: this.process, invokeTime: t, completeTime: t, outcome: 'ok', partition: batch.partition, from, records,
      group: { member, memberEpoch: own.memberEpoch, ownership: own.ownership },
    });
    own.next = records.at(-1)![0] + 1;
  }
}
