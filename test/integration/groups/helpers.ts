import { randomUUID } from 'node:crypto';
import type { Engine } from '../../../shared/log/engine.ts';
import { createGroupCoordinator, type GroupCoordinator, type GroupCoordinatorOptions } from '../../../shared/groups/coordinator.ts';
import type { HeartbeatResponse } from '../../../shared/groups/heartbeat.ts';
import type { TopicPartitions } from '../../../shared/groups/partition-set.ts';
import { uniqueName } from '../../support/env.ts';
import { realEngine } from '../log/helpers.ts';

/** Short timeouts, so that expiry shows within a test: 3 s sessions, a heartbeat every 300 ms. */
export const FAST = { 'session.timeout.ms': 3_000, 'heartbeat.interval.ms': 300, 'rebalance.timeout.ms': 4_000 } as const;

/** A coordinator over a fresh engine on the emulators, as one warm groups function would have. */
export function realGroups(opts: GroupCoordinatorOptions = {}): { engine: Engine; groups: GroupCoordinator } {
  const engine = realEngine();
  return { engine, groups: createGroupCoordinator(engine, { topicCacheMs: 0, ...opts }) };
}

export async function newTopic(engine: Engine, partitions: number, prefix = 'grp'): Promise<string> {
  const name = uniqueName(prefix);
  await engine.topics.create({ name, partitions });
  return name;
}

/**
 * A member that speaks the protocol directly: it owns what the last answer assigned, so it
 * acknowledges every revocation on its next heartbeat (unless told to hold on to its partitions).
 */
export class SimMember {
  /** Chosen by the client, as the SDK does, so that a retried join is the same member. */
  memberId: string = randomUUID();
  epoch = 0;
  owned: TopicPartitions[] = [];
  last: HeartbeatResponse | undefined;
  /** When set, the member keeps reporting these as owned (it does not revoke). */
  stubborn = false;

  constructor(
    private readonly groups: GroupCoordinator,
    readonly groupId: string,
    private readonly subscription: { topics?: string[]; pattern?: string },
    private readonly groupConfigs: Record<string, number | string> = FAST,
  ) {}

  async beat(): Promise<HeartbeatResponse> {
    const res = await this.groups.heartbeat(this.groupId, {
      memberId: this.memberId,
      memberEpoch: this.epoch,
      ...(this.epoch === 0 ? { subscription: this.subscription, groupConfigs: this.groupConfigs } : {}),
      ownedPartitions: this.owned,
    });
    this.memberId = res.memberId;
    this.epoch = res.memberEpoch;
    if (!this.stubborn) this.owned = res.assignment;
    this.last = res;
    return res;
  }

  count(): number {
    return this.owned.reduce((n, t) => n + t.partitions.length, 0);
  }

  keys(): string[] {
    return this.owned.flatMap((t) => t.partitions.map((p) => `${t.topic}:${p}`));
  }
}

/** Heartbeats every member in turn until `done()` holds, or throws after `rounds`. */
export async function beatUntil(members: SimMember[], done: () => boolean, rounds = 20): Promise<number> {
  for (let round = 1; round <= rounds; round++) {
    for (const m of members) await m.beat();
    if (done()) return round;
  }
  throw new Error(`not converged after ${rounds} rounds: ${members.map((m) => `${m.memberId}@${m.epoch}=${m.keys().join(',')}`).join(' | ')}`);
}

/** Every member at the same epoch, the partitions split with loads differing by at most one, none twice. */
export function converged(members: SimMember[], total: number): boolean {
  const keys = members.flatMap((m) => m.keys());
  const counts = members.map((m) => m.count());
  return (
    new Set(keys).size === total &&
    keys.length === total &&
    Math.max(...counts) - Math.min(...counts) <= 1 &&
    members.every((m) => m.last?.pending.length === 0 && m.epoch === members[0]!.epoch)
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
