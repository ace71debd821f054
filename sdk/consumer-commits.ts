/**
 * The consumer's offset commits, one at a time: two commits in flight could land out of order
 * and move a partition's offset back. A partition whose commit is fenced (its lease is gone) is
 * reported lost, so that the consumer stops processing it at once.
 */
import type { AutoCommitPolicy, PartitionState, PartitionTable } from './consumer-partitions.ts';
import { CONSUMER_EVENTS, type ConsumerEventName } from './consumer-types.ts';
import { SluiceApiError } from './errors.ts';
import type { TopicPartitionOffset } from './group-types.ts';
import type { Groups } from './groups.ts';

export interface CommitterDeps {
  groups: Groups;
  groupId: string;
  table: PartitionTable;
  policy: AutoCommitPolicy;
  member(): { memberId: string; memberEpoch: number };
  lost(states: PartitionState[]): void;
  emit(type: ConsumerEventName, payload: Record<string, unknown>): void;
}

const MAX_OFFSETS_PER_COMMIT = 1_000;

export class Committer {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CommitterDeps) {}

  /** Commits what was processed and not committed (of `states`, or of every owned partition). */
  commitProcessed(states?: PartitionState[]): Promise<void> {
    return this.enqueue(() => this.deps.table.uncommitted(states));
  }

  /** Commits the given offsets (next offset to consume). */
  commit(offsets: TopicPartitionOffset[]): Promise<void> {
    return this.enqueue(() => offsets);
  }

  private enqueue(what: () => TopicPartitionOffset[]): Promise<void> {
    const run = this.chain.then(() => this.send(what()));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async send(offsets: TopicPartitionOffset[]): Promise<void> {
    const member = this.deps.member();
    if (offsets.length === 0 || member.memberEpoch === 0) return;
    const { table, groupId } = this.deps;
    try {
      // The service takes at most 1,000 offsets a request.
      for (let i = 0; i < offsets.length; i += MAX_OFFSETS_PER_COMMIT) {
        const chunk = offsets.slice(i, i + MAX_OFFSETS_PER_COMMIT);
        await this.deps.groups.commitOffsets(groupId, member, chunk);
        this.settle(chunk);
      }
    } catch (e) {
      if (!(e instanceof SluiceApiError) || e.code !== 'FENCED_LEASE') throw e;
      const committed = (e.details.committed ?? []) as TopicPartitionOffset[];
      const failed = (e.details.failed ?? []) as { topic: string; partition: number }[];
      this.settle(committed);
      const lost = failed.map((f) => table.get(f.topic, f.partition)).filter((s): s is PartitionState => s !== undefined);
      if (lost.length) this.deps.lost(lost);
    }
  }

  private settle(offsets: TopicPartitionOffset[]): void {
    if (offsets.length === 0) return;
    for (const o of offsets) {
      const state = this.deps.table.get(o.topic, o.partition);
      if (state) state.committed = o.offset;
    }
    this.deps.policy.committed();
    const member = this.deps.member();
    this.deps.emit(CONSUMER_EVENTS.COMMIT_OFFSETS, { groupId: this.deps.groupId, ...member, topics: byTopic(offsets) });
  }
}

function byTopic(offsets: TopicPartitionOffset[]) {
  const topics = new Map<string, { partition: number; offset: number }[]>();
  for (const o of offsets) topics.set(o.topic, [...(topics.get(o.topic) ?? []), { partition: o.partition, offset: o.offset }]);
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}
